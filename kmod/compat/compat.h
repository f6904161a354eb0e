/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel version differences live. Kbuild.include probes
 * the target headers and defines IRQW_HAVE_*; everything here fills a gap so
 * that the rest of the module reads as code for the newest kernel.
 */
#ifndef IRQWATCH_COMPAT_H
#define IRQWATCH_COMPAT_H

/* nla_strlcpy() was renamed nla_strscpy() in 5.11. */
#ifndef IRQW_HAVE_NLA_STRSCPY
#define nla_strscpy nla_strlcpy
#endif

#endif /* IRQWATCH_COMPAT_H */
