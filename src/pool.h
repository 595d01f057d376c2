/*
 * pool.h: pre-started single-use containers (pool_size, docs/security.md),
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
#include "container.h"
#include "docker.h"
#include "err.h"
#include "pooltab.h"
#include "reap.h"
#include "request.h"
#include "state.h"

#define POOL_SLACK_MS	1000	/* claimable until expiry less the run and this */
#define POOL_NOTES_MAX	8	/* failures kept for the log, per process */

/*
 * The pool's failures, for main.c to log: none of them is the client's
 * business (a request the pool fails runs in a container of its own), all
 * of them the operator's.  One line each, what failed and why (the
 * engine's answer where it gave one); past POOL_NOTES_MAX only counted.
 */
struct pool_notes {
	char		line[POOL_NOTES_MAX][ERR_MSG_MAX];
	size_t		n;
	unsigned int	dropped;
};

/* One process's use of the pool. */
struct pool {
	struct docker		docker;
	struct pooltab_owner	owner;
	char			claimed[STATE_POOL_NAME_MAX];	/* or "" */
	char			id[CONTAINER_ID_MAX];	/* claimed's, or "" */
	struct pooltab_stale	stale;		/* to remove after the reply */
	int			tried;		/* pool_take was asked */
	int			hit;		/* the run got a pool container */
	struct pool_notes	notes;		/* failures not logged yet */
};

/*
 * Note in pn that what (printf-style) failed because of e (its detail
 * when it has one, else its message): "what: cause", cut to fit a line.
 * When pn is full the failure is only counted (pn->dropped).
 */
void	pool_note(struct pool_notes *, const struct err *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * The policy hash of lang's pool containers: the create body with the
 * default memory limit and no labels.  A change of any limit, image name,
 * command or runtime in the configuration changes it.
 */
uint64_t pool_config_hash(const struct config *, const struct language *);

/*
 * Before a run: when cfg has a pool, claim a started container of req's
 * language, policy and current image, check it is running and set req's
 * memory limit on it.  Returns its id (p->id, as long as p lives) for
 * the caller to hand to the run (sandbox_use), or NULL.  Never an error
 * for the request: on any failure the run creates its own container
 * (NULL, p->hit stays 0), and the failure goes to p->notes.  st is the
 * open state file.
 */
const char *pool_take(struct pool *, struct state *, const struct config *,
	    const struct request *);

/*
 * After the reply and sandbox_remove: free the claimed slot (left for a
 * sweep when the container is still there, removed says), remove the
 * containers taken over as stale, and then, when fill is set and no
 * signal asked to stop, sweep the table and start containers until every
 * configured language has pool_size.  Closes p's engine connection.
 * What fails is noted in p->notes: a slot whose container could not be
 * removed stays for a later sweep.
 */
void	pool_finish(struct pool *, struct state *, const struct config *,
	    int removed, int fill);

/*
 * runbox --reap: remove the pool containers nobody will use (an owner
 * gone, expired, of a language or policy no longer configured, more than
 * pool_size) or, with invocation, those held by that systemd invocation.
 * Counts into n, and notes into notes why a container could not be
 * removed.  -1 with e when the state file or the engine cannot be used.
 */
int	pool_reap(const struct config *, const char *invocation,
	    struct reap_count *, struct pool_notes *, struct err *);

#endif
