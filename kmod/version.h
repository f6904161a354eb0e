/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef IRQWATCH_VERSION_H
#define IRQWATCH_VERSION_H

#define IRQWATCH_VERSION "0.1.0"

#endif
