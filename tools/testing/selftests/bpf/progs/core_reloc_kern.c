// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * CO-RE against the running kernel's BTF, for prog_tests/core_reloc.c.
 * Built against the build host's vmlinux.h, run on any kernel from 5.10:
 * the loader rewrites field offsets, existence checks, type ids and sizes
 * and enum values for the kernel the program loads on.
 *
 * task_struct::state became __state in 5.14: each kernel has exactly one
 * of the two, and the read of the one it lacks is poisoned dead code.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char _license[] SEC("license") = "GPL";

/* the pre-5.14 layout, as a flavor of task_struct */
struct task_struct___pre514 {
	volatile long state;
} __attribute__((preserve_access_index));

/* a field and a type no kernel has */
struct task_struct___fake {
	int core_no_such_field;
} __attribute__((preserve_access_index));

struct core_no_such_type {
	int x;
};

enum core_no_such_enum {
	CORE_NO_SUCH_VALUE = 1,
};

__u64 pid, tgid, pid_off, pid_size;
__u64 has_state, has_dunder_state, state_val;
__u64 has_fake_field, has_fake_type, fake_enum_exists;
__u64 task_id, task_size, task_exists;
__u64 array_map_type, loop_exists;
__u64 comm0, reset_on_fork;

SEC("raw_tp/sys_enter")
int core_kern(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct task_struct___pre514 *old = (void *)task;
	struct task_struct___fake *fake = (void *)task;

	pid = BPF_CORE_READ(task, pid);
	tgid = BPF_CORE_READ(task, tgid);
	pid_off = bpf_core_field_offset(struct task_struct, pid);
	pid_size = bpf_core_field_size(task->pid);
	comm0 = BPF_CORE_READ(task, comm[0]);

	has_state = bpf_core_field_exists(old->state);
	has_dunder_state = bpf_core_field_exists(task->__state);
	if (bpf_core_field_exists(old->state))
		state_val = BPF_CORE_READ(old, state);
	else
		state_val = BPF_CORE_READ(task, __state);

	has_fake_field = bpf_core_field_exists(fake->core_no_such_field);
	has_fake_type = bpf_core_type_exists(struct core_no_such_type);
	fake_enum_exists = bpf_core_enum_value_exists(enum core_no_such_enum,
						      CORE_NO_SUCH_VALUE);

	task_id = bpf_core_type_id_kernel(struct task_struct);
	task_size = bpf_core_type_size(struct task_struct);
	task_exists = bpf_core_type_exists(struct task_struct);

	array_map_type = bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_ARRAY);
	loop_exists = bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_loop);

	/* a 1-bit bitfield: 0 for a task that never asked for it */
	reset_on_fork = BPF_CORE_READ_BITFIELD_PROBED(task, sched_reset_on_fork);
	return 0;
}

__u64 cast_pid;

/* direct loads through a CO-RE cast need the bpf_rdonly_cast kfunc (6.2) */
SEC("?raw_tp/sys_enter")
int core_cast(void *ctx)
{
	struct task_struct *task = bpf_core_cast((void *)bpf_get_current_task(),
						 struct task_struct);

	cast_pid = task->pid;
	return 0;
}
