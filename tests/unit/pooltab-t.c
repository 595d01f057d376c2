/*
 * pooltab-t.c: the pool's table in a real state file: reservations stop
 * at pool_size, a ready container is claimed once and only by a request
 * of its language, policy and image with time left, slots of processes
 * that are gone are taken over, and 40 processes racing for 10 ready
 * containers get each one exactly once.  Also the policy hash.
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "pool.h"
#include "pooltab.h"
#include "state.h"
#include "tap.h"

#define S		1000000000LL
#define NOW		(1000 * S)
#define RACE_READY	10
#define RACE_PROCS	40

static char	dir[] = "/tmp/pooltab-t.XXXXXX";
static char	path[128];

static struct pooltab_owner
owner(pid_t pid, uint64_t start)
{
	struct pooltab_owner	o;

	memset(&o, 0, sizeof(o));
	o.pid = pid;
	o.start = start;
	return o;
}

/* A process that has ended: its pid and the start time it had. */
static struct pooltab_owner
gone_owner(void)
{
	struct pooltab_owner	o;
	int			fds[2];
	pid_t			pid;
	char			c;

	if (pipe(fds) == -1)
		bail("pipe");
	if ((pid = fork()) == -1)
		bail("fork");
	if (pid == 0) {
		close(fds[1]);
		(void)read(fds[0], &c, 1);
		_exit(0);
	}
	close(fds[0]);
	o = owner(pid, state_proc_start(pid));
	close(fds[1]);
	(void)waitpid(pid, NULL, 0);
	return o;
}

/* Reserve and make ready one container of w, expiring at expires. */
static int
add_ready(struct state *st, const struct pooltab_want *w,
    unsigned int size, int64_t expires, const struct pooltab_owner *o,
    char *name)
{
	struct err	e;

	if (pooltab_reserve(st, w, size, expires, o, name, &e) != 1)
		return -1;
	return pooltab_ready(st, name, w->image, o, &e);
}

static unsigned int
count(struct state *st, const char *lang, uint32_t s)
{
	struct err	e;
	unsigned int	n;

	if (pooltab_count(st, lang, s, &n, &e) == -1)
		bail("pooltab_count: %s", e.msg);
	return n;
}

static void
check_clean(struct state *st, const char *what)
{
	struct err	e;
	int		r;

	if (state_lock(st, STATE_LOCK_MS, &e) == -1)
		bail("lock: %s", e.msg);
	r = state_check(st, &e);
	state_unlock(st);
	if (!ok(r == 0, "%s: the state file checks clean", what))
		diag("%s", e.msg);
}

static void
lifecycle(void)
{
	struct state		st;
	struct pooltab_owner	me, gone;
	struct pooltab_stale	stale;
	struct pooltab_want	py = { "python", 42, "sha256:aa" };
	struct pooltab_want	js = { "javascript", 42, "sha256:bb" };
	struct pooltab_want	py2 = { "python", 43, "sha256:aa" };
	struct pooltab_want	pyimg = { "python", 42, "sha256:cc" };
	struct err		e;
	char			a[STATE_POOL_NAME_MAX], b[STATE_POOL_NAME_MAX];
	char			c[STATE_POOL_NAME_MAX], x[STATE_POOL_NAME_MAX];
	char			j[STATE_POOL_NAME_MAX];

	if (state_open(&st, path, &e) == -1)
		bail("state_open: %s", e.msg);
	me = owner(getpid(), state_proc_start(getpid()));

	is_int(pooltab_reserve(&st, &py, 2, NOW + 600 * S, &me, a, &e), 1,
	    "a slot is reserved in an empty pool");
	ok(strncmp(a, POOLTAB_PREFIX, strlen(POOLTAB_PREFIX)) == 0 &&
	    strlen(a) == strlen(POOLTAB_PREFIX) + 16,
	    "its container name is the prefix and 16 hex digits (%s)", a);
	is_int(pooltab_reserve(&st, &py, 2, NOW + 600 * S, &me, b, &e), 1,
	    "a second slot is reserved for pool_size 2");
	ok(strcmp(a, b) != 0, "the two names differ");
	is_int(pooltab_reserve(&st, &py, 2, NOW + 600 * S, &me, c, &e), 0,
	    "no third slot: starting ones count towards pool_size");
	is_int(pooltab_reserve(&st, &js, 2, NOW + 600 * S, &me, j, &e), 1,
	    "another language has a pool of its own");
	is_int(count(&st, NULL, STATE_POOL_STARTING), 3,
	    "three slots are starting");

	is_int(pooltab_claim(&st, &py, NOW, 10 * S, &me, x, &stale, &e), 0,
	    "a starting container is not claimed");
	gone = gone_owner();
	ok(pooltab_ready(&st, a, py.image, &gone, &e) == -1,
	    "another process cannot mark our slot ready");
	is_int(pooltab_ready(&st, a, py.image, &me, &e), 0,
	    "the owner marks it ready");
	is_int(pooltab_ready(&st, b, py.image, &me, &e), 0,
	    "and the second one");

	memset(&stale, 0, sizeof(stale));
	is_int(pooltab_claim(&st, &js, NOW, 10 * S, &me, x, &stale, &e), 0,
	    "a request of another language does not get a python container");
	is_int(pooltab_claim(&st, &py, NOW + 595 * S, 10 * S, &me, x, &stale,
	    &e), 0, "a container with less time left than the run needs is "
	    "not claimed");
	is_int(pooltab_claim(&st, &py, NOW, 10 * S, &me, x, &stale, &e), 1,
	    "a ready container is claimed");
	ok(strcmp(x, a) == 0 || strcmp(x, b) == 0, "it is one of ours");
	is_int(count(&st, "python", STATE_POOL_CLAIMED), 1,
	    "its slot is claimed");
	is_int(pooltab_reserve(&st, &py, 2, NOW + 600 * S, &me, c, &e), 1,
	    "a claimed container no longer counts: a slot is free to refill");
	is_int(pooltab_release(&st, x, &gone, &e), 0,
	    "a release by another process is harmless");
	is_int(count(&st, "python", STATE_POOL_CLAIMED), 1,
	    "and frees nothing");
	is_int(pooltab_release(&st, x, &me, &e), 0, "the owner releases it");
	is_int(count(&st, "python", STATE_POOL_CLAIMED), 0,
	    "its slot is free");
	is_int(stale.n, 0, "nothing was stale so far");

	is_int(pooltab_claim(&st, &pyimg, NOW, 10 * S, &me, x, &stale, &e), 0,
	    "a container of another image is not claimed");
	is_int(stale.n, 1, "and it is taken over, to be removed");
	is_int(count(&st, "python", STATE_POOL_READY), 0,
	    "no python container is ready any more");
	(void)pooltab_release(&st, stale.name[0], &me, &e);
	memset(&stale, 0, sizeof(stale));

	/* c is starting (python, policy 42); make a ready one of policy 42. */
	is_int(pooltab_ready(&st, c, py.image, &me, &e), 0,
	    "the refill is ready");
	is_int(pooltab_claim(&st, &py2, NOW, 10 * S, &me, x, &stale, &e), 0,
	    "a container of another policy (a changed config) is not claimed");
	is_int(stale.n, 1, "and it is taken over, to be removed");
	(void)pooltab_release(&st, stale.name[0], &me, &e);
	is_int(pooltab_release(&st, j, &me, &e), 0,
	    "a starting slot is released when its container cannot start");
	is_int(count(&st, NULL, STATE_POOL_STARTING), 0, "nothing is starting");
	check_clean(&st, "after claims and releases");
	state_close(&st);
}

static void
sweeps(void)
{
	struct state		st;
	struct pooltab_owner	me, gone;
	struct pooltab_stale	stale;
	struct pooltab_want	w[2] = { { "python", 7, "sha256:aa" },
				    { "ruby", 7, "sha256:dd" } };
	struct pooltab_want	any[2] = { { "python", 7, NULL },
				    { "ruby", 7, NULL } };
	struct err		e;
	char			n1[STATE_POOL_NAME_MAX], n2[STATE_POOL_NAME_MAX];
	char			n3[STATE_POOL_NAME_MAX], n4[STATE_POOL_NAME_MAX];
	char			n5[STATE_POOL_NAME_MAX];
	size_t			i;

	if (state_open(&st, path, &e) == -1)
		bail("state_open: %s", e.msg);
	me = owner(getpid(), state_proc_start(getpid()));
	gone = gone_owner();
	memset(&stale, 0, sizeof(stale));

	/* n1: starting by a process that is gone; n2: ready, expiring. */
	if (pooltab_reserve(&st, &w[0], 4, NOW + 600 * S, &gone, n1, &e) != 1 ||
	    add_ready(&st, &w[0], 4, NOW + 20 * S, &me, n2) == -1 ||
	    add_ready(&st, &w[0], 4, NOW + 600 * S, &me, n3) == -1 ||
	    add_ready(&st, &w[1], 4, NOW + 600 * S, &me, n4) == -1 ||
	    add_ready(&st, &w[1], 4, NOW + 600 * S, &me, n5) == -1)
		bail("cannot set up the sweep");
	strlcpy(me.invocation, "0123456789abcdef0123456789abcdef",
	    sizeof(me.invocation));
	if (pooltab_sweep(&st, any, 2, 4, NOW, 30 * S, NULL, &me, &stale,
	    &e) == -1)
		bail("sweep: %s", e.msg);
	is_int(stale.n, 2, "a sweep takes two slots");
	ok((strcmp(stale.name[0], n1) == 0 && strcmp(stale.name[1], n2) == 0) ||
	    (strcmp(stale.name[0], n2) == 0 && strcmp(stale.name[1], n1) == 0),
	    "the one a gone process was starting and the expiring one");
	is_int(count(&st, NULL, STATE_POOL_CLAIMED), 2,
	    "both are now claimed by the sweeper");

	/* As if the sweeper were killed before removing them. */
	memset(&stale, 0, sizeof(stale));
	if (pooltab_sweep(&st, any, 2, 4, NOW, 30 * S,
	    "0123456789abcdef0123456789abcdef", &gone, &stale, &e) == -1)
		bail("sweep: %s", e.msg);
	is_int(stale.n, 2, "--invocation takes what that invocation held");
	for (i = 0; i < stale.n; i++)
		(void)pooltab_release(&st, stale.name[i], &gone, &e);
	is_int(count(&st, NULL, STATE_POOL_CLAIMED), 0,
	    "and releases it once removed");

	memset(&stale, 0, sizeof(stale));
	if (pooltab_sweep(&st, any, 2, 1, NOW, 30 * S, NULL, &me, &stale,
	    &e) == -1)
		bail("sweep: %s", e.msg);
	is_int(stale.n, 1, "pool_size lowered to 1: one container too many");
	is_string(stale.name[0], n5, "the second ruby container goes");
	(void)pooltab_release(&st, n5, &me, &e);

	memset(&stale, 0, sizeof(stale));
	if (pooltab_sweep(&st, any, 1, 1, NOW, 30 * S, NULL, &me, &stale,
	    &e) == -1)
		bail("sweep: %s", e.msg);
	ok(stale.n == 1 && strcmp(stale.name[0], n4) == 0,
	    "a language no longer configured loses its containers");
	(void)pooltab_release(&st, n4, &me, &e);

	memset(&stale, 0, sizeof(stale));
	if (pooltab_sweep(&st, NULL, 0, 0, NOW, 30 * S, NULL, &me, &stale,
	    &e) == -1)
		bail("sweep: %s", e.msg);
	ok(stale.n == 1 && strcmp(stale.name[0], n3) == 0,
	    "with no pool configured every ready container goes");
	(void)pooltab_release(&st, n3, &me, &e);
	is_int(count(&st, NULL, STATE_POOL_READY) +
	    count(&st, NULL, STATE_POOL_STARTING) +
	    count(&st, NULL, STATE_POOL_CLAIMED), 0, "the table is empty");
	check_clean(&st, "after sweeps");
	state_close(&st);
}

/* 40 processes claim from 10 ready containers, each until none is left. */
static void
race(void)
{
	struct state		st;
	struct pooltab_owner	me;
	struct pooltab_want	w = { "python", 9, "sha256:ee" };
	struct err		e;
	char			names[RACE_READY][STATE_POOL_NAME_MAX];
	char			got[STATE_POOL_NAME_MAX];
	char			(*claims)[STATE_POOL_NAME_MAX];
	int			seen[RACE_READY], i, j, nclaims = 0, dup = 0;
	int			failed = 0, status;
	size_t			size = sizeof(*claims) * RACE_PROCS * RACE_READY;
	pid_t			pid;

	if (state_open(&st, path, &e) == -1)
		bail("state_open: %s", e.msg);
	me = owner(getpid(), state_proc_start(getpid()));
	for (i = 0; i < RACE_READY; i++)
		if (add_ready(&st, &w, RACE_READY, NOW + 600 * S, &me,
		    names[i]) == -1)
			bail("cannot fill the pool");
	claims = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (claims == MAP_FAILED)
		bail("mmap");
	memset(claims, 0, size);
	for (i = 0; i < RACE_PROCS; i++) {
		if ((pid = fork()) == -1)
			bail("fork");
		if (pid == 0) {
			struct state		cst;
			struct pooltab_owner	co;
			struct pooltab_stale	stale;
			int			k = 0, r;

			memset(&stale, 0, sizeof(stale));
			if (state_open(&cst, path, &e) == -1)
				_exit(2);
			co = owner(getpid(), state_proc_start(getpid()));
			while ((r = pooltab_claim(&cst, &w, NOW, S, &co, got,
			    &stale, &e)) == 1 && k < RACE_READY)
				strlcpy(claims[i * RACE_READY + k++], got,
				    sizeof(got));
			_exit(r == -1 || stale.n != 0 ? 3 : 0);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	is_int(failed, 0, "every racer ended cleanly, never waiting past the "
	    "lock's limit");
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < RACE_PROCS * RACE_READY; i++) {
		if (claims[i][0] == '\0')
			continue;
		nclaims++;
		for (j = 0; j < RACE_READY; j++)
			if (strcmp(claims[i], names[j]) == 0 && seen[j]++ > 0)
				dup++;
	}
	is_int(nclaims, RACE_READY, "%d racers claimed exactly %d containers",
	    RACE_PROCS, RACE_READY);
	is_int(dup, 0, "no container was claimed twice");
	for (j = 0; j < RACE_READY && seen[j] == 1; j++)
		;
	is_int(j, RACE_READY, "each ready container was claimed once");
	/* The racers are gone: a sweep takes their claimed slots. */
	{
		struct pooltab_stale	stale;
		size_t			total = 0;

		do {
			memset(&stale, 0, sizeof(stale));
			if (pooltab_sweep(&st, &w, 1, RACE_READY, NOW, S, NULL,
			    &me, &stale, &e) == -1)
				bail("sweep: %s", e.msg);
			for (i = 0; i < (int)stale.n; i++)
				(void)pooltab_release(&st, stale.name[i], &me,
				    &e);
			total += stale.n;
		} while (stale.n == POOLTAB_STALE_MAX);
		is_int(total, RACE_READY, "a sweep takes over every slot the "
		    "ended racers held");
	}
	check_clean(&st, "after the race");
	munmap(claims, size);
	state_close(&st);
}

static void
hashes(void)
{
	struct config	a, b;

	config_defaults(&a);
	config_defaults(&b);
	ok(pool_config_hash(&a, &a.languages[0]) ==
	    pool_config_hash(&b, &b.languages[0]),
	    "the same configuration gives the same policy hash");
	ok(pool_config_hash(&a, &a.languages[0]) !=
	    pool_config_hash(&a, &a.languages[1]),
	    "each language has a hash of its own");
	b.pids_limit++;
	ok(pool_config_hash(&a, &a.languages[0]) !=
	    pool_config_hash(&b, &b.languages[0]),
	    "a changed pids_limit changes the hash");
	config_defaults(&b);
	b.languages[0].memory_mb.def = 128;	/* as memory_mb 128 gives */
	ok(pool_config_hash(&a, &a.languages[0]) !=
	    pool_config_hash(&b, &b.languages[0]),
	    "a changed default memory changes the hash");
	config_defaults(&b);
	b.languages[0].tmpfs_mb = 32;
	ok(pool_config_hash(&a, &a.languages[0]) !=
	    pool_config_hash(&b, &b.languages[0]),
	    "a changed tmpfs size changes the hash");
	a.languages[0].ncompile = 1;
	(void)strlcpy(a.languages[0].compile[0], "true",
	    sizeof(a.languages[0].compile[0]));
	config_defaults(&b);
	ok(pool_config_hash(&a, &a.languages[0]) !=
	    pool_config_hash(&b, &b.languages[0]),
	    "a compile step changes the hash");
	config_defaults(&a);
	config_defaults(&b);
	strlcpy(b.runtime, "crun", sizeof(b.runtime));
	ok(pool_config_hash(&a, &a.languages[0]) !=
	    pool_config_hash(&b, &b.languages[0]),
	    "a changed runtime changes the hash");
	config_defaults(&b);
	b.rate_count = 1;
	ok(pool_config_hash(&a, &a.languages[0]) ==
	    pool_config_hash(&b, &b.languages[0]),
	    "a changed rate limit does not (the container is the same)");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	snprintf(path, sizeof(path), "%s/state", dir);
	lifecycle();
	sweeps();
	race();
	hashes();
	unlink(path);
	rmdir(dir);
	done_testing();
	return exit_status();
}
