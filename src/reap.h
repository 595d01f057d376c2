/*
 * reap.h: removing what runbox processes left behind: containers past
 * the deadline in their `runbox` label or whose owner process (their
 * `runbox.owner` label) is gone (a process killed before it could remove
 * its own), or the one container of a systemd invocation.
 */
#ifndef RUNBOX_REAP_H
#define RUNBOX_REAP_H

#include <sys/types.h>

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "docker.h"
#include "err.h"
#include "state.h"

#define REAP_LABEL		"runbox"
#define REAP_OWNER_LABEL	"runbox.owner"
#define REAP_OWNER_MAX		96	/* BOOT:PIDNS:PID:START, NUL */

struct reap_count {
	unsigned int	seen;		/* runbox-labelled containers */
	unsigned int	removed;
	unsigned int	failed;
	unsigned int	gone;		/* of removed: owner gone, deadline ahead */
};

/*
 * The runbox process that made a container for a request, as its
 * runbox.owner label says: "BOOT:PIDNS:PID:START", this boot's id
 * (/proc/sys/kernel/random/boot_id), the inode of the process's pid
 * namespace (/proc/self/ns/pid), its pid and its start time
 * (state_proc_start).  The pid and start time mean something only in
 * that boot and pid namespace.
 */
struct reap_owner {
	char		boot[STATE_BOOT_ID_MAX];
	uint64_t	pidns;
	pid_t		pid;
	uint64_t	start;
};

/* What the reaper makes of a container's owner. */
enum reap_verdict {
	REAP_OWNER_ALIVE,	/* or not to be told: the deadline rules */
	REAP_OWNER_FOREIGN,	/* another boot or pid namespace: not judged */
	REAP_OWNER_GONE		/* exited, killed, or its pid reused */
};

/*
 * This process as an owner.  Returns 0, or -1 with ERR_INTERNAL when
 * /proc does not tell its boot, pid namespace or start time (then its
 * container carries no owner label and only its deadline applies).
 */
int	reap_owner_self(struct reap_owner *, struct err *);

/* The label's value into out (len bytes).  -1 when it does not fit. */
int	reap_owner_format(const struct reap_owner *, char *out, size_t len);

/*
 * This process's runbox.owner value (reap_owner_self, reap_owner_format)
 * into out, for the containers it creates.  -1 when it cannot be told.
 */
int	reap_owner_label(char *out, size_t len);

/*
 * Parse a runbox.owner value.  Returns 0, or -1 for anything but the
 * exact form reap_owner_format writes (such a label is not trusted).
 */
int	reap_owner_parse(const char *, struct reap_owner *);

/*
 * Judge owner from the reaper self (reap_owner_self): FOREIGN when they
 * differ in boot or pid namespace, GONE when state_proc_gone says so of
 * a pid this user may see, ALIVE otherwise.
 */
enum reap_verdict reap_owner_judge(const struct reap_owner *owner,
	    const struct reap_owner *self);

/*
 * Remove the container (id or name) with d and count it into n as
 * removed or failed.  Returns 0 when it is gone.
 */
int	reap_one(struct docker *, const char *container, struct reap_count *);

/*
 * Remove every container labelled runbox whose label (epoch seconds) is
 * before now, or whose runbox.owner reap_owner_judge finds GONE from
 * this process.  Containers without the label, or with a label that is
 * not a number, are never touched; containers within their deadline whose
 * owner is alive, not to be judged from here, or not named (pool
 * containers) are left to their process, so reaping is safe while
 * serving.  Returns 0 (see *count), or -1 with ERR_UNAVAILABLE when the
 * engine cannot be asked.
 */
int	reap_expired(const struct config *, time_t now, struct reap_count *,
	    struct err *);

/*
 * Remove the container named name (see sandbox_invocation_name) if it
 * exists and carries the runbox label, whatever its deadline.  Returns 0
 * (*removed 0 or 1), or -1.
 */
int	reap_named(const struct config *, const char *name, int *removed,
	    struct err *);

#endif
