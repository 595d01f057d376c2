/*
 * pool.h: pre-started single-use containers (pool_size, SPEC section 8),
 * kept by the serving processes themselves: a request claims a started
 * container of its language before the run, and the process that served
 * it tops the pool up after the reply.  No container ever runs a second
 * program: a claimed one is removed after its run, like any other.
 * See docs/performance.md.
 */
#ifndef RUNBOX_POOL_H
#define RUNBOX_POOL_H

#include <stdint.h>

#include "config.h"
#include "docker.h"
#include "err.h"
#include "pooltab.h"
#include "reap.h"
#include "request.h"
#include "sandbox.h"
#include "state.h"

#define POOL_SLACK_MS	1000	/* claimable until expiry less the run and this */

/* One process's use of the pool. */
struct pool {
	struct docker		docker;
	struct pooltab_owner	owner;
	char			claimed[STATE_POOL_NAME_MAX];	/* or "" */
	struct pooltab_stale	stale;		/* to remove after the reply */
	int			tried;		/* pool_take was asked */
	int			hit;		/* the run got a pool container */
};

/*
 * The policy hash of lang's pool containers: the create body with the
 * default memory limit and no labels.  A change of any limit, image name,
 * command or runtime in the configuration changes it.
 */
uint64_t pool_config_hash(const struct config *, const struct language *);

/*
 * Before a run: when cfg has a pool, claim a started container of req's
 * language, policy and current image, check it is running, set req's
 * memory limit on it, and hand it to sb (sb->id, sb->pooled).  Never an
 * error for the request: on any failure the run creates its own container
 * (p->hit stays 0).  st is the open state file.
 */
void	pool_take(struct pool *, struct state *, const struct config *,
	    const struct request *, struct sandbox *);

/*
 * After the reply and sandbox_remove: free the claimed slot (left for a
 * sweep when the container is still there, removed says), remove the
 * containers taken over as stale, and then, when fill is set and no
 * signal asked to stop, sweep the table and start containers until every
 * configured language has pool_size.  Closes p's engine connection.
 */
void	pool_finish(struct pool *, struct state *, const struct config *,
	    int removed, int fill);

/*
 * runbox --reap: remove the pool containers nobody will use (an owner
 * gone, expired, of a language or policy no longer configured, more than
 * pool_size) or, with invocation, those held by that systemd invocation.
 * Counts into n.  -1 when the state file cannot be used.
 */
int	pool_reap(const struct config *, const char *invocation,
	    struct reap_count *, struct err *);

#endif
