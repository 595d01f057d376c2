/*
 * admit.c: the admission decisions on the shared state file: a token
 * bucket per client (GCRA: one timestamp per key) and the concurrency
 * caps.  Each call holds the lock for the few microseconds it takes and
 * fails closed.  See docs/admission.md.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "admit.h"

#define ADMIT_NS_PER_S		1000000000LL
#define ADMIT_NS_PER_MS		1000000LL
/* A long key keeps this much of its text, then '#' and a 64-bit hash. */
#define ADMIT_KEY_KEEP		(STATE_KEY_MAX - 1 - 1 - 16)

/* Keep stores to the shared mapping in program order. */
#define ADMIT_ORDER()	atomic_signal_fence(memory_order_seq_cst)

static uint64_t	admit_hash(uint64_t, const char *);
static int	admit_slot_key(const char *, char *, struct err *);
static struct state_rate *admit_find(struct state *, const char *, int64_t);
static void	admit_run_free(struct state_run *);
static void	admit_count(const struct state *, const char *,
		    unsigned int *, unsigned int *, int *);

/*
 * FNV-1a, 64 bits, over the file's random salt and the key: a client
 * who picks its addresses (a whole IPv6 /48, say) cannot aim them at the
 * slots another client's key probes.  The salt is no secret from local
 * users, who can read nothing of the file (mode 0600) anyway.
 */
static uint64_t
admit_hash(uint64_t salt, const char *s)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	int		i;

	for (i = 0; i < 8; i++) {
		h ^= (salt >> (i * 8)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * The key as stored: zero-padded to STATE_KEY_MAX.  A key too long for a
 * slot keeps its start and gets its hash appended, so distinct long keys
 * stay distinct.
 */
static int
admit_slot_key(const char *key, char *out, struct err *e)
{
	size_t	len;

	memset(out, 0, STATE_KEY_MAX);
	if (key == NULL || (len = strlen(key)) == 0)
		return err_set(e, ERR_INTERNAL, "admission: empty client key");
	if (len < STATE_KEY_MAX) {
		memcpy(out, key, len);
		return 0;
	}
	memcpy(out, key, ADMIT_KEY_KEEP);
	(void)snprintf(out + ADMIT_KEY_KEEP, STATE_KEY_MAX - ADMIT_KEY_KEEP,
	    "#%016llx", (unsigned long long)admit_hash(0, key));
	return 0;
}

/*
 * key's rate slot: its own within the probe window, else the first free
 * slot or one whose bucket is full again (tat <= now), which is the same
 * as no slot at all.  Free slots only come from a build, and a key is
 * placed at the first free or reusable slot, so no key lies past a free
 * slot of its window and the scan may stop there.  NULL when the window
 * is all other clients' unrefilled buckets.
 */
static struct state_rate *
admit_find(struct state *st, const char *skey, int64_t now)
{
	struct state_rate	*r, *take = NULL;
	uint64_t		 h = admit_hash(st->hdr->salt, skey);
	unsigned int		 i;

	for (i = 0; i < STATE_RATE_PROBE; i++) {
		r = &st->rate[(h + i) % STATE_RATE_SLOTS];
		if (r->key[0] == '\0') {
			if (take == NULL)
				take = r;
			break;
		}
		if (memcmp(r->key, skey, STATE_KEY_MAX) == 0)
			return r;
		if (take == NULL && r->tat <= now)
			take = r;
	}
	if (take != NULL) {
		/*
		 * The old tat is at most now, so a kill before the slot is
		 * used leaves the new key with a full bucket.
		 */
		memcpy(take->key, skey, STATE_KEY_MAX);
		ADMIT_ORDER();
	}
	return take;
}

int
admit_rate(struct state *st, const char *key, unsigned int count,
    unsigned int period_s, int64_t now_ns, struct err *e)
{
	struct state_rate	*r;
	char			 skey[STATE_KEY_MAX];
	int64_t			 period, t, tau, tat, top, next, wait;
	int			 ret = -1;

	if (count == 0 || period_s == 0 || now_ns < 0)
		return err_set(e, ERR_INTERNAL, "admission: bad rate limit "
		    "%u per %us at %lld", count, period_s, (long long)now_ns);
	if (admit_slot_key(key, skey, e) == -1)
		return -1;
	period = (int64_t)period_s * ADMIT_NS_PER_S;
	/* The emission interval; tau lets exactly count through at once. */
	if ((t = period / count) < 1)
		t = 1;
	tau = (int64_t)(count - 1) * t;
	if (__builtin_add_overflow(now_ns, period, &top))
		return err_set(e, ERR_INTERNAL, "admission: clock out of "
		    "range");

	if (state_lock(st, STATE_LOCK_MS, e) == -1)
		return -1;
	if ((r = admit_find(st, skey, now_ns)) == NULL) {
		err_set(e, ERR_BUSY, "too many clients");
		goto out;
	}
	tat = r->tat;
	/*
	 * GCRA never puts tat more than a period ahead of a clock that only
	 * goes forward.  Further out is damage (or a period shortened in the
	 * configuration): clamp to an empty bucket, which neither admits
	 * extra nor locks the client out for longer than one period.  Up to
	 * a period of slack keeps a clock stepped back from refilling.
	 */
	if (tat > now_ns && tat - now_ns > 2 * period) {
		tat = top;
		r->tat = tat;
	}
	if (tat < now_ns)
		tat = now_ns;
	if (tat - now_ns > tau) {
		wait = tat - tau - now_ns;
		err_set(e, ERR_RATE_LIMITED, "too many requests from %s", key);
		e->retry_after_ms = (long)((wait + ADMIT_NS_PER_MS - 1) /
		    ADMIT_NS_PER_MS);
		if (e->retry_after_ms < 1)
			e->retry_after_ms = 1;
		goto out;
	}
	if (__builtin_add_overflow(tat, t, &next)) {
		err_set(e, ERR_INTERNAL, "admission: clock out of range");
		goto out;
	}
	r->tat = next;
	ret = 0;
 out:
	state_unlock(st);
	return ret;
}

/* Free a run slot: pid last, so a kill half way leaves a used slot. */
static void
admit_run_free(struct state_run *u)
{
	memset(u->key, 0, sizeof(u->key));
	u->pad = 0;
	u->start = 0;
	ADMIT_ORDER();
	u->pid = 0;
}

/* Slots held by skey, slots held in all, and the first free one (or -1). */
static void
admit_count(const struct state *st, const char *skey, unsigned int *mine,
    unsigned int *used, int *freeidx)
{
	const struct state_run	*u;
	int			 i;

	*mine = *used = 0;
	*freeidx = -1;
	for (i = 0; i < STATE_RUN_SLOTS; i++) {
		u = &st->run[i];
		if (u->pid == 0) {
			if (*freeidx == -1)
				*freeidx = i;
			continue;
		}
		(*used)++;
		if (memcmp(u->key, skey, STATE_KEY_MAX) == 0)
			(*mine)++;
	}
}

int
admit_claim(struct state *st, const char *key, unsigned int max_per_client,
    unsigned int max_running, pid_t pid, uint64_t start,
    struct admit_slot *slot, struct err *e)
{
	struct state_run	*u;
	char			 skey[STATE_KEY_MAX];
	unsigned int		 mine, used;
	int			 i, freeidx, ret = -1;

	memset(slot, 0, sizeof(*slot));
	if (pid <= 0 || start == 0)
		return err_set(e, ERR_INTERNAL, "admission: process %ld has "
		    "no start time", (long)pid);
	if (admit_slot_key(key, skey, e) == -1)
		return -1;
	if (max_running > STATE_RUN_SLOTS)
		max_running = STATE_RUN_SLOTS;

	if (state_lock(st, STATE_LOCK_MS, e) == -1)
		return -1;
	admit_count(st, skey, &mine, &used, &freeidx);
	if (mine >= max_per_client || used >= max_running) {
		/* Only at a cap: reading /proc costs a few system calls. */
		for (i = 0; i < STATE_RUN_SLOTS; i++) {
			u = &st->run[i];
			if (u->pid != 0 && state_proc_gone(u->pid, u->start))
				admit_run_free(u);
		}
		admit_count(st, skey, &mine, &used, &freeidx);
	}
	if (mine >= max_per_client) {
		err_set(e, ERR_BUSY, "too many runs from this client");
		goto out;
	}
	if (used >= max_running || freeidx == -1) {
		err_set(e, ERR_BUSY, "too many runs on this host");
		goto out;
	}
	/* pid first: a kill half way leaves a slot with start 0, reclaimed. */
	u = &st->run[freeidx];
	u->pid = pid;
	ADMIT_ORDER();
	memcpy(u->key, skey, STATE_KEY_MAX);
	u->start = start;
	ADMIT_ORDER();
	slot->claimed = 1;
	slot->pid = pid;
	slot->start = start;
	slot->index = (uint32_t)freeidx;
	ret = 0;
 out:
	state_unlock(st);
	return ret;
}

void
admit_release(struct state *st, struct admit_slot *slot)
{
	struct state_run	*u;
	struct err		 e;

	if (!slot->claimed)
		return;
	slot->claimed = 0;
	/* Failing here is harmless: the slot is reclaimed once we are gone. */
	if (state_lock(st, STATE_LOCK_MS, &e) == -1)
		return;
	if (slot->index < STATE_RUN_SLOTS) {
		u = &st->run[slot->index];
		if (u->pid == slot->pid && u->start == slot->start)
			admit_run_free(u);
	}
	state_unlock(st);
}
