/*
 * pooltab.c: the pool's table in the shared state file.  Each function
 * takes the lock, looks and changes, and lets go: never across an Engine
 * API call.  See pooltab.h for a slot's life.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pooltab.h"

#define POOLTAB_RANDOM_BYTES	8	/* 16 hex digits after the prefix */

static int	pooltab_lock(struct state *, struct err *);
static int	pooltab_mine(const struct state_pool *,
		    const struct pooltab_owner *);
static void	pooltab_take(struct state_pool *,
		    const struct pooltab_owner *);
static int	pooltab_matches(const struct state_pool *,
		    const struct pooltab_want *);
static struct state_pool *pooltab_find(struct state *, const char *);

void
pooltab_owner_self(struct pooltab_owner *o)
{
	const char	*inv = getenv("INVOCATION_ID");

	memset(o, 0, sizeof(*o));
	o->pid = getpid();
	o->start = state_proc_start(o->pid);
	/* Only systemd's form (32 hex digits) names an invocation. */
	if (inv != NULL && strlen(inv) == 32 &&
	    strspn(inv, "0123456789abcdef") == 32)
		(void)strlcpy(o->invocation, inv, sizeof(o->invocation));
}

static int
pooltab_lock(struct state *st, struct err *e)
{
	return state_lock(st, STATE_LOCK_MS, e);
}

static int
pooltab_mine(const struct state_pool *p, const struct pooltab_owner *o)
{
	return (p->state == STATE_POOL_STARTING ||
	    p->state == STATE_POOL_CLAIMED) && p->pid == o->pid &&
	    p->start == o->start;
}

static void
pooltab_take(struct state_pool *p, const struct pooltab_owner *o)
{
	p->state = STATE_POOL_CLAIMED;
	p->pid = o->pid;
	p->start = o->start;
	(void)strlcpy(p->invocation, o->invocation, sizeof(p->invocation));
}

int
pooltab_stale_add(struct pooltab_stale *s, const char *name)
{
	if (s->n >= POOLTAB_STALE_MAX)
		return 0;
	(void)strlcpy(s->name[s->n], name, sizeof(s->name[s->n]));
	s->n++;
	return 1;
}

/* Same language and policy (and image, when the want names one). */
static int
pooltab_matches(const struct state_pool *p, const struct pooltab_want *w)
{
	return strcmp(p->language, w->language) == 0 &&
	    p->config == w->config &&
	    (w->image == NULL || strcmp(p->image, w->image) == 0);
}

static struct state_pool *
pooltab_find(struct state *st, const char *name)
{
	size_t	i;

	for (i = 0; i < STATE_POOL_SLOTS; i++)
		if (st->pool[i].state != STATE_POOL_FREE &&
		    strcmp(st->pool[i].name, name) == 0)
			return &st->pool[i];
	return NULL;
}

int
pooltab_claim(struct state *st, const struct pooltab_want *w, int64_t now,
    int64_t need_ns, const struct pooltab_owner *o,
    char name[STATE_POOL_NAME_MAX], struct pooltab_stale *stale,
    struct err *e)
{
	struct state_pool	*p, *got = NULL;
	size_t			 i;

	if (pooltab_lock(st, e) == -1)
		return -1;
	for (i = 0; i < STATE_POOL_SLOTS; i++) {
		p = &st->pool[i];
		if (p->state != STATE_POOL_READY ||
		    strcmp(p->language, w->language) != 0)
			continue;
		if (!pooltab_matches(p, w)) {
			/* Another policy or image: never to be claimed. */
			if (pooltab_stale_add(stale, p->name))
				pooltab_take(p, o);
			continue;
		}
		if (got == NULL && p->expires - now >= need_ns)
			got = p;
	}
	if (got != NULL) {
		pooltab_take(got, o);
		(void)strlcpy(name, got->name, STATE_POOL_NAME_MAX);
	}
	state_unlock(st);
	return got != NULL;
}

int
pooltab_reserve(struct state *st, const struct pooltab_want *w,
    unsigned int size, int64_t expires, const struct pooltab_owner *o,
    char name[STATE_POOL_NAME_MAX], struct err *e)
{
	struct state_pool	*p, *slot = NULL;
	unsigned char		 rnd[POOLTAB_RANDOM_BYTES];
	unsigned int		 have = 0;
	size_t			 i, off;
	int			 ret = -1;

	if (getentropy(rnd, sizeof(rnd)) == -1)
		return err_set(e, ERR_INTERNAL, "getentropy failed");
	if (pooltab_lock(st, e) == -1)
		return -1;
	for (i = 0; i < STATE_POOL_SLOTS; i++) {
		p = &st->pool[i];
		if (p->state == STATE_POOL_FREE) {
			if (slot == NULL)
				slot = p;
		} else if ((p->state == STATE_POOL_READY ||
		    p->state == STATE_POOL_STARTING) &&
		    strcmp(p->language, w->language) == 0 &&
		    p->config == w->config)
			have++;
	}
	if (have >= size || slot == NULL) {
		ret = 0;
		goto out;
	}
	memset(slot, 0, sizeof(*slot));
	off = (size_t)snprintf(slot->name, sizeof(slot->name), "%s",
	    POOLTAB_PREFIX);
	for (i = 0; i < sizeof(rnd); i++, off += 2)
		(void)snprintf(slot->name + off, sizeof(slot->name) - off,
		    "%02x", rnd[i]);
	(void)strlcpy(slot->language, w->language, sizeof(slot->language));
	slot->config = w->config;
	slot->expires = expires;
	slot->pid = o->pid;
	slot->start = o->start;
	(void)strlcpy(slot->invocation, o->invocation,
	    sizeof(slot->invocation));
	slot->state = STATE_POOL_STARTING;
	(void)strlcpy(name, slot->name, STATE_POOL_NAME_MAX);
	ret = 1;
out:
	state_unlock(st);
	return ret;
}

int
pooltab_ready(struct state *st, const char *name, const char *image,
    const struct pooltab_owner *o, struct err *e)
{
	struct state_pool	*p;
	int			 ret = -1;

	if (pooltab_lock(st, e) == -1)
		return -1;
	if ((p = pooltab_find(st, name)) == NULL || !pooltab_mine(p, o) ||
	    p->state != STATE_POOL_STARTING) {
		/* A rebuilt file, or a sweep that judged us gone. */
		err_set(e, ERR_INTERNAL, "pool slot %s is no longer ours",
		    name);
		goto out;
	}
	if (strlcpy(p->image, image, sizeof(p->image)) >= sizeof(p->image)) {
		err_set(e, ERR_INTERNAL, "image id too long");
		goto out;
	}
	p->pid = 0;
	p->start = 0;
	memset(p->invocation, 0, sizeof(p->invocation));
	p->state = STATE_POOL_READY;
	ret = 0;
out:
	state_unlock(st);
	return ret;
}

int
pooltab_release(struct state *st, const char *name,
    const struct pooltab_owner *o, struct err *e)
{
	struct state_pool	*p;

	if (pooltab_lock(st, e) == -1)
		return -1;
	if ((p = pooltab_find(st, name)) != NULL && pooltab_mine(p, o))
		memset(p, 0, sizeof(*p));
	state_unlock(st);
	return 0;
}

int
pooltab_sweep(struct state *st, const struct pooltab_want *wants,
    size_t nwants, unsigned int size, int64_t now, int64_t need_ns,
    const char *invocation, const struct pooltab_owner *o,
    struct pooltab_stale *stale, struct err *e)
{
	struct state_pool	*p;
	unsigned int		 have[POOLTAB_WANTS_MAX];
	size_t			 i, j;
	int			 take;

	if (nwants > POOLTAB_WANTS_MAX)
		nwants = POOLTAB_WANTS_MAX;
	memset(have, 0, sizeof(have));
	if (pooltab_lock(st, e) == -1)
		return -1;
	/* What is starting counts towards each want's size first. */
	for (i = 0; i < STATE_POOL_SLOTS; i++)
		for (j = 0; j < nwants; j++)
			if (st->pool[i].state == STATE_POOL_STARTING &&
			    pooltab_matches(&st->pool[i], &wants[j]))
				have[j]++;
	for (i = 0; i < STATE_POOL_SLOTS && stale->n < POOLTAB_STALE_MAX;
	    i++) {
		p = &st->pool[i];
		take = 0;
		switch (p->state) {
		case STATE_POOL_STARTING:
		case STATE_POOL_CLAIMED:
			if (invocation != NULL)
				take = strcmp(p->invocation, invocation) == 0;
			else
				take = state_proc_gone(p->pid, p->start);
			break;
		case STATE_POOL_READY:
			if (invocation != NULL)
				break;
			if (p->expires - now < need_ns) {
				take = 1;
				break;
			}
			for (j = 0; j < nwants; j++)
				if (pooltab_matches(p, &wants[j]))
					break;
			take = j == nwants || ++have[j] > size;
			break;
		default:
			break;
		}
		if (take && pooltab_stale_add(stale, p->name))
			pooltab_take(p, o);
	}
	state_unlock(st);
	return 0;
}

int
pooltab_count(struct state *st, const char *language, uint32_t s,
    unsigned int *n, struct err *e)
{
	size_t	i;

	*n = 0;
	if (pooltab_lock(st, e) == -1)
		return -1;
	for (i = 0; i < STATE_POOL_SLOTS; i++)
		if (st->pool[i].state == s && (language == NULL ||
		    strcmp(st->pool[i].language, language) == 0))
			(*n)++;
	state_unlock(st);
	return 0;
}

int
pooltab_known(struct state *st, const char *name, int *known, struct err *e)
{
	if (pooltab_lock(st, e) == -1)
		return -1;
	*known = pooltab_find(st, name) != NULL;
	state_unlock(st);
	return 0;
}
