/*
 * pooltab.h: the pool's table in the shared state file: which pre-started
 * containers exist, which are ready for a program, and who owns the
 * others.  Every change is made under the state file's lock, so that a
 * ready container is claimed by exactly one process.  No Engine API calls
 * here: pool.c makes them, between these steps.
 *
 * A slot goes FREE -> STARTING (reserved by a process that creates and
 * starts the container) -> READY (waiting on stdin for its one program)
 * -> CLAIMED (by the one process that runs a program in it, or removes
 * it) -> FREE (after the container is removed).  A slot whose owner
 * process is gone is taken over by the next sweep, so a killed process
 * leaks nothing the table knows of.
 */
#ifndef RUNBOX_POOLTAB_H
#define RUNBOX_POOLTAB_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "state.h"

#define POOLTAB_PREFIX		"runbox-pool-"	/* container names */
#define POOLTAB_STALE_MAX	16	/* slots taken over by one call */
#define POOLTAB_WANTS_MAX	32	/* CONFIG_MAX_LANGUAGES */

/* The containers a caller can use: one language under one policy. */
struct pooltab_want {
	const char	*language;
	uint64_t	 config;	/* pool_config_hash of the policy */
	const char	*image;		/* image id, or NULL: any */
};

/* The process taking slots (state_proc_start tells it from a successor). */
struct pooltab_owner {
	pid_t		pid;
	uint64_t	start;
	char		invocation[STATE_INVOCATION_MAX];	/* or "" */
};

/* Names of containers taken over, for the caller to remove. */
struct pooltab_stale {
	char	name[POOLTAB_STALE_MAX][STATE_POOL_NAME_MAX];
	size_t	n;
};

/* Note name in s; 0 when s is full (then the slot must not be taken). */
int	pooltab_stale_add(struct pooltab_stale *, const char *name);

/* This process as an owner (INVOCATION_ID from the environment, if any). */
void	pooltab_owner_self(struct pooltab_owner *);

/*
 * Claim a READY container of want (same language, policy and image) with
 * at least need_ns left before it expires; its name goes into name.
 * READY containers of the language with another policy or image are
 * taken over into stale (they would never be claimed).  Returns 1 when
 * one was claimed, 0 when none fits, -1 (ERR_BUSY, ERR_INTERNAL) when the
 * state file cannot be locked.
 */
int	pooltab_claim(struct state *, const struct pooltab_want *, int64_t now,
	    int64_t need_ns, const struct pooltab_owner *,
	    char name[STATE_POOL_NAME_MAX], struct pooltab_stale *,
	    struct err *);

/*
 * Reserve a slot to start one more container of want in, when the
 * language has fewer than size STARTING or READY containers of this
 * policy.  The slot gets a fresh random name and expires at expires.
 * Returns 1 (name filled), 0 when the pool is full, -1 on lock errors.
 */
int	pooltab_reserve(struct state *, const struct pooltab_want *,
	    unsigned int size, int64_t expires, const struct pooltab_owner *,
	    char name[STATE_POOL_NAME_MAX], struct err *);

/* STARTING -> READY with the image id it was created from. */
int	pooltab_ready(struct state *, const char *name, const char *image,
	    const struct pooltab_owner *, struct err *);

/* Free the slot of name if owner holds it (removed container). */
int	pooltab_release(struct state *, const char *name,
	    const struct pooltab_owner *, struct err *);

/*
 * Take over, into stale, the slots nobody will use: STARTING or CLAIMED
 * by a process that is gone (or, with invocation, held by that systemd
 * invocation: its process has ended), READY ones with less than need_ns
 * left, of a language or policy not in wants (nwants may be 0: all), and
 * those past size READY ones per want.  Stops when stale is full.
 * Returns -1 on lock errors.
 */
int	pooltab_sweep(struct state *, const struct pooltab_want *,
	    size_t nwants, unsigned int size, int64_t now, int64_t need_ns,
	    const char *invocation, const struct pooltab_owner *,
	    struct pooltab_stale *, struct err *);

/* Is a slot (in any state) named name?  -1 on lock errors. */
int	pooltab_known(struct state *, const char *name, int *known,
	    struct err *);

/* Count the slots of language (NULL: all) in state s (STATE_POOL_*). */
int	pooltab_count(struct state *, const char *language, uint32_t s,
	    unsigned int *n, struct err *);

#endif
