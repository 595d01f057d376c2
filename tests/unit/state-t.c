/* state-t.c: unit tests for the shared state file (state.c). */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "tap.h"

#define FULL_SIZE	(sizeof(struct state_header) + \
			    STATE_RATE_SLOTS * sizeof(struct state_rate) + \
			    STATE_RUN_SLOTS * sizeof(struct state_run) + \
			    STATE_POOL_SLOTS * sizeof(struct state_pool))

static char	dir[] = "/tmp/state-t.XXXXXX";

static const char *path_in(const char *);
static void	remove_all(void);
static long	ms_since(const struct timespec *);
static void	lock_or_bail(struct state *);
static void	reopen_expect(const char *, const char *, const char *);
static void	test_create(void);
static void	test_refuse(void);
static void	test_rebuild(void);
static void	test_check(void);
static void	test_lock_timeout(void);
static void	test_proc_start(void);
static void	test_boot_id(void);
static void	test_now(void);

static const char *
path_in(const char *name)
{
	static char	buf[256];

	(void)snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static void
remove_all(void)
{
	const char	*names[] = { "new", "new2", "open", "lax", "link", "subdir",
			    "foreign", "short", "damage", "lock", NULL };
	int		 i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], "subdir") == 0)
			(void)rmdir(path_in(names[i]));
		else
			(void)unlink(path_in(names[i]));
	}
	if (rmdir(dir) == -1)
		diag("rmdir %s: %s", dir, strerror(errno));
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	t1;

	(void)clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void
lock_or_bail(struct state *st)
{
	struct err	e;

	if (state_lock(st, 1000, &e) == -1)
		bail("state_lock: %s", e.msg);
}

/* Lock a fresh handle on name and expect a rebuild whose reason starts so. */
static void
reopen_expect(const char *name, const char *why, const char *what)
{
	struct state	st;
	struct err	e;

	if (state_open(&st, path_in(name), &e) == -1)
		bail("state_open: %s", e.msg);
	is_int(state_lock(&st, 1000, &e), 0, "%s: the lock is taken", what);
	ok(strncmp(st.rebuilt, why, strlen(why)) == 0,
	    "%s: the file is rebuilt (\"%s\")", what, st.rebuilt);
	is_int(state_check(&st, &e), 0, "%s: the rebuilt file checks clean",
	    what);
	state_close(&st);
}

static void
test_create(void)
{
	struct state	st;
	struct stat	sb;
	struct err	e;
	uint64_t	salt;

	is_int(state_open(&st, path_in("new"), &e), 0,
	    "a missing state file is created");
	if (stat(path_in("new"), &sb) == -1)
		bail("stat: %s", strerror(errno));
	is_int(sb.st_mode & 07777, 0600, "it is created with mode 0600");
	is_int(sb.st_size, 0, "it stays empty until the first lock");
	is_int(state_lock(&st, 1000, &e), 0, "the first lock succeeds");
	is_string(st.rebuilt, "new file", "the first lock builds a new file");
	if (stat(path_in("new"), &sb) == -1)
		bail("stat: %s", strerror(errno));
	is_int(sb.st_size, FULL_SIZE, "the file then has its full size (%zu)",
	    FULL_SIZE);
	is_int(st.size, FULL_SIZE, "the whole file is mapped");
	is_bytes(st.hdr->magic, 8, STATE_MAGIC, 8, "the magic is written");
	is_int(st.hdr->version, STATE_VERSION, "the version is written");
	is_int(st.hdr->builds, 1, "the build count is one");
	ok(st.hdr->salt != 0, "a random salt keys the slot hash");
	salt = st.hdr->salt;
	is_int(state_check(&st, &e), 0, "a new file checks clean");
	ok(st.locked, "the handle says it is locked");
	state_unlock(&st);
	ok(!st.locked, "unlocking clears the flag");
	is_int(state_lock(&st, 1000, &e), 0, "a second lock succeeds");
	is_string(st.rebuilt, "", "a good file is not rebuilt");
	is_int(st.hdr->builds, 1, "the build count stays one");
	is_int(state_lock(&st, 1000, &e), -1, "locking twice is refused");
	is_int(e.code, ERR_INTERNAL, "as an internal error");
	state_close(&st);

	is_int(state_open(&st, path_in("new"), &e), 0,
	    "an existing file opens");
	is_int(state_lock(&st, 1000, &e), 0, "and locks");
	is_string(st.rebuilt, "", "without a rebuild");
	ok(st.hdr->salt == salt, "the salt stays with the file");
	state_close(&st);

	is_int(state_open(&st, path_in("new2"), &e), 0, "another file opens");
	is_int(state_lock(&st, 1000, &e), 0, "and locks");
	ok(st.hdr->salt != salt, "another file gets another salt");
	state_close(&st);
}

static void
test_refuse(void)
{
	struct state	st;
	struct err	e;
	int		fd;

	if ((fd = open(path_in("lax"), O_CREAT | O_WRONLY, 0600)) == -1 ||
	    fchmod(fd, 0644) == -1)
		bail("lax: %s", strerror(errno));
	(void)close(fd);
	is_int(state_open(&st, path_in("lax"), &e), -1,
	    "a state file with mode 0644 is refused");
	is_int(e.code, ERR_INTERNAL, "as an internal error");
	ok(strstr(e.msg, "0644") != NULL && strstr(e.msg, "chmod") != NULL,
	    "the message names the mode and the fix (%s)", e.msg);
	is_int(st.fd, -1, "no descriptor is left open");
	state_close(&st);

	if (symlink("new", path_in("link")) == -1)
		bail("symlink: %s", strerror(errno));
	is_int(state_open(&st, path_in("link"), &e), -1,
	    "a symbolic link to a good state file is refused");
	ok(strstr(e.msg, "symbolic link") != NULL, "the message says so (%s)",
	    e.msg);

	if (mkdir(path_in("subdir"), 0700) == -1)
		bail("mkdir: %s", strerror(errno));
	is_int(state_open(&st, path_in("subdir"), &e), -1,
	    "a directory is refused");
	ok(strstr(e.msg, "directory") != NULL, "the message says so (%s)",
	    e.msg);

	is_int(state_open(&st, path_in("nodir/state"), &e), -1,
	    "a path in a missing directory is refused");
	ok(strstr(e.msg, "nodir/state") != NULL, "the message names the path");
}

static void
test_rebuild(void)
{
	struct state	 st;
	struct err	 e;
	unsigned char	*junk;
	size_t		 i;
	int		 fd;

	/* Random bytes of the right size: the magic is wrong. */
	if ((junk = malloc(FULL_SIZE)) == NULL)
		bail("malloc");
	srandom(42);
	for (i = 0; i < FULL_SIZE; i++)
		junk[i] = random() & 0xff;
	if ((fd = open(path_in("foreign"), O_CREAT | O_WRONLY, 0600)) == -1 ||
	    write(fd, junk, FULL_SIZE) != (ssize_t)FULL_SIZE)
		bail("foreign: %s", strerror(errno));
	(void)close(fd);
	reopen_expect("foreign", "wrong magic", "a foreign file of the right "
	    "size");

	/* A short foreign file, and then a too long one. */
	if ((fd = open(path_in("short"), O_CREAT | O_WRONLY, 0600)) == -1 ||
	    write(fd, junk, 1000) != 1000)
		bail("short: %s", strerror(errno));
	(void)close(fd);
	reopen_expect("short", "wrong size (1000 bytes",
	    "a short foreign file");
	if ((fd = open(path_in("short"), O_WRONLY | O_APPEND)) == -1 ||
	    write(fd, junk, 1000) != 1000)
		bail("short: %s", strerror(errno));
	(void)close(fd);
	reopen_expect("short", "wrong size", "a file that grew");
	free(junk);

	/* Damage a good file in one header field at a time. */
	if (state_open(&st, path_in("damage"), &e) == -1)
		bail("state_open: %s", e.msg);
	lock_or_bail(&st);
	is_string(st.rebuilt, "new file", "the damage file starts new");
	st.hdr->version = STATE_VERSION + 1;
	state_unlock(&st);
	lock_or_bail(&st);
	is_string(st.rebuilt, "version 4, want 3", "a wrong version is "
	    "rebuilt");
	is_int(st.hdr->builds, 2, "the build count goes up");

	st.hdr->run_slots = 7;
	state_unlock(&st);
	lock_or_bail(&st);
	ok(strncmp(st.rebuilt, "geometry", 8) == 0, "a wrong geometry is "
	    "rebuilt (%s)", st.rebuilt);

	(void)strlcpy(st.hdr->boot_id, "00000000-0000-0000-0000-000000000000",
	    sizeof(st.hdr->boot_id));
	(void)strlcpy(st.rate[5].key, "ip:192.0.2.1", STATE_KEY_MAX);
	st.rate[5].tat = 12345;
	state_unlock(&st);
	lock_or_bail(&st);
	is_string(st.rebuilt, "from another boot", "a file from another boot "
	    "is rebuilt");
	is_int(st.rate[5].tat, 0, "and its buckets are emptied");
	is_string(st.rate[5].key, "", "and its keys are cleared");

	memset(st.hdr->boot_id, 'x', sizeof(st.hdr->boot_id));
	state_unlock(&st);
	lock_or_bail(&st);
	is_string(st.rebuilt, "from another boot", "an unterminated boot id "
	    "is rebuilt");

	/* A builder killed after clearing the magic. */
	memset(st.hdr->magic, 0, sizeof(st.hdr->magic));
	state_unlock(&st);
	lock_or_bail(&st);
	ok(strncmp(st.rebuilt, "wrong magic", 11) == 0, "an interrupted build "
	    "is built again");
	is_int(st.hdr->builds, 1, "a build over a bad magic counts from one");
	state_unlock(&st);

	/* Truncated under a live mapping: no SIGBUS, a rebuild. */
	if ((fd = open(path_in("damage"), O_WRONLY)) == -1 ||
	    ftruncate(fd, 100) == -1)
		bail("truncate: %s", strerror(errno));
	(void)close(fd);
	lock_or_bail(&st);
	ok(strncmp(st.rebuilt, "wrong size (100 bytes", 21) == 0,
	    "a truncated file is rebuilt (%s)", st.rebuilt);
	is_int(state_check(&st, &e), 0, "and checks clean");
	state_close(&st);
}

static void
test_check(void)
{
	struct state	st;
	struct err	e;

	if (state_open(&st, path_in("damage"), &e) == -1)
		bail("state_open: %s", e.msg);
	is_int(state_check(&st, &e), -1, "state_check refuses an unlocked "
	    "file");
	lock_or_bail(&st);
	is_int(state_check(&st, &e), 0, "an empty file checks clean");

	(void)strlcpy(st.rate[1].key, "ip:192.0.2.9", STATE_KEY_MAX);
	st.rate[1].tat = 1000;
	st.run[3].pid = 4242;
	st.run[3].start = 99;
	(void)strlcpy(st.run[3].key, "ip:192.0.2.9", STATE_KEY_MAX);
	is_int(state_check(&st, &e), 0, "used slots check clean");

	memset(st.rate[2].key, 'A', STATE_KEY_MAX);
	is_int(state_check(&st, &e), -1, "an unterminated rate key is found");
	ok(strstr(e.msg, "rate slot 2") != NULL, "the message names the slot "
	    "(%s)", e.msg);
	memset(&st.rate[2], 0, sizeof(st.rate[2]));

	st.rate[7].tat = 5;
	is_int(state_check(&st, &e), -1, "a free rate slot with a time is "
	    "found");
	st.rate[7].tat = 0;

	st.rate[1].tat = -1;
	is_int(state_check(&st, &e), -1, "a negative time is found");
	st.rate[1].tat = 1000;

	st.run[4].pid = -3;
	is_int(state_check(&st, &e), -1, "a negative pid is found");
	ok(strstr(e.msg, "run slot 4") != NULL, "the message names the slot "
	    "(%s)", e.msg);
	st.run[4].pid = 0;

	st.run[5].start = 1;
	is_int(state_check(&st, &e), -1, "a free run slot with data is found");
	st.run[5].start = 0;

	memset(st.run[3].key, 'B', STATE_KEY_MAX);
	is_int(state_check(&st, &e), -1, "an unterminated run key is found");
	memset(&st.run[3], 0, sizeof(st.run[3]));

	memcpy(st.hdr->magic, "XXXXXXXX", 8);
	is_int(state_check(&st, &e), -1, "a bad header is found");
	memcpy(st.hdr->magic, STATE_MAGIC, 8);
	is_int(state_check(&st, &e), 0, "the repaired file checks clean");
	state_close(&st);
}

static void
on_alarm(int sig)
{
	(void)sig;
}

static void
test_lock_timeout(void)
{
	struct state		st, other;
	struct sigaction	sa, cur;
	struct itimerval	it;
	struct timespec		t0;
	struct err		e;
	pid_t			pid;
	long			ms;
	int			ready[2], go[2], status;
	char			c;

	if (state_open(&st, path_in("lock"), &e) == -1)
		bail("state_open: %s", e.msg);
	if (pipe(ready) == -1 || pipe(go) == -1)
		bail("pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		/* The child's own open file: flock is per open file. */
		state_close(&st);
		(void)close(ready[0]);
		(void)close(go[1]);
		if (state_open(&other, path_in("lock"), &e) == -1 ||
		    state_lock(&other, 1000, &e) == -1)
			_exit(1);
		(void)write(ready[1], "x", 1);
		(void)read(go[0], &c, 1);
		_exit(0);
	}
	(void)close(ready[1]);
	(void)close(go[0]);
	if (read(ready[0], &c, 1) != 1)
		bail("the lock holder did not start");

	/* A handler and a timer of the caller's own must survive. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = 100;
	setitimer(ITIMER_REAL, &it, NULL);

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(state_lock(&st, 150, &e), -1,
	    "a held lock is not had in 150 ms");
	ms = ms_since(&t0);
	is_int(e.code, ERR_BUSY, "that is busy (fail closed)");
	is_string(e.msg, "state file lock not available in 150 ms",
	    "the message says how long it waited");
	ok(ms >= 140 && ms < 1000, "the wait lasts about the timeout (%ld ms)",
	    ms);
	ok(!st.locked, "the handle is not locked");

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(state_lock(&st, 0, &e), -1, "a zero timeout does not wait");
	is_int(e.code, ERR_BUSY, "and is busy");
	ok(ms_since(&t0) < 50, "at once");

	sigaction(SIGALRM, NULL, &cur);
	ok(cur.sa_handler == on_alarm && (cur.sa_flags & SA_RESTART),
	    "the caller's SIGALRM handler is put back");
	getitimer(ITIMER_REAL, &it);
	ok(it.it_value.tv_sec >= 98 && it.it_value.tv_sec <= 100,
	    "the caller's timer is put back (%ld s left)",
	    (long)it.it_value.tv_sec);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGALRM, &sa, NULL);

	/* The holder lets go during the wait. */
	if ((pid_t)fork() == 0) {
		usleep(80000);
		(void)write(go[1], "x", 1);
		_exit(0);
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(state_lock(&st, 2000, &e), 0, "a lock let go during the wait is "
	    "had");
	ms = ms_since(&t0);
	ok(ms >= 60 && ms < 1500, "after the holder let go (%ld ms)", ms);
	state_unlock(&st);
	while (wait(&status) > 0)
		;
	(void)close(ready[0]);
	(void)close(go[1]);

	/* A holder that is killed: the kernel drops its lock. */
	if (pipe(ready) == -1)
		bail("pipe: %s", strerror(errno));
	if ((pid = fork()) == 0) {
		state_close(&st);
		if (state_open(&other, path_in("lock"), &e) == -1 ||
		    state_lock(&other, 1000, &e) == -1)
			_exit(1);
		(void)write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	(void)close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		bail("the lock holder did not start");
	(void)close(ready[0]);
	is_int(state_lock(&st, 50, &e), -1, "the live holder keeps the lock");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	is_int(state_lock(&st, 1000, &e), 0, "a killed holder's lock is had");
	is_int(state_check(&st, &e), 0, "and the file checks clean");
	state_close(&st);
}

static void
test_proc_start(void)
{
	uint64_t	me, child = 0;
	pid_t		pid;
	int		status, p[2];

	me = state_proc_start(getpid());
	ok(me > 0, "this process has a start time (%llu)",
	    (unsigned long long)me);
	is_int(state_proc_start(getpid()) == me, 1, "it does not change");
	is_int(state_proc_start(0), 0, "pid 0 has none");
	is_int(state_proc_start(-1), 0, "a negative pid has none");

	if (pipe(p) == -1)
		bail("pipe: %s", strerror(errno));
	if ((pid = fork()) == 0) {
		uint64_t	s1, s2;

		s1 = state_proc_start(getpid());
		(void)prctl(PR_SET_NAME, "a) b (c) d", 0, 0, 0);
		s2 = state_proc_start(getpid());
		(void)close(p[0]);
		(void)write(p[1], &s1, sizeof(s1));
		_exit(s1 != 0 && s1 == s2 ? 0 : 1);
	}
	(void)close(p[1]);
	/* Its start time, then EOF: the child is done. */
	if (read(p[0], &child, sizeof(child)) != (ssize_t)sizeof(child))
		child = 0;
	(void)close(p[0]);
	usleep(20000);
	is_int(state_proc_start(pid), 0, "an exited child that is not reaped "
	    "(a zombie) counts as gone");
	is_int(state_proc_gone(pid, child), 1, "so state_proc_gone says it is "
	    "gone");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "a name with spaces and ')' does not confuse the parser");
	is_int(state_proc_start(pid), 0, "a reaped child has none");
	ok(child != 0 && state_proc_gone(pid, child),
	    "a reaped child is gone, by the start time it had");

	is_int(state_proc_gone(getpid(), me), 0,
	    "a process with its own start time is not gone");
	is_int(state_proc_gone(getpid(), me + 1), 1,
	    "the same pid with another start time is gone (a reused pid)");
	is_int(state_proc_gone(getpid(), 0), 1,
	    "an owner without a start time is gone (a slot half written)");
}

static void
test_boot_id(void)
{
	const char	*a = NULL, *b = NULL;
	struct err	 e;

	ok(state_boot_id(&a, &e) == 0 && a != NULL && strlen(a) == 36,
	    "this boot has an id (%s)", a != NULL ? a : "none");
	ok(state_boot_id(&b, &e) == 0 && b != NULL && strcmp(a, b) == 0,
	    "it is read once and does not change");
}

static void
test_now(void)
{
	int64_t	a, b;

	a = state_now();
	usleep(2000);
	b = state_now();
	ok(a > 0 && b - a >= 2000000 && b - a < 1000000000,
	    "state_now counts nanoseconds forward");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp: %s", strerror(errno));
	test_create();
	test_refuse();
	test_rebuild();
	test_check();
	test_lock_timeout();
	test_proc_start();
	test_boot_id();
	test_now();
	remove_all();
	done_testing();
	return exit_status();
}
