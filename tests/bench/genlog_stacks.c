// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The stacks of genlog's events: real kernel function names (x86-64, 6.x),
 * "+0xOFF/0xSIZE" made up from a hash of the name (the same function always
 * has the same size), a few culprits in modules. A culprit is one to four
 * functions that hold interrupts off, the call path that leads to them, and
 * for its end stack the plumbing where interrupts came back on.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genlog.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Functions seen holding interrupts or bottom halves off on real servers. */
static const char *const culprit_funcs[] = {
	"get_slabinfo", "__kmem_cache_do_shrink", "show_slab_objects",
	"validate_slab_cache", "count_partial", "free_pcppages_bulk",
	"drain_pages_zone", "drain_local_pages", "__drain_all_pages",
	"free_unref_page_list", "release_pages", "__pagevec_lru_add",
	"isolate_lru_folios", "shrink_inactive_list", "shrink_lruvec",
	"shrink_node", "balance_pgdat", "compact_zone", "isolate_migratepages_block",
	"move_freepages_block", "rmqueue_bulk", "get_page_from_freelist",
	"__alloc_pages", "clear_page_erms", "memset_orig", "copy_page",
	"__mod_memcg_lruvec_state", "mem_cgroup_css_rstat_flush",
	"cgroup_rstat_flush_locked", "css_rstat_flush", "__lru_add_drain_all",
	"vmstat_update", "refresh_cpu_vm_stats", "kmem_cache_free_bulk",
	"__slab_free", "deactivate_slab", "unfreeze_partials", "flush_cpu_slab",
	"kfree_rcu_monitor", "rcu_do_batch", "rcu_core", "sync_rcu_exp_select_cpus",
	"smp_call_function_many_cond", "on_each_cpu_cond_mask", "flush_tlb_func",
	"native_flush_tlb_one_user", "text_poke_bp_batch", "stop_machine_cpuslocked",
	"multi_cpu_stop", "console_unlock", "serial8250_console_write",
	"vt_console_print", "wait_for_xmitr", "printk_deferred", "vprintk_emit",
	"tty_flip_buffer_push", "n_tty_receive_buf_common", "ext4_es_scan",
	"__es_shrink", "d_walk", "shrink_dcache_parent", "prune_icache_sb",
	"list_lru_walk_one", "evict_inodes", "xfs_log_force_seq", "jbd2_journal_commit_transaction",
	"blk_mq_run_hw_queue", "blk_mq_dispatch_rq_list", "nvme_queue_rq",
	"nvme_process_cq", "scsi_end_request", "ata_scsi_queuecmd",
	"ahci_handle_port_intr", "tcp_ack", "tcp_clean_rtx_queue", "tcp_v4_rcv",
	"__tcp_transmit_skb", "tcp_write_xmit", "ip_finish_output2",
	"__dev_queue_xmit", "sch_direct_xmit", "dev_hard_start_xmit",
	"__qdisc_run", "net_tx_action", "process_backlog", "__netif_receive_skb_core",
	"netif_receive_skb_list_internal", "napi_gro_receive", "gro_normal_list",
	"nf_hook_slow", "nf_conntrack_in", "ipt_do_table", "nft_do_chain",
	"__nf_conntrack_find_get", "inet_frag_find", "fib_table_lookup",
	"neigh_periodic_work", "neigh_flush_dev", "rt6_age_exceptions",
	"fib6_clean_tree", "__hrtimer_run_queues", "tick_sched_handle",
	"update_process_times", "scheduler_tick", "task_tick_fair",
	"update_blocked_averages", "load_balance", "rebalance_domains",
	"sched_balance_rq", "__schedule", "try_to_wake_up", "ttwu_do_activate",
	"enqueue_task_fair", "psi_group_change", "psi_task_switch",
	"timekeeping_advance", "clocksource_watchdog", "acpi_os_execute_deferred",
	"acpi_ev_sci_xrupt_handler", "acpi_ps_parse_loop", "pci_conf1_read",
	"pci_read_config_dword", "kvm_arch_vcpu_ioctl_run", "vmx_vcpu_run",
	"kvm_mmu_zap_all", "kvm_mmu_page_fault", "ept_sync_context",
	"perf_event_task_tick", "perf_rotate_context", "ctx_resched",
	"kallsyms_lookup_name", "module_kallsyms_on_each_symbol", "ftrace_modify_all_code",
	"ring_buffer_resize", "tracing_reset_online_cpus", "bpf_prog_run",
	"htab_map_update_elem", "htab_lru_map_delete_node", "sock_hash_delete_elem",
	"audit_log_end", "kauditd_printk_skb", "selinux_file_permission",
	"avc_has_perm", "security_sid_to_context_core", "key_gc_unused_keys",
	"__wake_up_common", "ep_poll_callback", "pipe_write", "unix_stream_sendmsg",
	"io_submit_sqes", "io_cqring_wait", "__io_run_local_work",
};

/* Module frames: "func+0x../0x.. [mod]". */
static const char *const module_funcs[] = {
	"mlx5e_napi_poll [mlx5_core]", "mlx5e_poll_rx_cq [mlx5_core]",
	"mlx5_eq_comp_int [mlx5_core]", "ixgbe_poll [ixgbe]",
	"ixgbe_clean_rx_irq [ixgbe]", "i40e_napi_poll [i40e]",
	"bnxt_poll [bnxt_en]", "nv_ioctl [nvidia]", "_nv012345rm [nvidia]",
	"os_io_read_dword [nvidia]", "zio_done [zfs]", "arc_evict_state [zfs]",
	"dbuf_evict_one [zfs]", "spa_sync [zfs]", "btrfs_commit_transaction [btrfs]",
	"ceph_handle_caps [ceph]", "nfs_commit_release_pages [nfs]",
	"megasas_isr_fusion [megaraid_sas]", "qla2x00_process_response_queue [qla2xxx]",
	"hpsa_intx_discard_completions [hpsa]", "vmw_pvscsi_isr [vmw_pvscsi]",
	"virtnet_poll [virtio_net]", "vring_interrupt [virtio_ring]",
	"wg_packet_rx_poll [wireguard]", "nf_nat_inet_fn [nf_nat]",
};

/* Where interrupts come back on: the end stack's innermost frames. */
static const char *const reenable[][2] = {
	{ "_raw_spin_unlock_irqrestore", NULL },
	{ "_raw_spin_unlock_irq", NULL },
	{ "_raw_write_unlock_irqrestore", NULL },
	{ "__local_bh_enable_ip", NULL },
	{ "asm_sysvec_apic_timer_interrupt", "sysvec_apic_timer_interrupt" },
	{ "asm_common_interrupt", "common_interrupt" },
	{ "native_irq_enable", "_raw_spin_unlock_irq" },
};

/* What the CPU was doing in the window, innermost. */
static const char *const in_window[] = {
	"__list_del_entry_valid", "delay_tsc", "memset_orig", "clear_page_erms",
	"native_queued_spin_lock_slowpath", "_raw_spin_lock",
	"__raw_callee_save___pv_queued_spin_unlock",
	"smp_call_function_many_cond", "io_serial_in", "__rb_erase_color",
	"rb_next", "xas_find", "__mod_zone_page_state", "page_counter_cancel",
	NULL, NULL, NULL, NULL,	/* often the culprit itself */
};

/* The call paths that lead to the culprits, outermost last. */
static const char *const paths[GEN_KINDS][4][8] = {
	[GEN_SYSCALL] = {
		{ "seq_read_iter", "proc_reg_read_iter", "vfs_read", "ksys_read",
		  "do_syscall_64", "entry_SYSCALL_64_after_hwframe" },
		{ "kernfs_fop_write_iter", "vfs_write", "ksys_write",
		  "do_syscall_64", "entry_SYSCALL_64_after_hwframe" },
		{ "do_madvise", "__x64_sys_madvise", "do_syscall_64",
		  "entry_SYSCALL_64_after_hwframe" },
		{ "handle_mm_fault", "do_user_addr_fault", "exc_page_fault",
		  "asm_exc_page_fault" },
	},
	[GEN_WORKER] = {
		{ "process_one_work", "worker_thread", "kthread", "ret_from_fork",
		  "ret_from_fork_asm" },
		{ "kswapd", "kthread", "ret_from_fork", "ret_from_fork_asm" },
		{ "kcompactd", "kthread", "ret_from_fork", "ret_from_fork_asm" },
		{ "smpboot_thread_fn", "kthread", "ret_from_fork", "ret_from_fork_asm" },
	},
	[GEN_SOFTIRQ] = {
		{ "net_rx_action", "handle_softirqs", "__irq_exit_rcu",
		  "common_interrupt", "asm_common_interrupt" },
		{ "run_timer_softirq", "handle_softirqs", "__irq_exit_rcu",
		  "sysvec_apic_timer_interrupt", "asm_sysvec_apic_timer_interrupt" },
		{ "tasklet_action_common", "handle_softirqs", "run_ksoftirqd",
		  "smpboot_thread_fn", "kthread", "ret_from_fork" },
		{ "rcu_core_si", "handle_softirqs", "__irq_exit_rcu",
		  "sysvec_apic_timer_interrupt", "asm_sysvec_apic_timer_interrupt" },
	},
	[GEN_IDLE] = {
		{ "default_idle", "default_idle_call", "do_idle", "cpu_startup_entry",
		  "start_secondary", "secondary_startup_64_no_verify" },
		{ "acpi_idle_enter", "cpuidle_enter_state", "cpuidle_enter",
		  "do_idle", "cpu_startup_entry", "start_secondary",
		  "secondary_startup_64_no_verify" },
		{ "mwait_idle_with_hints", "intel_idle", "cpuidle_enter_state",
		  "cpuidle_enter", "do_idle", "cpu_startup_entry", "rest_init" },
		{ "default_idle", "default_idle_call", "do_idle", "cpu_startup_entry",
		  "rest_init", "arch_call_rest_init", "start_kernel" },
	},
};

static const char *const comms[] = {
	"postgres", "java", "nginx", "mysqld", "redis-server", "python3",
	"node", "envoy", "containerd", "kubelet", "dockerd", "etcd", "sshd",
	"systemd-journal", "rsyslogd", "haproxy", "chronyd", "cat", "ps", "top",
	"node_exporter", "prometheus", "Chrome_IOThread", "DB Writer",
	"kswapd0", "kcompactd0", "khugepaged", "jbd2/nvme0n1p2-8", "xfsaild/dm-0",
};

/* Interned frame strings: every frame string lives until gen_stacks_free(). */
#define INTERN_SIZE	65536
static char *interned[INTERN_SIZE];
static struct gen_culprit *culprits;
static size_t nr_culprits;

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* "func+0xOFF/0xSIZE" (" [mod]" kept at the end); variant picks the offset. */
static const char *frame(const char *func, unsigned int variant)
{
	char name[128], buf[192];
	const char *mod = strchr(func, ' ');
	uint64_t h = hash(func), slot;
	unsigned int size, off;
	size_t len = mod ? (size_t)(mod - func) : strlen(func);

	snprintf(name, sizeof(name), "%.*s", (int)len, func);
	size = 0x40 + (unsigned int)(h % 0x7c0);
	size &= ~0xfU;
	off = (unsigned int)((h >> 20) * (variant + 1) % (size - 8)) + 4;
	snprintf(buf, sizeof(buf), "%s+0x%x/0x%x%s", name, off, size,
		 mod ? mod : "");
	for (slot = hash(buf) % INTERN_SIZE; interned[slot];
	     slot = (slot + 1) % INTERN_SIZE)
		if (!strcmp(interned[slot], buf))
			return interned[slot];
	interned[slot] = strdup(buf);
	if (!interned[slot]) {
		perror("genlog");
		exit(1);
	}
	return interned[slot];
}

static void push(struct gen_stack *s, const char *func, unsigned int variant)
{
	if (func && s->nr < GEN_FRAMES_MAX)
		s->frames[s->nr++] = frame(func, variant);
}

static void push_path(struct gen_stack *s, const char *const *path)
{
	size_t i;

	for (i = 0; i < 8 && path[i]; i++)
		push(s, path[i], 0);
}

static const char *pick_func(struct rng *r)
{
	if (rng_below(r, 10) == 0)
		return module_funcs[rng_below(r, ARRAY_SIZE(module_funcs))];
	return culprit_funcs[rng_below(r, ARRAY_SIZE(culprit_funcs))];
}

int gen_stacks_init(struct rng *r, size_t n)
{
	size_t i, j, depth;
	const char *funcs[4], *inner;
	const char *const *path;
	unsigned int re;

	culprits = calloc(n, sizeof(*culprits));
	if (!culprits)
		return -ENOMEM;
	nr_culprits = n;
	for (i = 0; i < n; i++) {
		struct gen_culprit *c = &culprits[i];

		c->kind = (enum gen_kind)(i % 7 < 3 ? GEN_SYSCALL : i % 7 < 5 ?
					  GEN_WORKER : i % 7 < 6 ? GEN_SOFTIRQ : GEN_IDLE);
		depth = 1 + rng_below(r, 4);
		for (j = 0; j < depth; j++)
			funcs[j] = pick_func(r);
		path = paths[c->kind][rng_below(r, 4)];
		re = rng_below(r, ARRAY_SIZE(reenable));
		push(&c->end, reenable[re][0], 0);
		push(&c->end, reenable[re][1], 0);
		for (j = 0; j < depth; j++)
			push(&c->end, funcs[j], 1);
		push_path(&c->end, path);
		inner = in_window[rng_below(r, ARRAY_SIZE(in_window))];
		push(&c->in, inner, rng_below(r, 3));
		for (j = 0; j < depth; j++)
			push(&c->in, funcs[j], 2);
		push_path(&c->in, path);
		c->comm = c->kind == GEN_IDLE ? "swapper/0" : c->kind == GEN_WORKER ?
			  "kworker/u64:2" : comms[rng_below(r, ARRAY_SIZE(comms))];
	}
	return 0;
}

const struct gen_culprit *gen_culprit(size_t i)
{
	return &culprits[i % nr_culprits];
}

void gen_stacks_free(void)
{
	size_t i;

	for (i = 0; i < INTERN_SIZE; i++) {
		free(interned[i]);
		interned[i] = NULL;
	}
	free(culprits);
	culprits = NULL;
}

void gen_latency_stack(struct rng *r, struct gen_stack *s)
{
	s->nr = 0;
	push(s, "__traceiter_softirq_exit", 0);
	push(s, "handle_softirqs", 0);
	if (rng_below(r, 3)) {
		push(s, "__irq_exit_rcu", 0);
		push(s, "sysvec_apic_timer_interrupt", 0);
		push(s, "asm_sysvec_apic_timer_interrupt", 0);
		push_path(s, paths[GEN_IDLE][rng_below(r, 4)]);
	} else {
		push(s, "run_ksoftirqd", 0);
		push(s, "smpboot_thread_fn", 0);
		push(s, "kthread", 0);
		push(s, "ret_from_fork", 0);
	}
}

void gen_stall_stack(struct rng *r, const char *probe, struct gen_stack *s)
{
	s->nr = 0;
	if (!strcmp(probe, "get_slabinfo")) {
		push(s, "slab_show", 0);
		push(s, "seq_read_iter", 0);
		push(s, "proc_reg_read_iter", 0);
		push(s, "vfs_read", 0);
		push(s, "ksys_read", 0);
	} else if (!strcmp(probe, "show_slab_objects")) {
		push(s, "partial_show", 0);
		push(s, "slab_attr_show", 0);
		push(s, "sysfs_kf_seq_show", 0);
		push(s, "seq_read_iter", 0);
		push(s, "vfs_read", 0);
		push(s, "ksys_read", 0);
	} else {
		push(s, "kmem_cache_shrink", 0);
		push(s, "shrink_store", 0);
		push(s, "kernfs_fop_write_iter", 0);
		push(s, "vfs_write", 0);
		push(s, "ksys_write", 0);
	}
	push(s, "do_syscall_64", rng_below(r, 2));
	push(s, "entry_SYSCALL_64_after_hwframe", 0);
}

const char *gen_comm(struct rng *r, uint32_t cpu)
{
	static char kworkers[64][24];
	size_t i = cpu % 64;

	if (rng_below(r, 4))
		return comms[rng_below(r, ARRAY_SIZE(comms))];
	if (!kworkers[i][0])
		snprintf(kworkers[i], sizeof(kworkers[i]), "kworker/%zu:1H", i);
	return kworkers[i];
}
