/*
 * state.c: the shared state file behind the limits: open it safely, lock
 * it with a bounded wait, check its header and rebuild it when it is new,
 * damaged, foreign or from another boot.  See docs/admission.md.
 */
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "state.h"

#define STATE_BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"
#define STATE_STAT_MAX		1024	/* /proc/PID/stat is shorter */
#define STATE_STAT_START	22	/* starttime's field number */
#define STATE_RETRY_US		10000	/* re-fire the alarm: see lock_wait */

/* Keep stores to the shared mapping in program order (see rebuild). */
#define STATE_ORDER()	atomic_signal_fence(memory_order_seq_cst)

static size_t	state_size(void);
static int	state_map(struct state *, struct err *);
static const char *state_bad_header(const struct state *, const char *,
		    char *, size_t);
static int	state_rebuild(struct state *, off_t, const char *,
		    struct err *);
static void	state_on_alarm(int);
static int	state_lock_wait(struct state *, int, struct err *);
static int	state_key_ok(const char *);
static int	state_zero(const void *, size_t);

static volatile sig_atomic_t	state_alarmed;

/* The file's full size for this build's geometry. */
static size_t
state_size(void)
{
	return sizeof(struct state_header) +
	    STATE_RATE_SLOTS * sizeof(struct state_rate) +
	    STATE_RUN_SLOTS * sizeof(struct state_run) +
	    STATE_POOL_SLOTS * sizeof(struct state_pool);
}

/*
 * This boot's id, read once per process: CLOCK_BOOTTIME values are only
 * comparable within one boot.
 */
int
state_boot_id(const char **idp, struct err *e)
{
	static char	 id[STATE_BOOT_ID_MAX];
	char		 buf[STATE_BOOT_ID_MAX + 2];
	FILE		*f;
	size_t		 n;

	if (id[0] != '\0') {
		*idp = id;
		return 0;
	}
	if ((f = fopen(STATE_BOOT_ID_PATH, "re")) == NULL)
		return err_set(e, ERR_INTERNAL, "%s: %s", STATE_BOOT_ID_PATH,
		    strerror(errno));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	(void)fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (buf[0] == '\0' || strlcpy(id, buf, sizeof(id)) >= sizeof(id)) {
		id[0] = '\0';
		return err_set(e, ERR_INTERNAL, "%s: unexpected contents",
		    STATE_BOOT_ID_PATH);
	}
	*idp = id;
	return 0;
}

int
state_open(struct state *st, const char *path, struct err *e)
{
	struct stat	sb;
	int		ret = -1;

	memset(st, 0, sizeof(*st));
	st->fd = -1;
	/* O_CREAT without O_EXCL: any number of racers get the same file. */
	st->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	    O_NOCTTY, 0600);
	if (st->fd == -1) {
		if (errno == ELOOP)
			err_set(e, ERR_INTERNAL, "state file %s is a symbolic "
			    "link", path);
		else if (errno == EISDIR)
			err_set(e, ERR_INTERNAL, "state file %s is a "
			    "directory", path);
		else
			err_set(e, ERR_INTERNAL, "state file %s: %s", path,
			    strerror(errno));
		goto out;
	}
	if (fstat(st->fd, &sb) == -1) {
		err_set(e, ERR_INTERNAL, "state file %s: fstat: %s", path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		err_set(e, ERR_INTERNAL, "state file %s is not a regular file",
		    path);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		err_set(e, ERR_INTERNAL, "state file %s is owned by uid %lu, "
		    "not %lu", path, (unsigned long)sb.st_uid,
		    (unsigned long)geteuid());
		goto out;
	}
	if ((sb.st_mode & 077) != 0) {
		err_set(e, ERR_INTERNAL, "state file %s has mode %04o: group "
		    "and others must have no access (chmod 600)", path,
		    (unsigned int)(sb.st_mode & 07777));
		goto out;
	}
	ret = 0;
 out:
	if (ret == -1 && st->fd != -1) {
		(void)close(st->fd);
		st->fd = -1;
	}
	return ret;
}

/* Map the whole file once its size is right. */
static int
state_map(struct state *st, struct err *e)
{
	size_t	 size = state_size();
	void	*p;

	if (st->map != NULL)
		return 0;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, st->fd, 0);
	if (p == MAP_FAILED)
		return err_set(e, ERR_INTERNAL, "state file: mmap: %s",
		    strerror(errno));
	st->map = p;
	st->size = size;
	st->hdr = p;
	st->rate = (struct state_rate *)((char *)p +
	    sizeof(struct state_header));
	st->run = (struct state_run *)(st->rate + STATE_RATE_SLOTS);
	st->pool = (struct state_pool *)(st->run + STATE_RUN_SLOTS);
	return 0;
}

/* Why the header of a full-size mapped file is not ours, or NULL. */
static const char *
state_bad_header(const struct state *st, const char *boot_id, char *why,
    size_t len)
{
	const struct state_header	*h = st->hdr;

	if (memcmp(h->magic, STATE_MAGIC, sizeof(h->magic)) != 0)
		return "wrong magic (not a runbox state file, or a build that "
		    "was interrupted)";
	if (h->version != STATE_VERSION) {
		(void)snprintf(why, len, "version %lu, want %d",
		    (unsigned long)h->version, STATE_VERSION);
		return why;
	}
	if (h->rate_slots != STATE_RATE_SLOTS ||
	    h->run_slots != STATE_RUN_SLOTS || h->key_max != STATE_KEY_MAX ||
	    h->pool_slots != STATE_POOL_SLOTS) {
		(void)snprintf(why, len, "geometry %lu/%lu/%lu/%lu, want "
		    "%d/%d/%d/%d", (unsigned long)h->rate_slots,
		    (unsigned long)h->run_slots, (unsigned long)h->key_max,
		    (unsigned long)h->pool_slots, STATE_RATE_SLOTS,
		    STATE_RUN_SLOTS, STATE_KEY_MAX, STATE_POOL_SLOTS);
		return why;
	}
	if (memchr(h->boot_id, '\0', sizeof(h->boot_id)) == NULL ||
	    strcmp(h->boot_id, boot_id) != 0)
		return "from another boot";
	return NULL;
}

/*
 * Build an empty file of the right size.  The magic is cleared first and
 * written last, so a builder killed half way leaves a file that the next
 * locker builds again.  Disk space is reserved up front: a store into a
 * hole of a full file system would be SIGBUS, not an error.
 */
static int
state_rebuild(struct state *st, off_t oldsize, const char *why,
    struct err *e)
{
	struct state_header	*h;
	const char		*boot_id;
	uint64_t		 builds = 0;
	size_t			 size = state_size();
	int			 r;

	if (state_boot_id(&boot_id, e) == -1)
		return -1;
	if (oldsize > (off_t)size && ftruncate(st->fd, (off_t)size) == -1)
		return err_set(e, ERR_INTERNAL, "state file: ftruncate: %s",
		    strerror(errno));
	if ((r = posix_fallocate(st->fd, 0, (off_t)size)) != 0 &&
	    r != EOPNOTSUPP && r != EINVAL)
		return err_set(e, ERR_INTERNAL, "state file: fallocate: %s",
		    strerror(r));
	if (r != 0 && oldsize < (off_t)size &&
	    ftruncate(st->fd, (off_t)size) == -1)
		return err_set(e, ERR_INTERNAL, "state file: ftruncate: %s",
		    strerror(errno));
	if (state_map(st, e) == -1)
		return -1;
	h = st->hdr;
	if (oldsize == (off_t)size &&
	    memcmp(h->magic, STATE_MAGIC, sizeof(h->magic)) == 0)
		builds = h->builds;
	memset(h->magic, 0, sizeof(h->magic));
	STATE_ORDER();
	memset(st->map, 0, size);
	h->version = STATE_VERSION;
	h->rate_slots = STATE_RATE_SLOTS;
	h->run_slots = STATE_RUN_SLOTS;
	h->key_max = STATE_KEY_MAX;
	h->pool_slots = STATE_POOL_SLOTS;
	(void)strlcpy(h->boot_id, boot_id, sizeof(h->boot_id));
	h->builds = builds + 1;
	if (getentropy(&h->salt, sizeof(h->salt)) == -1)
		return err_set(e, ERR_INTERNAL, "getentropy: %s",
		    strerror(errno));
	STATE_ORDER();
	memcpy(h->magic, STATE_MAGIC, sizeof(h->magic));
	(void)strlcpy(st->rebuilt, why, sizeof(st->rebuilt));
	return 0;
}

static void
state_on_alarm(int sig)
{
	(void)sig;
	state_alarmed = 1;
}

/*
 * flock(2) with a bounded wait.  SIGALRM without SA_RESTART interrupts
 * the wait; the timer repeats every STATE_RETRY_US so that an alarm that
 * lands just before flock is entered cannot leave it blocked for good.
 * The caller's handler, timer and signal mask are put back.
 */
static int
state_lock_wait(struct state *st, int timeout_ms, struct err *e)
{
	struct sigaction	 sa, osa;
	struct itimerval	 it, oit;
	struct timespec		 t0, t1;
	sigset_t		 set, oset;
	int64_t			 deadline, elapsed_us, left_us;
	int			 ret = -1, armed = 0, saved = 0, masked = 0;

	(void)clock_gettime(CLOCK_MONOTONIC, &t0);
	deadline = (int64_t)t0.tv_sec * 1000000 + t0.tv_nsec / 1000 +
	    (int64_t)timeout_ms * 1000;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = state_on_alarm;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, &osa) == -1) {
		err_set(e, ERR_INTERNAL, "sigaction: %s", strerror(errno));
		goto out;
	}
	saved = 1;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	if (sigprocmask(SIG_UNBLOCK, &set, &oset) == -1) {
		err_set(e, ERR_INTERNAL, "sigprocmask: %s", strerror(errno));
		goto out;
	}
	masked = 1;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = timeout_ms / 1000;
	it.it_value.tv_usec = (suseconds_t)(timeout_ms % 1000) * 1000;
	it.it_interval.tv_usec = STATE_RETRY_US;
	state_alarmed = 0;
	if (setitimer(ITIMER_REAL, &it, &oit) == -1) {
		err_set(e, ERR_INTERNAL, "setitimer: %s", strerror(errno));
		goto out;
	}
	armed = 1;
	for (;;) {
		if (flock(st->fd, LOCK_EX) == 0)
			break;
		if (errno != EINTR) {
			err_set(e, ERR_INTERNAL, "state file: flock: %s",
			    strerror(errno));
			goto out;
		}
		(void)clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((int64_t)t1.tv_sec * 1000000 + t1.tv_nsec / 1000 >=
		    deadline) {
			err_set(e, ERR_BUSY, "state file lock not available in "
			    "%d ms", timeout_ms);
			goto out;
		}
	}
	ret = 0;
 out:
	if (armed) {
		memset(&it, 0, sizeof(it));
		(void)setitimer(ITIMER_REAL, &it, NULL);
		/* The caller's alarm, less the time spent here. */
		if (oit.it_value.tv_sec != 0 || oit.it_value.tv_usec != 0) {
			(void)clock_gettime(CLOCK_MONOTONIC, &t1);
			elapsed_us = ((int64_t)t1.tv_sec - t0.tv_sec) *
			    1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
			left_us = (int64_t)oit.it_value.tv_sec * 1000000 +
			    oit.it_value.tv_usec - elapsed_us;
			if (left_us < 1)
				left_us = 1;
			oit.it_value.tv_sec = left_us / 1000000;
			oit.it_value.tv_usec = left_us % 1000000;
			(void)setitimer(ITIMER_REAL, &oit, NULL);
		}
	}
	if (masked)
		(void)sigprocmask(SIG_SETMASK, &oset, NULL);
	if (saved)
		(void)sigaction(SIGALRM, &osa, NULL);
	return ret;
}

int
state_lock(struct state *st, int timeout_ms, struct err *e)
{
	struct stat	 sb;
	const char	*boot_id, *why;
	char		 whybuf[sizeof(st->rebuilt)];
	int		 ret = -1;

	st->rebuilt[0] = '\0';
	if (st->fd == -1 || st->locked)
		return err_set(e, ERR_INTERNAL, "state file: not open, or "
		    "locked twice");
	if (state_boot_id(&boot_id, e) == -1)
		return -1;
	/* The uncontended case costs one system call. */
	if (flock(st->fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK)
			return err_set(e, ERR_INTERNAL, "state file: flock: %s",
			    strerror(errno));
		if (timeout_ms <= 0)
			return err_set(e, ERR_BUSY, "state file lock not "
			    "available");
		if (state_lock_wait(st, timeout_ms, e) == -1)
			return -1;
	}
	st->locked = 1;

	if (fstat(st->fd, &sb) == -1) {
		err_set(e, ERR_INTERNAL, "state file: fstat: %s",
		    strerror(errno));
		goto out;
	}
	if (sb.st_size != (off_t)state_size()) {
		if (sb.st_size == 0)
			why = "new file";
		else {
			(void)snprintf(whybuf, sizeof(whybuf), "wrong size "
			    "(%lld bytes, want %zu)", (long long)sb.st_size,
			    state_size());
			why = whybuf;
		}
		if (state_rebuild(st, sb.st_size, why, e) == -1)
			goto out;
	} else {
		if (state_map(st, e) == -1)
			goto out;
		why = state_bad_header(st, boot_id, whybuf, sizeof(whybuf));
		if (why != NULL &&
		    state_rebuild(st, sb.st_size, why, e) == -1)
			goto out;
	}
	ret = 0;
 out:
	if (ret == -1)
		state_unlock(st);
	return ret;
}

void
state_unlock(struct state *st)
{
	if (!st->locked)
		return;
	(void)flock(st->fd, LOCK_UN);
	st->locked = 0;
}

void
state_close(struct state *st)
{
	state_unlock(st);
	if (st->map != NULL)
		(void)munmap(st->map, st->size);
	if (st->fd != -1)
		(void)close(st->fd);
	st->map = NULL;
	st->hdr = NULL;
	st->rate = NULL;
	st->run = NULL;
	st->pool = NULL;
	st->size = 0;
	st->fd = -1;
}

/* A key field holds a NUL. */
static int
state_key_ok(const char *key)
{
	return memchr(key, '\0', STATE_KEY_MAX) != NULL;
}

static int
state_zero(const void *p, size_t n)
{
	const unsigned char	*c = p;
	size_t			 i;

	for (i = 0; i < n; i++)
		if (c[i] != 0)
			return 0;
	return 1;
}

int
state_check(const struct state *st, struct err *e)
{
	const struct state_rate	*r;
	const struct state_run	*u;
	const struct state_pool	*p;
	const char		*boot_id, *bad;
	char			 why[128];
	size_t			 i;

	if (!st->locked || st->map == NULL)
		return err_set(e, ERR_INTERNAL, "state file not locked");
	if (state_boot_id(&boot_id, e) == -1)
		return -1;
	if ((bad = state_bad_header(st, boot_id, why, sizeof(why))) != NULL)
		return err_set(e, ERR_INTERNAL, "header: %s", bad);
	for (i = 0; i < STATE_RATE_SLOTS; i++) {
		r = &st->rate[i];
		if (!state_key_ok(r->key))
			return err_set(e, ERR_INTERNAL, "rate slot %zu: key "
			    "not terminated", i);
		if (r->key[0] == '\0' && !state_zero(r, sizeof(*r)))
			return err_set(e, ERR_INTERNAL, "rate slot %zu: free "
			    "but not zeroed", i);
		if (r->tat < 0)
			return err_set(e, ERR_INTERNAL, "rate slot %zu: "
			    "negative time", i);
	}
	for (i = 0; i < STATE_RUN_SLOTS; i++) {
		u = &st->run[i];
		if (u->pid < 0)
			return err_set(e, ERR_INTERNAL, "run slot %zu: pid %ld",
			    i, (long)u->pid);
		if (u->pid == 0 && !state_zero(u, sizeof(*u)))
			return err_set(e, ERR_INTERNAL, "run slot %zu: free "
			    "but not zeroed", i);
		if (!state_key_ok(u->key))
			return err_set(e, ERR_INTERNAL, "run slot %zu: key "
			    "not terminated", i);
	}
	for (i = 0; i < STATE_POOL_SLOTS; i++) {
		p = &st->pool[i];
		if (p->state > STATE_POOL_CLAIMED)
			return err_set(e, ERR_INTERNAL, "pool slot %zu: state "
			    "%lu", i, (unsigned long)p->state);
		if (p->state == STATE_POOL_FREE && !state_zero(p, sizeof(*p)))
			return err_set(e, ERR_INTERNAL, "pool slot %zu: free "
			    "but not zeroed", i);
		if (memchr(p->language, '\0', sizeof(p->language)) == NULL ||
		    memchr(p->image, '\0', sizeof(p->image)) == NULL ||
		    memchr(p->name, '\0', sizeof(p->name)) == NULL ||
		    memchr(p->invocation, '\0', sizeof(p->invocation)) == NULL)
			return err_set(e, ERR_INTERNAL, "pool slot %zu: a "
			    "name not terminated", i);
		if (p->state != STATE_POOL_FREE && p->name[0] == '\0')
			return err_set(e, ERR_INTERNAL, "pool slot %zu: in use "
			    "without a name", i);
		if ((p->state == STATE_POOL_STARTING ||
		    p->state == STATE_POOL_CLAIMED) && p->pid <= 0)
			return err_set(e, ERR_INTERNAL, "pool slot %zu: no "
			    "owner", i);
	}
	return 0;
}

int64_t
state_now(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t
state_proc_start(pid_t pid)
{
	char			 path[64], buf[STATE_STAT_MAX], *p, *tok, *end;
	unsigned long long	 v;
	ssize_t			 n;
	int			 fd, field;

	if (pid <= 0)
		return 0;
	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm (field 2) may hold spaces and ')': start after the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return 0;
	p++;
	for (field = 3; ; field++) {
		while (*p == ' ')
			p++;
		tok = p;
		while (*p != ' ' && *p != '\0' && *p != '\n')
			p++;
		if (tok == p)
			return 0;
		/* A zombie has stopped running: its slot may go. */
		if (field == 3 && (*tok == 'Z' || *tok == 'X'))
			return 0;
		if (field == STATE_STAT_START)
			break;
	}
	errno = 0;
	v = strtoull(tok, &end, 10);
	if (errno != 0 || end != p)
		return 0;
	return v;
}

int
state_proc_gone(pid_t pid, uint64_t start)
{
	/* No start time: a slot half written by a process killed meanwhile. */
	return start == 0 || state_proc_start(pid) != start;
}
