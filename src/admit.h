/*
 * admit.h: the admission decisions on the shared state: a per-client
 * token bucket (GCRA) and concurrency caps.  Every call takes and
 * releases the lock itself and fails closed.
 */
#ifndef RUNBOX_ADMIT_H
#define RUNBOX_ADMIT_H

#include <sys/types.h>

#include <stdint.h>

#include "err.h"
#include "state.h"

/* A claimed concurrency slot: released by admit_release on every path. */
struct admit_slot {
	int		claimed;
	pid_t		pid;
	uint64_t	start;
	uint32_t	index;
};

/*
 * GCRA on key's bucket: burst `count` requests, refilled at count per
 * period_s seconds, at time now_ns (state_now(), or a frozen clock in
 * tests).  Returns 0 (admitted, bucket updated), or -1 with
 * ERR_RATE_LIMITED and e->retry_after_ms, ERR_BUSY when the lock could not
 * be had or every probed slot belongs to another client that is not yet
 * refilled (fail closed), ERR_INTERNAL on I/O errors.
 */
int	admit_rate(struct state *, const char *key, unsigned int count,
	    unsigned int period_s, int64_t now_ns, struct err *);

/*
 * Claim a running slot for (pid, its start time) under key when fewer
 * than max_per_client slots hold key and fewer than max_running are held
 * in all.  At a cap, slots of processes that are gone (pid not running, or
 * running with another start time) are freed first and the counts made
 * again.  Returns 0 with *slot filled, or -1 with ERR_BUSY (message says
 * which cap) or ERR_INTERNAL.
 */
int	admit_claim(struct state *, const char *key, unsigned int max_per_client,
	    unsigned int max_running, pid_t pid, uint64_t start,
	    struct admit_slot *, struct err *);

/*
 * Free the slot if it is still ours (same pid and start: a rebuilt file
 * may have given it away).  Safe to call on an unclaimed slot.
 */
void	admit_release(struct state *, struct admit_slot *);

#endif
