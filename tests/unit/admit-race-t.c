/*
 * admit-race-t.c: the state file under many processes at once: a burst
 * raced by 200 processes, random SIGKILLs (some while the lock is held),
 * and many processes racing to create a missing file.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admit.h"
#include "state.h"
#include "tap.h"

#define S		1000000000LL
#define NOW		(1000 * S)	/* the frozen clock */
#define BURST_PROCS	200
#define BURST		50
#define BURST_ROUNDS	3
#define CHAOS_PROCS	50
#define CHAOS_MS	3000
#define CHAOS_KEYS	5
#define CREATE_PROCS	100

/* Child exit statuses. */
#define CHILD_ADMITTED	0
#define CHILD_LIMITED	1
#define CHILD_BUSY	2
#define CHILD_FAILED	3

struct shared {
	int	internal;	/* ERR_INTERNAL seen by a chaos child */
	int	ops;		/* decisions made by chaos children */
};

static char		 dir[] = "/tmp/admit-race-t.XXXXXX";
static struct shared	*shared;

static const char *path_in(const char *);
static int	child_status(int);
static int	decide(const char *, const char *, unsigned int);
static void	race_burst(int);
static void	chaos_child(const char *, int);
static pid_t	chaos_spawn(const char *, int);
static void	held_and_killed(const char *, int *);
static void	race_chaos(void);
static void	race_create(void);
static long	ms_since(const struct timespec *);

static const char *
path_in(const char *name)
{
	static char	buf[256];

	(void)snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	t1;

	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static int
child_status(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : CHILD_FAILED;
}

/* One decision in a child at the frozen clock, as an exit status. */
static int
decide(const char *path, const char *key, unsigned int count)
{
	struct state	st;
	struct err	e;
	int		r;

	if (state_open(&st, path, &e) == -1)
		return CHILD_FAILED;
	if (admit_rate(&st, key, count, 60, NOW, &e) == 0)
		r = CHILD_ADMITTED;
	else if (e.code == ERR_RATE_LIMITED)
		r = CHILD_LIMITED;
	else if (e.code == ERR_BUSY)
		r = CHILD_BUSY;
	else
		r = CHILD_FAILED;
	state_close(&st);
	return r;
}

/* BURST_PROCS processes released at once on one key of burst BURST. */
static void
race_burst(int round)
{
	struct state	 st;
	struct err	 e;
	struct timespec	 t0;
	char		 key[32], c;
	int		 bar[2], n[CHILD_FAILED + 1], status, i;
	pid_t		 pid;

	(void)snprintf(key, sizeof(key), "ip:192.0.2.%d", round);
	if (pipe(bar) == -1)
		bail("pipe: %s", strerror(errno));
	for (i = 0; i < BURST_PROCS; i++) {
		if ((pid = fork()) == -1)
			bail("fork: %s", strerror(errno));
		if (pid == 0) {
			(void)close(bar[1]);
			(void)read(bar[0], &c, 1);	/* the start gun: EOF */
			_exit(decide(path_in("burst"), key, BURST));
		}
	}
	(void)close(bar[0]);
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)close(bar[1]);
	memset(n, 0, sizeof(n));
	while (wait(&status) > 0)
		n[child_status(status)]++;
	diag("round %d: %d processes decided in %ld ms", round, BURST_PROCS,
	    ms_since(&t0));
	is_int(n[CHILD_ADMITTED], BURST, "round %d: of %d racing processes "
	    "exactly the burst (%d) is admitted", round, BURST_PROCS, BURST);
	is_int(n[CHILD_LIMITED], BURST_PROCS - BURST, "round %d: the other %d "
	    "are rate limited", round, BURST_PROCS - BURST);
	is_int(n[CHILD_BUSY] + n[CHILD_FAILED], 0, "round %d: none is busy or "
	    "fails", round);

	if (state_open(&st, path_in("burst"), &e) == -1 ||
	    state_lock(&st, 1000, &e) == -1)
		bail("state: %s", e.msg);
	is_int(state_check(&st, &e), 0, "round %d: the file checks clean "
	    "afterwards", round);
	for (i = 0; i < STATE_RATE_SLOTS; i++)
		if (strcmp(st.rate[i].key, key) == 0)
			break;
	is_int(i < STATE_RATE_SLOTS ? st.rate[i].tat : -1, NOW + 60 * S,
	    "round %d: the bucket is exactly spent (tat a period ahead)",
	    round);
	state_close(&st);
}

/*
 * A chaos child, forever: kind 0 holds the lock for a while, kind 1
 * clears the magic (so that builds get killed half way), the others
 * make decisions on a few keys.
 */
static void
chaos_child(const char *path, int kind)
{
	struct state		st;
	struct admit_slot	slot;
	struct err		e;
	char			key[16];
	uint64_t		start = state_proc_start(getpid());

	srandom(getpid());
	if (state_open(&st, path, &e) == -1)
		_exit(CHILD_FAILED);
	for (;;) {
		if (kind == 0) {
			if (state_lock(&st, STATE_LOCK_MS, &e) == 0) {
				usleep(random() % 3000);
				state_unlock(&st);
			}
			usleep(random() % 3000);
			continue;
		}
		if (kind == 1) {
			if (state_lock(&st, STATE_LOCK_MS, &e) == 0) {
				memset(st.hdr->magic, 0, sizeof(st.hdr->magic));
				state_unlock(&st);
			}
			usleep(5000 + random() % 5000);
			continue;
		}
		(void)snprintf(key, sizeof(key), "k%ld", random() % CHAOS_KEYS);
		if (admit_rate(&st, key, 1000000, 1, state_now(), &e) == -1 &&
		    e.code == ERR_INTERNAL)
			__atomic_add_fetch(&shared->internal, 1,
			    __ATOMIC_RELAXED);
		if (admit_claim(&st, key, 3, 20, getpid(), start, &slot,
		    &e) == -1 && e.code == ERR_INTERNAL)
			__atomic_add_fetch(&shared->internal, 1,
			    __ATOMIC_RELAXED);
		if (random() % 2)
			usleep(random() % 300);
		admit_release(&st, &slot);
		__atomic_add_fetch(&shared->ops, 1, __ATOMIC_RELAXED);
	}
}

static pid_t
chaos_spawn(const char *path, int kind)
{
	pid_t	pid;

	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0)
		chaos_child(path, kind);
	return pid;
}

/* A child that takes the lock, says so, and is killed holding it. */
static void
held_and_killed(const char *path, int *n)
{
	struct state	st;
	struct err	e;
	pid_t		pid;
	int		p[2], status;
	char		c;

	if (pipe(p) == -1)
		bail("pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		(void)close(p[0]);
		if (state_open(&st, path, &e) == -1)
			_exit(CHILD_FAILED);
		while (state_lock(&st, STATE_LOCK_MS, &e) == -1)
			;
		(void)write(p[1], "x", 1);
		for (;;)
			pause();
	}
	(void)close(p[1]);
	if (read(p[0], &c, 1) == 1)
		(*n)++;
	(void)close(p[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void
race_chaos(void)
{
	struct state		st;
	struct admit_slot	slot;
	struct err		e;
	struct timespec		t0;
	const char		*path;
	pid_t			pid[CHAOS_PROCS];
	int			i, kills = 0, held = 0, used, status;
	int			looks = 0, clean = 0;
	char			pathbuf[256];

	(void)strlcpy(pathbuf, path_in("chaos"), sizeof(pathbuf));
	path = pathbuf;
	shared->internal = shared->ops = 0;
	for (i = 0; i < CHAOS_PROCS; i++)
		pid[i] = chaos_spawn(path, i % 10);
	srandom(1);
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ms_since(&t0) < CHAOS_MS) {
		usleep(random() % 10000);
		i = random() % CHAOS_PROCS;
		kill(pid[i], SIGKILL);
		waitpid(pid[i], &status, 0);
		kills++;
		pid[i] = chaos_spawn(path, i % 10);
		if (kills % 10 == 0) {
			held_and_killed(path, &held);
			looks++;
			if (state_open(&st, path, &e) == 0 &&
			    state_lock(&st, 1000, &e) == 0 &&
			    state_check(&st, &e) == 0)
				clean++;
			else
				diag("look %d: %s", looks, e.msg);
			state_close(&st);
		}
	}
	for (i = 0; i < CHAOS_PROCS; i++) {
		kill(pid[i], SIGKILL);
		waitpid(pid[i], &status, 0);
	}
	diag("%d random kills, %d kills while holding the lock, %d decisions",
	    kills, held, shared->ops);
	ok(held >= 10, "children were killed while holding the lock (%d)",
	    held);
	is_int(clean, looks, "the file checked clean at every look during the "
	    "kills (%d)", looks);
	ok(shared->ops > 1000, "the survivors kept deciding (%d decisions)",
	    shared->ops);
	is_int(shared->internal, 0, "no decision failed with an internal "
	    "error");

	if (state_open(&st, path, &e) == -1)
		bail("state_open: %s", e.msg);
	is_int(state_lock(&st, 1000, &e), 0, "after the kills a fresh lock is "
	    "had");
	if (st.rebuilt[0] != '\0')
		diag("the last lock rebuilt the file: %s", st.rebuilt);
	is_int(state_check(&st, &e), 0, "and the file checks clean");
	for (used = i = 0; i < STATE_RUN_SLOTS; i++)
		if (st.run[i].pid != 0)
			used++;
	state_unlock(&st);
	diag("%d run slots left by killed processes", used);
	is_int(admit_claim(&st, "final", 1, 1, getpid(),
	    state_proc_start(getpid()), &slot, &e), 0,
	    "every slot of a killed process is reclaimed at the global cap");
	admit_release(&st, &slot);
	if (state_lock(&st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
	for (used = i = 0; i < STATE_RUN_SLOTS; i++)
		if (st.run[i].pid != 0)
			used++;
	is_int(used, 0, "no run slot is left held");
	is_int(state_check(&st, &e), 0, "the file still checks clean");
	state_close(&st);
}

/* CREATE_PROCS processes race to create and use a missing file. */
static void
race_create(void)
{
	struct state	st;
	struct stat	sb;
	struct err	e;
	char		c;
	int		bar[2], n[CHILD_FAILED + 1], status, i;
	pid_t		pid;

	if (pipe(bar) == -1)
		bail("pipe: %s", strerror(errno));
	for (i = 0; i < CREATE_PROCS; i++) {
		if ((pid = fork()) == -1)
			bail("fork: %s", strerror(errno));
		if (pid == 0) {
			(void)close(bar[1]);
			(void)read(bar[0], &c, 1);
			_exit(decide(path_in("create"), "ip:c", 1000));
		}
	}
	(void)close(bar[0]);
	(void)close(bar[1]);
	memset(n, 0, sizeof(n));
	while (wait(&status) > 0)
		n[child_status(status)]++;
	is_int(n[CHILD_ADMITTED], CREATE_PROCS, "%d processes racing to create "
	    "the file are all admitted", CREATE_PROCS);
	if (stat(path_in("create"), &sb) == -1)
		bail("stat: %s", strerror(errno));
	is_int(sb.st_mode & 07777, 0600, "the file has mode 0600");
	if (state_open(&st, path_in("create"), &e) == -1 ||
	    state_lock(&st, 1000, &e) == -1)
		bail("state: %s", e.msg);
	is_int(st.hdr->builds, 1, "it was built exactly once");
	is_int(state_check(&st, &e), 0, "it checks clean");
	for (i = 0; i < STATE_RATE_SLOTS; i++)
		if (strcmp(st.rate[i].key, "ip:c") == 0)
			break;
	is_int(i < STATE_RATE_SLOTS ? st.rate[i].tat : -1,
	    NOW + CREATE_PROCS * (60 * S / 1000),
	    "the bucket counts all %d admissions", CREATE_PROCS);
	state_close(&st);
}

int
main(void)
{
	struct state	st;
	struct err	e;
	int		i;

	if (mkdtemp(dir) == NULL)
		bail("mkdtemp: %s", strerror(errno));
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		bail("mmap: %s", strerror(errno));

	/* Build the burst file first: the race is on the bucket. */
	if (state_open(&st, path_in("burst"), &e) == -1 ||
	    state_lock(&st, 1000, &e) == -1)
		bail("state: %s", e.msg);
	state_close(&st);
	for (i = 1; i <= BURST_ROUNDS; i++)
		race_burst(i);
	race_chaos();
	race_create();

	(void)unlink(path_in("burst"));
	(void)unlink(path_in("chaos"));
	(void)unlink(path_in("create"));
	if (rmdir(dir) == -1)
		diag("rmdir %s: %s", dir, strerror(errno));
	(void)munmap(shared, sizeof(*shared));
	done_testing();
	return exit_status();
}
