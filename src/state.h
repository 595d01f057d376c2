/*
 * state.h: the shared state file behind the limits.  One fixed-size file
 * (state_file), created on first use with mode 0600, mapped shared by
 * every runbox process and changed only under an exclusive lock held for
 * microseconds (never across a Docker call).  See docs/admission.md.
 *
 * Layout (native byte order; the file never leaves the host):
 *	struct state_header
 *	struct state_rate[STATE_RATE_SLOTS]	per-client token buckets (GCRA)
 *	struct state_run[STATE_RUN_SLOTS]	containers running now
 *	struct state_pool[STATE_POOL_SLOTS]	pre-started containers (pool.c)
 */
#ifndef RUNBOX_STATE_H
#define RUNBOX_STATE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define STATE_MAGIC		"RUNBOXST"
#define STATE_VERSION		3
#define STATE_KEY_MAX		64	/* client unit: "ip:...", "name:..." */
#define STATE_RATE_SLOTS	4096
#define STATE_RATE_PROBE	64	/* slots looked at for one key */
#define STATE_RUN_SLOTS		1024	/* so max_running <= 1024 */
#define STATE_POOL_SLOTS	1024	/* e.g. 16 languages x pool_size 64 */
#define STATE_BOOT_ID_MAX	40
#define STATE_POOL_NAME_MAX	48	/* container name */
#define STATE_POOL_IMAGE_MAX	80	/* "sha256:" and 64 hex digits */
#define STATE_POOL_LANG_MAX	32	/* CONFIG_NAME_MAX */
#define STATE_INVOCATION_MAX	40	/* systemd's INVOCATION_ID: 32 hex */
#define STATE_LOCK_MS		1000	/* longest wait for the lock (fail closed) */

struct state_header {
	char		magic[8];	/* STATE_MAGIC, written last on build */
	uint32_t	version;
	uint32_t	rate_slots;
	uint32_t	run_slots;
	uint32_t	key_max;
	uint32_t	pool_slots;
	uint32_t	pad;
	char		boot_id[STATE_BOOT_ID_MAX];	/* CLOCK_BOOTTIME's boot */
	uint64_t	builds;		/* times the file was (re)built */
	uint64_t	salt;		/* random per build: keys the slot hash,
					   so clients cannot aim at a slot */
};

struct state_rate {
	char		key[STATE_KEY_MAX];	/* "" = free */
	int64_t		tat;		/* GCRA theoretical arrival, ns */
};

struct state_run {
	char		key[STATE_KEY_MAX];
	int32_t		pid;		/* 0 = free */
	uint32_t	pad;
	uint64_t	start;		/* the process's start time (ticks) */
};

/* A pool slot's life: free, starting, ready, claimed, free again. */
#define STATE_POOL_FREE		0
#define STATE_POOL_STARTING	1	/* being created by pid */
#define STATE_POOL_READY	2	/* started, waiting for its one program */
#define STATE_POOL_CLAIMED	3	/* pid runs in it or removes it */

struct state_pool {
	uint32_t	state;		/* STATE_POOL_*; FREE = all zero */
	int32_t		pid;		/* owner while STARTING or CLAIMED */
	uint64_t	start;		/* the owner's start time (ticks) */
	int64_t		expires;	/* CLOCK_BOOTTIME ns: stale after */
	uint64_t	config;		/* hash of the container policy */
	char		language[STATE_POOL_LANG_MAX];
	char		image[STATE_POOL_IMAGE_MAX];	/* image id at create */
	char		name[STATE_POOL_NAME_MAX];	/* container name */
	char		invocation[STATE_INVOCATION_MAX];	/* owner's */
};

struct state {
	int			 fd;
	void			*map;
	size_t			 size;
	struct state_header	*hdr;
	struct state_rate	*rate;
	struct state_run	*run;
	struct state_pool	*pool;
	int			 locked;
	/* Why the last state_lock rebuilt the file, or "" (for the log). */
	char			 rebuilt[128];
};

/*
 * Open (creating with mode 0600 if missing) and map the file at path.
 * Refuses a file that is not a regular file owned by the effective user,
 * or that group or others may access.  Any number of processes may race
 * to create it.  -1 with ERR_INTERNAL.
 */
int	state_open(struct state *, const char *path, struct err *);

/*
 * Take the exclusive lock, waiting at most timeout_ms (then -1 with
 * ERR_BUSY: fail closed).  Under the lock the header is checked: a file of
 * the wrong size, magic, version or geometry, or from another boot, is
 * rebuilt empty and st->rebuilt says why.  -1 with ERR_INTERNAL on I/O
 * errors.
 */
int	state_lock(struct state *, int timeout_ms, struct err *);
void	state_unlock(struct state *);
void	state_close(struct state *);

/*
 * Check every slot of a locked file: keys NUL-terminated, free slots
 * zeroed, pids positive.  Returns 0 when valid, -1 with a message (used by
 * tests and --doctor).
 */
int	state_check(const struct state *, struct err *);

/* CLOCK_BOOTTIME in nanoseconds. */
int64_t	state_now(void);

/* The start time (field 22 of /proc/PID/stat) of pid, or 0 when gone. */
uint64_t state_proc_start(pid_t);

/*
 * Is the process (pid, start) gone: no such pid, a pid with another start
 * time (reused), or a zombie?  How the run and pool slots and runbox
 * --reap judge their owners.  Only meaningful in the pid namespace and
 * boot start was read in, for a process this user may see in /proc.
 */
int	state_proc_gone(pid_t, uint64_t start);

/*
 * This boot's id (/proc/sys/kernel/random/boot_id), read once per
 * process: *id points to static storage.  -1 with ERR_INTERNAL when it
 * cannot be read.
 */
int	state_boot_id(const char **id, struct err *);

#endif
