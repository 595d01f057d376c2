/*
 * admit-t.c: unit tests for the admission decisions (admit.c): the token
 * bucket's arithmetic at an injected clock, and the concurrency caps.
 */
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admit.h"
#include "state.h"
#include "tap.h"

#define S	1000000000LL		/* one second in nanoseconds */
#define NOW	(1000 * S)		/* the frozen clock */

static char		dir[] = "/tmp/admit-t.XXXXXX";
static char		path[256];
static struct state	st;

static int	burst(const char *, unsigned int, unsigned int, int64_t,
		    unsigned int);
static struct state_rate *rate_slot(const char *);
static void	fresh(void);
static void	test_bucket(void);
static void	test_clock_back(void);
static void	test_odd_limits(void);
static void	test_damaged_slot(void);
static void	test_table_full(void);
static void	test_long_keys(void);
static void	test_bad_args(void);
static void	test_caps(void);
static void	test_reclaim(void);
static void	test_release_after_rebuild(void);

/* How many of tries calls at now are admitted. */
static int
burst(const char *key, unsigned int count, unsigned int period_s,
    int64_t now, unsigned int tries)
{
	struct err	e;
	unsigned int	i;
	int		n = 0;

	for (i = 0; i < tries; i++) {
		if (admit_rate(&st, key, count, period_s, now, &e) == 0)
			n++;
		else if (e.code != ERR_RATE_LIMITED)
			bail("admit_rate: %s: %s", err_name(e.code), e.msg);
	}
	return n;
}

/* key's rate slot, looked at under the lock (the caller unlocks). */
static struct state_rate *
rate_slot(const char *key)
{
	struct err	e;
	int		i;

	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	for (i = 0; i < STATE_RATE_SLOTS; i++)
		if (strcmp(st.rate[i].key, key) == 0)
			return &st.rate[i];
	return NULL;
}

/* Start over with an empty file. */
static void
fresh(void)
{
	struct err	e;

	state_close(&st);
	if (unlink(path) == -1 && errno != ENOENT)
		bail("unlink: %s", strerror(errno));
	if (state_open(&st, path, &e) == -1)
		bail("state_open: %s", e.msg);
}

static void
test_bucket(void)
{
	struct err	e;
	const int64_t	t = 2 * S;	/* 5 per 10 s */

	fresh();
	is_int(burst("ip:a", 5, 10, NOW, 100), 5,
	    "at a frozen clock exactly the burst (5) is admitted");
	is_int(admit_rate(&st, "ip:a", 5, 10, NOW, &e), -1,
	    "the next request is refused");
	is_int(e.code, ERR_RATE_LIMITED, "as rate_limited");
	is_int(e.retry_after_ms, 2000, "retryAfterMs is one interval (2000)");
	is_string(e.msg, "too many requests from ip:a", "the message names "
	    "the client");
	is_int(admit_rate(&st, "ip:a", 5, 10, NOW + t - 1, &e), -1,
	    "a nanosecond before the interval it is still refused");
	is_int(e.retry_after_ms, 1, "retryAfterMs rounds up to 1");
	is_int(admit_rate(&st, "ip:a", 5, 10, NOW + 500000000, &e), -1,
	    "half a second later it is still refused");
	is_int(e.retry_after_ms, 1500, "retryAfterMs counts down (1500)");
	is_int(burst("ip:a", 5, 10, NOW + t, 10), 1,
	    "one interval later exactly one token is back");
	is_int(burst("ip:a", 5, 10, NOW + 3 * t, 10), 2,
	    "two intervals later two are back");
	is_int(burst("ip:a", 5, 10, NOW + 3 * t + 10 * S, 10), 5,
	    "a period after the last one the full burst is back");
	is_int(burst("ip:a", 5, 10, NOW + 100 * S, 10), 5,
	    "a long wait gives no more than the burst");

	is_int(burst("ip:b", 5, 10, NOW + 100 * S, 10), 5,
	    "another client has its own bucket");
	is_int(burst("ip:a", 5, 10, NOW + 100 * S, 1), 0,
	    "and the first stays spent");

	is_int(burst("ip:c", 30, 60, NOW, 31), 30, "30 per 60s admits 30");
	is_int(admit_rate(&st, "ip:c", 30, 60, NOW, &e), -1, "then refuses");
	is_int(e.retry_after_ms, 2000, "with retryAfterMs 2000");
}

static void
test_clock_back(void)
{
	struct state_rate	*r;
	struct err		 e;
	int64_t			 tat;

	fresh();
	is_int(burst("ip:a", 5, 10, NOW, 5), 5, "the burst is spent");
	r = rate_slot("ip:a");
	tat = r != NULL ? r->tat : -1;
	state_unlock(&st);
	is_int(tat, NOW + 10 * S, "the slot's tat is a period ahead");
	is_int(burst("ip:a", 5, 10, NOW - 1 * S, 5), 0,
	    "a clock one second back admits nothing");
	is_int(burst("ip:a", 5, 10, NOW - 9 * S, 5), 0,
	    "a clock nine seconds back admits nothing");
	is_int(admit_rate(&st, "ip:a", 5, 10, NOW - 9 * S, &e), -1,
	    "and is refused");
	is_int(e.retry_after_ms, 11000, "with the wait counted on that clock");
	r = rate_slot("ip:a");
	tat = r != NULL ? r->tat : -1;
	state_unlock(&st);
	is_int(tat, NOW + 10 * S, "the tat stays where it was");
	is_int(burst("ip:a", 5, 10, NOW + 2 * S, 5), 1,
	    "back at the right time one interval gives one token");
}

static void
test_odd_limits(void)
{
	struct err	e;

	fresh();
	is_int(burst("ip:one", 1, 1, NOW, 5), 1, "1 per 1s admits one");
	is_int(admit_rate(&st, "ip:one", 1, 1, NOW, &e), -1, "then refuses");
	is_int(e.retry_after_ms, 1000, "for 1000 ms");
	is_int(burst("ip:one", 1, 1, NOW + S - 1, 5), 0,
	    "a nanosecond short of a second admits none");
	is_int(burst("ip:one", 1, 1, NOW + S, 5), 1, "after a second one more");

	is_int(burst("ip:three", 3, 10, NOW, 10), 3,
	    "3 per 10s (an interval that does not divide) admits exactly 3");
	is_int(admit_rate(&st, "ip:three", 3, 10, NOW, &e), -1, "then refuses");
	is_int(e.retry_after_ms, 3334, "for 3334 ms (rounded up)");

	is_int(burst("ip:big", 100000, 60, NOW, 100010), 100000,
	    "100000 per 60s admits exactly 100000 at once");
	is_int(burst("ip:big", 100000, 60, NOW + 600000, 10), 1,
	    "and one more 0.6 ms later");

	is_int(burst("ip:huge", 3000000000U, 1, NOW, 1000), 1000,
	    "more tokens than nanoseconds in the period does not fail");
	is_int(burst("ip:long", 1, UINT_MAX, NOW, 3), 1,
	    "the longest period admits one");
	is_int(admit_rate(&st, "ip:long", 1, UINT_MAX, NOW, &e), -1,
	    "then refuses");
	is_int(e.retry_after_ms, (long long)UINT_MAX * 1000,
	    "for the whole period");
	is_int(burst("ip:max", UINT_MAX, UINT_MAX, NOW, 3), 3,
	    "the largest count and period do not overflow");
}

static void
test_damaged_slot(void)
{
	struct state_rate	*r;
	struct err		 e;

	fresh();
	is_int(burst("ip:d", 5, 10, NOW, 1), 1, "one request is admitted");
	if ((r = rate_slot("ip:d")) == NULL)
		bail("no slot for ip:d");
	r->tat = NOW + 1000 * S;
	state_unlock(&st);
	is_int(admit_rate(&st, "ip:d", 5, 10, NOW, &e), -1,
	    "a slot with a tat far in the future admits nothing");
	is_int(e.code, ERR_RATE_LIMITED, "it is rate_limited");
	ok(e.retry_after_ms > 0 && e.retry_after_ms <= 10000,
	    "for no longer than the period (%ld ms)", e.retry_after_ms);
	is_int(burst("ip:d", 5, 10, NOW + 10 * S, 10), 5,
	    "a period later the full burst is back");
}

static void
test_table_full(void)
{
	struct err	e;
	char		key[32];
	int		i, n, r = 0;

	fresh();
	for (n = 0; n < STATE_RATE_SLOTS + 10; n++) {
		(void)snprintf(key, sizeof(key), "ip:10.0.%d.%d", n / 256,
		    n % 256);
		if ((r = admit_rate(&st, key, 1, 60, NOW, &e)) == -1)
			break;
	}
	is_int(r, -1, "a table of unrefilled buckets fills up");
	is_int(e.code, ERR_BUSY, "then a new client is busy (fail closed)");
	is_string(e.msg, "too many clients", "the message says why");
	ok(n > STATE_RATE_SLOTS / 2 && n <= STATE_RATE_SLOTS,
	    "after most slots were taken (%d of %d)", n, STATE_RATE_SLOTS);
	for (i = 0; i < 5; i++)
		if (admit_rate(&st, key, 1, 60, NOW, &e) != -1 ||
		    e.code != ERR_BUSY)
			break;
	is_int(i, 5, "and stays busy");
	is_int(admit_rate(&st, "ip:10.0.0.0", 1, 60, NOW, &e), -1,
	    "a known client in a full table is still refused");
	is_int(e.code, ERR_RATE_LIMITED, "as rate_limited, not busy");
	is_int(admit_rate(&st, key, 1, 60, NOW + 60 * S, &e), 0,
	    "once buckets are full again their slots are reused");
	is_int(admit_rate(&st, "ip:10.0.0.0", 1, 60, NOW + 60 * S, &e), 0,
	    "and their clients are admitted");
	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	is_int(state_check(&st, &e), 0, "the full table checks clean");
	state_unlock(&st);
}

static void
test_long_keys(void)
{
	char	a[200], b[200];

	fresh();
	memset(a, 'x', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(b));
	b[sizeof(b) - 2] = 'y';
	is_int(burst(a, 2, 10, NOW, 5), 2, "a key too long for a slot works");
	is_int(burst(b, 2, 10, NOW, 5), 2,
	    "another long key with the same start has its own bucket");
	is_int(burst(a, 2, 10, NOW, 1), 0, "the first stays spent");
}

static void
test_bad_args(void)
{
	struct err	e;

	fresh();
	is_int(admit_rate(&st, "ip:x", 0, 10, NOW, &e), -1,
	    "a count of zero is refused");
	is_int(e.code, ERR_INTERNAL, "as internal");
	is_int(admit_rate(&st, "ip:x", 1, 0, NOW, &e), -1,
	    "a period of zero is refused");
	is_int(admit_rate(&st, "", 1, 1, NOW, &e), -1,
	    "an empty key is refused");
	is_int(e.code, ERR_INTERNAL, "as internal");
	is_int(admit_rate(&st, "ip:x", 1, 1, -5, &e), -1,
	    "a negative clock is refused");
	is_int(admit_rate(&st, "ip:x", 1, 1, INT64_MAX - 10, &e), -1,
	    "a clock at the end of time is refused");
	is_int(e.code, ERR_INTERNAL, "as internal");
}

static void
test_caps(void)
{
	struct admit_slot	a1, a2, a3, b1, c1, c2, none;
	struct err		e;
	pid_t			me = getpid();
	uint64_t		start = state_proc_start(me);
	int			i, used;

	fresh();
	memset(&none, 0, sizeof(none));
	is_int(admit_claim(&st, "ip:a", 2, 3, me, start, &a1, &e), 0,
	    "a first run is claimed");
	ok(a1.claimed && a1.pid == me && a1.start == start,
	    "the slot names this process");
	is_int(admit_claim(&st, "ip:a", 2, 3, me, start, &a2, &e), 0,
	    "a second run from the same client is claimed");
	is_int(admit_claim(&st, "ip:a", 2, 3, me, start, &a3, &e), -1,
	    "a third is refused at max_per_client 2");
	is_int(e.code, ERR_BUSY, "as busy");
	is_string(e.msg, "too many runs from this client", "the message says "
	    "which cap");
	ok(!a3.claimed, "the refused slot is not claimed");
	is_int(admit_claim(&st, "ip:b", 2, 3, me, start, &b1, &e), 0,
	    "another client's run is claimed");
	is_int(admit_claim(&st, "ip:c", 2, 3, me, start, &c1, &e), -1,
	    "a fourth run is refused at max_running 3");
	is_string(e.msg, "too many runs on this host", "the message says "
	    "which cap");
	admit_release(&st, &a1);
	ok(!a1.claimed, "a released slot is marked unclaimed");
	is_int(admit_claim(&st, "ip:c", 2, 3, me, start, &c1, &e), 0,
	    "a release makes room");
	admit_release(&st, &a1);
	admit_release(&st, &none);
	is_int(admit_claim(&st, "ip:c", 2, 3, me, start, &c2, &e), -1,
	    "releasing twice or an unclaimed slot frees nothing");
	admit_release(&st, &a2);
	admit_release(&st, &b1);
	admit_release(&st, &c1);
	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	for (used = i = 0; i < STATE_RUN_SLOTS; i++)
		if (st.run[i].pid != 0)
			used++;
	is_int(used, 0, "every slot is free after the releases");
	is_int(state_check(&st, &e), 0, "and the file checks clean");
	state_unlock(&st);

	is_int(admit_claim(&st, "ip:a", 1, 5000, me, start, &a1, &e), 0,
	    "a max_running over the slot count is capped, not refused");
	admit_release(&st, &a1);
	is_int(admit_claim(&st, "ip:a", 1, 1, me, 0, &a1, &e), -1,
	    "a claim without a start time is refused");
	is_int(e.code, ERR_INTERNAL, "as internal");
}

static void
test_reclaim(void)
{
	struct admit_slot	s1, s2;
	struct err		e;
	pid_t			me = getpid(), pid;
	uint64_t		start = state_proc_start(me), cstart;
	int			p[2], status;
	char			c;

	fresh();
	if (pipe(p) == -1)
		bail("pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		(void)close(p[1]);
		(void)read(p[0], &c, 1);
		_exit(0);
	}
	(void)close(p[0]);
	cstart = state_proc_start(pid);
	ok(cstart > 0, "the child has a start time");
	is_int(admit_claim(&st, "ip:a", 1, 8, pid, cstart, &s1, &e), 0,
	    "a slot is claimed for the child");
	is_int(admit_claim(&st, "ip:a", 1, 8, me, start, &s2, &e), -1,
	    "while the child lives the client is at its cap");
	(void)close(p[1]);
	waitpid(pid, &status, 0);
	is_int(admit_claim(&st, "ip:a", 1, 8, me, start, &s2, &e), 0,
	    "once the child is gone its slot is reclaimed at the cap");
	admit_release(&st, &s1);
	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	ok(st.run[s2.index].pid == me, "the dead child's late release does "
	    "not free the new holder's slot");
	state_unlock(&st);
	admit_release(&st, &s2);

	is_int(admit_claim(&st, "ip:a", 1, 8, me, start + 1, &s1, &e), 0,
	    "a slot is claimed for this pid with another start time");
	is_int(admit_claim(&st, "ip:a", 1, 8, me, start, &s2, &e), 0,
	    "a matching pid with another start time is reclaimed (pid reuse)");
	is_int(admit_claim(&st, "ip:a", 1, 8, me, start, &s1, &e), -1,
	    "a live holder is not reclaimed");
	admit_release(&st, &s2);

	is_int(admit_claim(&st, "ip:a", 8, 1, 999999999, 12345, &s1, &e), 0,
	    "a slot is claimed for a pid that does not exist");
	is_int(admit_claim(&st, "ip:b", 8, 1, me, start, &s2, &e), 0,
	    "it is reclaimed at the global cap");
	admit_release(&st, &s2);
}

static void
test_release_after_rebuild(void)
{
	struct admit_slot	s1, s2;
	struct err		e;
	pid_t			me = getpid();
	uint64_t		start = state_proc_start(me);

	fresh();
	is_int(admit_claim(&st, "ip:a", 2, 8, me, start, &s1, &e), 0,
	    "a slot is claimed");
	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	st.hdr->version = 99;
	state_unlock(&st);
	is_int(admit_claim(&st, "ip:b", 2, 8, 999999998, 777, &s2, &e), 0,
	    "after a rebuild another claim gets a slot");
	is_string(st.rebuilt, "version 99, want 3", "the rebuild is reported");
	is_int(s2.index, s1.index, "the same slot as before the rebuild");
	admit_release(&st, &s1);
	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	is_int(st.run[s2.index].pid, 999999998,
	    "a release after a rebuild leaves the new holder's slot alone");
	state_unlock(&st);
	admit_release(&st, &s2);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp: %s", strerror(errno));
	(void)snprintf(path, sizeof(path), "%s/state", dir);
	st.fd = -1;
	test_bucket();
	test_clock_back();
	test_odd_limits();
	test_damaged_slot();
	test_table_full();
	test_long_keys();
	test_bad_args();
	test_caps();
	test_reclaim();
	test_release_after_rebuild();
	state_close(&st);
	(void)unlink(path);
	if (rmdir(dir) == -1)
		diag("rmdir %s: %s", dir, strerror(errno));
	done_testing();
	return exit_status();
}
