/*
 * reap.h: removing what runbox processes left behind: containers past
 * the deadline in their `runbox` label (a process killed before it could
 * remove its own), or the one container of a systemd invocation.
 */
#ifndef RUNBOX_REAP_H
#define RUNBOX_REAP_H

#include <time.h>

#include "config.h"
#include "docker.h"
#include "err.h"

#define REAP_LABEL	"runbox"

struct reap_count {
	unsigned int	seen;		/* runbox-labelled containers */
	unsigned int	removed;
	unsigned int	failed;
};

/*
 * Remove the container (id or name) with d and count it into n as
 * removed or failed.  Returns 0 when it is gone.
 */
int	reap_one(struct docker *, const char *container, struct reap_count *);

/*
 * Remove every container labelled runbox whose label (epoch seconds) is
 * before now.  Containers without the label, or with a label that is not a
 * number, are never touched; containers still within their deadline are
 * left to the process serving them, so reaping is safe while serving.
 * Returns 0 (see *count), or -1 with ERR_UNAVAILABLE when the engine
 * cannot be asked.
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
