/*
 * sandbox.h: one run of untrusted code in a fresh, locked-down container.
 * The policy lives here (which limits, which flags, how the code gets in);
 * the Engine API's container calls are container.c's.
 */
#ifndef RUNBOX_SANDBOX_H
#define RUNBOX_SANDBOX_H

#include <signal.h>

#include "config.h"
#include "container.h"
#include "docker.h"
#include "err.h"
#include "request.h"
#include "result.h"

#define SANDBOX_HANDOFF		"/usr/local/bin/runbox-handoff"
#define SANDBOX_HANDOFF_LABEL	"runbox.handoff"	/* image label: */
/* Token, limits, args, files, code, inputs, returns; "go", "next", "stop". */
#define SANDBOX_HANDOFF_PROTOCOL "7"
#define SANDBOX_USER		"65534:65534"
#define SANDBOX_WORKDIR		"/tmp"
#define SANDBOX_NOFILE		256	/* open files per process */
#define SANDBOX_API_MS		10000	/* create, start, attach */
#define SANDBOX_GRACE_MS	2000	/* output and exit after a kill */
#define SANDBOX_TERM_GRACE_MS	250	/* SIGTERM to SIGKILL at the deadline */
#define SANDBOX_BACKSTOP_MS	1500	/* runbox kills when the handoff did not */
#define SANDBOX_ONE_CPU		1000000000LL	/* NanoCpus: order is exact */
#define SANDBOX_EXIT_MS		500	/* exit known after the stream ends */
#define SANDBOX_REMOVE_MS	10000	/* removal, retried while the engine is away */
#define SANDBOX_RETRY_MS	250
#define SANDBOX_REAP_MARGIN_S	60	/* label deadline past the run's end */
#define SANDBOX_INVOCATION_LEN	32	/* systemd's INVOCATION_ID */
#define SANDBOX_NAME_MAX	48	/* "runbox-" and the id */

#define SANDBOX_POOL_LABEL	"runbox.pool"	/* value: the language */
#define SANDBOX_TABLE_LABEL	"runbox.pool.state"	/* value: state_file */

struct sandbox {
	struct docker	docker;
	char		id[CONTAINER_ID_MAX];	/* "" until created */
	int		pooled;		/* id is a started pool container */
};

/*
 * Set by a signal handler: the run stops at once (the container is killed)
 * and sandbox_run returns -1 with ERR_INTERNAL.
 */
extern volatile sig_atomic_t sandbox_stop;

/*
 * Hand sb a container that is created and started already (pool_take's:
 * id, at most CONTAINER_ID_MAX - 1 bytes), its limits set, waiting on
 * stdin for the payload: sandbox_run uses it instead of creating one,
 * and sandbox_remove removes it like its own.  Call before sandbox_run.
 */
void	sandbox_use(struct sandbox *, const char *id);

/*
 * Run req in a new container as cfg says and fill res; or in the one
 * sandbox_use handed it.  The container is left for sandbox_remove,
 * which the caller calls on every path (after it has replied).  Returns
 * 0 when the code ran (whatever its outcome: see res->status), -1 with
 * ERR_UNAVAILABLE when the engine is unreachable, the image is missing
 * or the container cannot start, ERR_INTERNAL otherwise.
 */
int	sandbox_run(struct sandbox *, const struct config *,
	    const struct request *, struct result *, struct err *);

/*
 * The container's name when systemd runs runbox: "runbox-$INVOCATION_ID"
 * (32 hex digits), so that the unit's ExecStopPost= (runbox --reap
 * --invocation) can remove exactly this instance's container however the
 * process ended.  Returns -1 (no name: the engine picks one) when
 * INVOCATION_ID is unset or malformed.
 */
int	sandbox_invocation_name(char *, size_t);

/*
 * The create body: the container policy in one place (every protection
 * of docs/security.md), for lang (its tmpfs_mb; its compile command
 * before COMMAND, when it has one) with a memory limit of memory_mb, the
 * runbox label set to reap_after (epoch seconds), the runbox.owner label
 * (REAP_OWNER_LABEL) set to owner (NULL: none; see reap_owner_label) and,
 * for a pool container, the SANDBOX_POOL_LABEL set to pool_language
 * (NULL: none) and SANDBOX_TABLE_LABEL to the state file that lists it.
 * Returns a malloc'd JSON text or NULL when out of memory.  The bench's
 * floor (tests/lib/floor.c) keeps a copy of the body without a pool to
 * create the same container: keep it in step (tests/unit/floor-t.c fails
 * until it is).
 */
char	*sandbox_body(const struct config *, const struct language *,
	    int memory_mb, long long reap_after, const char *owner,
	    const char *pool_language);

/*
 * The epoch second after which the reaper may remove a run's container:
 * timeout_ms is the time its stages may take together (ms).
 */
long long sandbox_reap_after(int timeout_ms);

/*
 * The time (ms) a run of lang's may take, its stages together: the run's
 * timeout_ms (for each of ntests tests, 0 or 1 for a plain run, with the
 * SIGTERM grace and runbox's backstop between them) and, when lang
 * compiles, compile_timeout_ms, the compile's SIGTERM grace and the
 * memory update between compile and run.  At most INT_MAX.  What the
 * reaper's label and the pool's age checks allow for.
 */
int	sandbox_stages_ms(const struct language *, int timeout_ms,
	    int compile_timeout_ms, size_t ntests);

/*
 * The memory limit (MB) a container of lang starts with, for a run of
 * memory_mb and a compile of compile_memory_mb: the compile's when lang
 * compiles (the run's is set between the stages), else the run's.
 */
int	sandbox_first_memory(const struct language *, int memory_mb,
	    int compile_memory_mb);

/*
 * Remove the container (if any) and release the engine connection.
 * Returns -1 with e filled when the removal failed (the reaper will
 * remove it after its deadline label).
 */
int	sandbox_remove(struct sandbox *, struct err *);

#endif
