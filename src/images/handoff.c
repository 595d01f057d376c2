/*
 * runbox-handoff: the first program, and the init, of every runbox
 * container (protocol 7: docs/protocol.md, "Inside the container").
 *
 * runbox sends, on the container's stdin (the attach stream), a sequence
 * of netstrings: a token (32 hex digits), the limits ("TIMEOUT_MS
 * GRACE_MS MAX_OUTPUT PIN COMPILE_TIMEOUT_MS WAIT STEP"), the argument
 * count, that many arguments, the file count, each file's name and
 * content, the code, the test count (1 for a plain run), each test's
 * input, the count of files to return and their names.  The handoff
 * writes the files (creating the directories their names hold) and the
 * code to FILE in the working directory; each test's input becomes its
 * stdin as a memory file of its own (so the program sees EOF after its
 * input, byte for byte, whatever the attach stream does).
 *
 * With -c N, the first N words after FILE are the compile command: it
 * runs first, as the compile stage, with /dev/null as stdin and
 * COMPILE_TIMEOUT_MS as its deadline.  When it fails (a non-zero exit, a
 * signal, the deadline or the cap) no test runs; otherwise, with WAIT 1,
 * the handoff reads one more netstring, "go", before the first test
 * (runbox sets the run's memory limit meanwhile).  Each test runs
 * COMMAND with the arguments appended, as the handoff's child.
 *
 * A batch (more than one test): before the first test the handoff keeps
 * a copy of the working directory (see struct snap); before each later
 * one it puts the directory back as it was and empties /dev/shm, so that
 * no test sees what an earlier one wrote.  With STEP 1 it reads "next"
 * or "stop" after each test but the last.  Once the output cap is
 * reached no further test runs.
 *
 * After the last stage that ran, the handoff returns the files asked
 * for, then ends the stream with a 'z' frame and exits.
 *
 * Each stage's stdout and stderr are two pipes of its own, which the
 * handoff reads and forwards, in the order the program wrote them, as
 * frames on the one stream runbox reads, its own stdout:
 *
 *	TAG LEN DATA	TAG 'o' (stdout) or 'e' (stderr) of a test, 'O'
 *			or 'E' of the compile, 'f' a returned file's
 *			content; LEN 32-bit big-endian, DATA LEN bytes
 *	'x' LEN REPORT	a test's exit report, after its output ('X' the
 *			compile's): TOKEN " " KIND DDD OOM END " " CPU_MS
 *			" " RSS_KB " " WALL_MS
 *	'F' LEN REPORT	a returned file's report, after its content:
 *			TOKEN " " KIND " " SIZE
 *	'z' LEN TOKEN	the end
 *
 * KIND is 'e' (exit status DDD) or 's' (signal DDD); OOM 'y' when the
 * kernel's out-of-memory killer killed a process of the container during
 * the stage, 'n' when not, '?' when its cgroup does not say; END 'n' when
 * the program ended by itself, 't' when the handoff ended it at its
 * deadline, 'o' when it ended it at MAX_OUTPUT bytes (the compile has a
 * cap of its own; the tests and the returned files share the other: see
 * runbox's src/capture.h).  CPU_MS is the user and system CPU time of
 * the stage's process and every process it started, RSS_KB the largest
 * resident set any one of them reached (wait4's rusage of each, as the
 * handoff or their parents reaped them: what a stage left running is
 * killed and reaped first), WALL_MS the time from its start to its end.
 * A returned file's KIND is 'r' (a regular file of SIZE bytes, of which
 * the 'f' frames before carry what the cap left room for), 'm' (no such
 * file), 'l' (a symbolic link, on the way or at the end: never
 * followed), 'd' (a directory), 'o' (another kind of file) or 'a' (it
 * could not be opened); SIZE is 0 but for 'r'.
 *
 * Order.  One stream carries both outputs, so the order the handoff
 * observes is the order runbox returns.  With PIN 1 the handoff and the
 * program share one CPU and the program runs as SCHED_IDLE: a write to
 * the stream the handoff does not expect wakes the handoff, which then
 * runs before the program's next instruction and takes everything the
 * other pipe holds first, so even writes with no gap between them keep
 * their order.  Writes to the stream it does expect do not wake it: it
 * drains that pipe every HANDOFF_DRAIN_MS while the program writes.
 * When the handoff is late, the inotify queue tells which pipe was
 * written first, and it takes only what the pipes held when it looked
 * (drain_both).
 * Nothing is lost: the pipes hold HANDOFF_PIPE_SIZE bytes (so a runtime
 * that writes without blocking, as node does, rarely has to queue), and
 * once the program has ended the handoff reads what is left before its
 * report.
 *
 * Deadline.  TIMEOUT_MS after the program started, the handoff sends
 * SIGTERM to every process of the container (a runtime may flush what it
 * holds), GRACE_MS later SIGKILL: the deadline holds without runbox.  At
 * MAX_OUTPUT bytes of output it keeps what fits and sends SIGKILL.
 *
 * As PID 1 it reaps every orphan; it exits with the last stage's exit
 * status, or 128+N when a signal N ended it (as docker's own init does),
 * and the kernel then ends whatever the program left behind.  It makes
 * itself non-dumpable first: it runs as the same user as the program,
 * which could otherwise ptrace it or read its memory (the token); the
 * program never holds the handoff's stdout, so it cannot write a frame
 * of its own.  Signals the program sends it are ignored, as for every
 * namespace init.  It refuses to run as anything but PID 1: its
 * kill(-1, ...) ends a container, but elsewhere every process its user
 * may signal.
 *
 * usage: runbox-handoff [-c N] FILE [COMPILE ...] COMMAND [ARG ...]
 *
 * Built static so that it runs in any image.  Exit 125 when the handoff
 * itself fails, 127 when COMMAND cannot be executed.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#define HANDOFF_MAX_ARGS	256
#define HANDOFF_MAX_FILES	64	/* runbox allows 32 */
#define HANDOFF_NAME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
				"0123456789._-"
#define HANDOFF_MAX_LEN		(64UL * 1024 * 1024)
#define HANDOFF_LEN_DIGITS	9
#define HANDOFF_TOKEN_LEN	32
#define HANDOFF_LIMITS_MAX	64	/* bytes of the limits netstring */
#define HANDOFF_REPORT_MAX	(HANDOFF_TOKEN_LEN + 7 + 3 * 21)
#define HANDOFF_MAX_TESTS	1024	/* runbox allows 256 */
#define HANDOFF_MAX_RETURNS	64	/* runbox allows 8 */
#define HANDOFF_SHM		"/dev/shm"	/* emptied between tests too */
#define HANDOFF_REAP_MS		1000	/* what the program left, once ended */
#define HANDOFF_HDR		5	/* tag, 32-bit length */
#define HANDOFF_CHUNK		65536	/* one read, one frame at most */
#define HANDOFF_PIPE_SIZE	(1024 * 1024)	/* F_SETPIPE_SZ, bytes */
#define HANDOFF_BUF_MAX		(1024 * 1024)	/* frames held for stdout */
#define HANDOFF_DRAIN_MS	1	/* the expected pipe, while written */
#define HANDOFF_LOOKS		8	/* measures of the pipes per round */
#define HANDOFF_FLUSH_AT	65536	/* bytes of frames written at once */
#define HANDOFF_FLUSH_MS	5000	/* the last frames, once ended */

struct limits {
	long long	timeout_ms;
	long long	grace_ms;
	long long	max_output;	/* bytes, each stage's own */
	int		pin;
	long long	compile_timeout_ms;
	int		wait;		/* for "go" after the compile */
	int		step;		/* "next" or "stop" after each test */
};

/* One stage: the compile or the run, its frames' tags and deadline. */
struct stage {
	char		out, err, report;	/* "oex", or "OEX" */
	long long	timeout_ms;
};

/* One of the program's outputs. */
struct src {
	int	fd;		/* read end, -1 once at EOF */
	char	tag;		/* 'o' or 'e' */
	int	armed;		/* polled although expected */
};

/* Frames waiting for room on stdout (which is non-blocking). */
static char	*ob;
static size_t	 ob_len, ob_off, ob_size;
static long long total;		/* output bytes taken, both streams */
static int	 truncated;
/* What the processes reaped so far used: CPU in µs, the largest RSS. */
static long long cpu_us, maxrss_kb;

static void	frame(char, const char *, size_t);
static void	flush_all(void);

/*
 * Once the tests run, the handoff's own failure goes out as the current
 * test's stderr frame, in order after the frames before it: on stderr
 * (the engine's stream 2) it could overtake the last report, as the
 * engine copies the two streams apart.
 */
static int	framing;

static void __attribute__((noreturn))
die(const char *msg)
{
	static int	dying;

	if (framing && !dying) {
		dying = 1;
		frame('e', msg, strlen(msg));
		flush_all();
	} else
		fputs(msg, stderr);
	_exit(125);
}

static void __attribute__((noreturn))
fail(const char *what)
{
	char	msg[512];

	snprintf(msg, sizeof(msg), "runbox-handoff: %s: %s\n", what,
	    strerror(errno));
	die(msg);
}

static void __attribute__((noreturn))
failx(const char *what)
{
	char	msg[512];

	snprintf(msg, sizeof(msg), "runbox-handoff: %s\n", what);
	die(msg);
}

/* Read exactly one byte, one read(2) at a time, never past the frame. */
static int
getbyte(void)
{
	unsigned char	c;
	ssize_t		n;

	for (;;) {
		n = read(0, &c, 1);
		if (n == 1)
			return c;
		if (n == 0)
			failx("stream ended inside the header");
		if (errno != EINTR)
			fail("read");
	}
}

/* Read a netstring's length and its colon. */
static size_t
getlen(void)
{
	size_t	len = 0;
	int	c, ndigits = 0;

	while ((c = getbyte()) != ':') {
		if (c < '0' || c > '9' || ++ndigits > HANDOFF_LEN_DIGITS)
			failx("bad length");
		len = len * 10 + (size_t)(c - '0');
	}
	if (ndigits == 0 || len > HANDOFF_MAX_LEN)
		failx("bad length");
	return len;
}

static void
getcomma(void)
{
	if (getbyte() != ',')
		failx("missing comma");
}

/* Copy exactly len bytes of stdin to fd. */
static void
copyto(int fd, size_t len)
{
	char	buf[65536];
	ssize_t	n, w, off;

	while (len > 0) {
		n = read(0, buf, len < sizeof(buf) ? len : sizeof(buf));
		if (n == 0)
			failx("stream ended inside a payload");
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail("read");
		}
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				fail("write");
			}
		}
		len -= (size_t)n;
	}
	getcomma();
}

static char *
getstring(void)
{
	size_t	 len, off = 0;
	ssize_t	 n;
	char	*s;

	len = getlen();
	if ((s = malloc(len + 1)) == NULL)
		fail("malloc");
	while (off < len) {
		n = read(0, s + off, len - off);
		if (n == 0)
			failx("stream ended inside an argument");
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail("read");
		}
		off += (size_t)n;
	}
	s[len] = '\0';
	getcomma();
	return s;
}

/* A count of at most 4 digits, up to max. */
static size_t
getcount(size_t max, const char *what)
{
	char	*s = getstring();
	size_t	 n = 0, i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i > 3)
			failx(what);
		n = n * 10 + (size_t)(s[i] - '0');
	}
	if (i == 0 || n > max)
		failx(what);
	free(s);
	return n;
}

/* Segments of HANDOFF_NAME_CHARS between '/', none empty, "." or "..". */
static int
name_ok(const char *name)
{
	const char	*seg = name, *end;
	size_t		 n;

	for (;;) {
		end = strchr(seg, '/');
		n = end == NULL ? strlen(seg) : (size_t)(end - seg);
		if (n == 0 || strspn(seg, HANDOFF_NAME_CHARS) < n ||
		    (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (end == NULL)
			return 1;
		seg = end + 1;
	}
}

/*
 * The files beside the code: a count, then each one's name (a relative
 * path runbox checked: segments of [A-Za-z0-9._-], no "." or "..") and
 * content.  Checked again, then written, with the directories they
 * need, into the working directory, which nobody but the handoff has
 * touched yet.
 */
static void
getfiles(void)
{
	struct stat	 st;
	size_t		 n, i;
	char		*name, *p;
	int		 fd;

	n = getcount(HANDOFF_MAX_FILES, "bad file count");
	for (i = 0; i < n; i++) {
		name = getstring();
		if (!name_ok(name))
			failx("bad file name");
		for (p = name; (p = strchr(p, '/')) != NULL; p++) {
			*p = '\0';
			if (mkdir(name, 0755) == -1 && (errno != EEXIST ||
			    lstat(name, &st) == -1 || !S_ISDIR(st.st_mode)))
				fail(name);
			*p = '/';
		}
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
		if (fd == -1)
			fail(name);
		copyto(fd, getlen());
		if (close(fd) == -1)
			fail("close");
		free(name);
	}
}

/* A decimal of at most 18 digits at *p, then a space or the end. */
static long long
getnum(const char **p)
{
	long long	v = 0;
	int		n = 0;

	while (**p >= '0' && **p <= '9' && n++ < 18)
		v = v * 10 + (*(*p)++ - '0');
	if (n == 0 || (**p != ' ' && **p != '\0'))
		failx("bad limits");
	if (**p == ' ')
		(*p)++;
	return v;
}

static void
getlimits(struct limits *l)
{
	const char	*p;
	char		*s;

	s = getstring();
	if (strlen(s) > HANDOFF_LIMITS_MAX)
		failx("bad limits");
	p = s;
	l->timeout_ms = getnum(&p);
	l->grace_ms = getnum(&p);
	l->max_output = getnum(&p);
	l->pin = (int)getnum(&p);
	l->compile_timeout_ms = getnum(&p);
	l->wait = (int)getnum(&p);
	l->step = (int)getnum(&p);
	if (*p != '\0' || l->timeout_ms < 1 || l->max_output < 1 ||
	    l->pin > 1 || l->wait > 1 || l->step > 1)
		failx("bad limits");
	free(s);
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * How many times the out-of-memory killer acted in this container's
 * memory cgroup, or -1 when neither cgroup v1's memory.oom_control nor
 * v2's memory.events (the container's own, mounted read-only) says.
 */
static long
oom_kills(void)
{
	static const char	*files[] = {
		"/sys/fs/cgroup/memory/memory.oom_control",
		"/sys/fs/cgroup/memory.events",
	};
	char			 buf[1024], *p;
	ssize_t			 n;
	size_t			 i;
	int			 fd;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if ((fd = open(files[i], O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		/* The line "oom_kill N" (not oom_kill_disable, oom_group_kill). */
		for (p = buf; (p = strstr(p, "oom_kill ")) != NULL; p++)
			if (p == buf || p[-1] == '\n')
				return (long)strtoul(p + 9, NULL, 10);
	}
	return -1;
}

/* Queue one frame for stdout. */
static void
frame(char tag, const char *p, size_t n)
{
	size_t	need = ob_len + HANDOFF_HDR + n;
	char	*nb;

	if (need > ob_size) {
		if (ob_off > 0) {
			memmove(ob, ob + ob_off, ob_len - ob_off);
			ob_len -= ob_off;
			need -= ob_off;
			ob_off = 0;
		}
		if (need > ob_size) {
			if ((nb = realloc(ob, need)) == NULL)
				fail("realloc");
			ob = nb;
			ob_size = need;
		}
	}
	ob[ob_len] = tag;
	ob[ob_len + 1] = (char)(n >> 24);
	ob[ob_len + 2] = (char)(n >> 16);
	ob[ob_len + 3] = (char)(n >> 8);
	ob[ob_len + 4] = (char)n;
	memcpy(ob + ob_len + HANDOFF_HDR, p, n);
	ob_len += HANDOFF_HDR + n;
}

/* Write what stdout takes without blocking. */
static void
flush_some(void)
{
	ssize_t	n;

	while (ob_off < ob_len) {
		n = write(1, ob + ob_off, ob_len - ob_off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return;
			fail("write");
		}
		ob_off += (size_t)n;
	}
	ob_off = ob_len = 0;
}

/* Everything that is left, waiting at most HANDOFF_FLUSH_MS for room. */
static void
flush_all(void)
{
	struct pollfd	pfd = { 1, POLLOUT, 0 };
	long long	end = now_ms() + HANDOFF_FLUSH_MS;

	for (flush_some(); ob_off < ob_len && now_ms() < end; flush_some())
		(void)poll(&pfd, 1, HANDOFF_DRAIN_MS * 10);
}

/* Stop the program and everything it started: all but PID 1. */
static void
kill_all(int sig)
{
	(void)kill(-1, sig);
}

/*
 * Read up to max bytes (at most HANDOFF_CHUNK) of s's pipe into buf.
 * Returns the bytes read: 0 when the pipe is empty or at its end, which
 * closes it.
 */
static size_t
readsome(struct src *s, char *buf, size_t max)
{
	ssize_t	n;

	if (max > HANDOFF_CHUNK)
		max = HANDOFF_CHUNK;
	while (s->fd != -1 && max > 0) {
		if ((n = read(s->fd, buf, max)) > 0)
			return (size_t)n;
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno != EAGAIN) {
			close(s->fd);
			s->fd = -1;
		}
		break;
	}
	return 0;
}

/*
 * Forward n bytes the program wrote to s, up to the output cap: what
 * fits is kept, and at the cap the program is killed.
 */
static void
take(const struct src *s, const struct limits *l, const char *p, size_t n)
{
	long long	room = l->max_output - total;

	if (truncated || n == 0)
		return;
	if ((long long)n > room) {
		/* What fits is kept; the program ends here. */
		n = (size_t)room;
		truncated = 1;
		kill_all(SIGKILL);
	}
	if (n > 0)
		frame(s->tag, p, n);
	total += (long long)n;
}

/*
 * Close s's pipe if it is at its end (all its writers gone and nothing
 * left), without reading what may have come since it was found empty.
 */
static void
ended(struct src *s)
{
	struct pollfd	pfd = { s->fd, POLLIN, 0 };

	if (s->fd != -1 && poll(&pfd, 1, 0) == 1 &&
	    (pfd.revents & POLLIN) == 0) {
		close(s->fd);
		s->fd = -1;
	}
}

/*
 * Forward up to max bytes of what s's pipe holds, up to the output cap
 * and while the frames waiting for stdout stay under HANDOFF_BUF_MAX.
 * Returns the bytes read.
 */
static size_t
drain(struct src *s, const struct limits *l, size_t max)
{
	char		buf[HANDOFF_CHUNK];
	size_t		got = 0, n;

	while (got < max && !truncated && ob_len - ob_off < HANDOFF_BUF_MAX &&
	    (n = readsome(s, buf, max - got)) > 0) {
		got += n;
		take(s, l, buf, n);
	}
	return got;
}

/* The program's two pipes, as large as the kernel lets us have them. */
static void
outputs(int po[2], int pe[2])
{
	if (pipe2(po, O_CLOEXEC) == -1 || pipe2(pe, O_CLOEXEC) == -1)
		fail("pipe");
	/* An unprivileged user may be refused: the default then. */
	(void)fcntl(po[0], F_SETPIPE_SZ, HANDOFF_PIPE_SIZE);
	(void)fcntl(pe[0], F_SETPIPE_SZ, HANDOFF_PIPE_SIZE);
}

/*
 * Reap one process (as wait4(-1, ...)), adding what it and the children
 * it reaped used to cpu_us and maxrss_kb.
 */
static pid_t
reap(int flags, int *status)
{
	struct rusage	ru;
	pid_t		pid;

	if ((pid = wait4(-1, status, flags, &ru)) > 0) {
		cpu_us += (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
		    1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
		if (ru.ru_maxrss > maxrss_kb)
			maxrss_kb = ru.ru_maxrss;
	}
	return pid;
}

/*
 * What the program left running once it has ended: killed and reaped
 * (so that its use counts), for HANDOFF_REAP_MS at most.
 */
static void
reap_rest(int sfd)
{
	struct signalfd_siginfo	si;
	struct pollfd		pfd = { sfd, POLLIN, 0 };
	long long		end = now_ms() + HANDOFF_REAP_MS;
	int			st;
	pid_t			pid;

	kill_all(SIGKILL);
	for (;;) {
		while ((pid = reap(WNOHANG, &st)) > 0)
			;
		if (pid == -1 || now_ms() >= end)
			return;	/* ECHILD: none left */
		(void)poll(&pfd, 1, (int)(end - now_ms()));
		while (read(sfd, &si, sizeof(si)) > 0)
			;
	}
}

/*
 * Read the inotify queue's events for the program's pipes: *first is
 * set to the pipe (0 or 1) written first since the last look, unless it
 * already names one, *last to the pipe written last, and *runs counts
 * the runs of writes to one pipe (1 + the switches between pipes).  The
 * kernel queues one IN_MODIFY event per write, in the writers' order
 * across both pipes (merging a write into the last event when it names
 * the same pipe), so the queue tells the order even when the handoff was
 * not woken in time.  Reading the queue empties it, so each look covers
 * the writes since the one before.  Returns the number of events read
 * for the pipes: 0, and nothing changes, when there is no queue (ifd -1).
 */
static int
look(int ifd, const int wd[2], int *first, int *last, int *runs)
{
	char			 buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t			 n, off;
	int			 i, seen = 0;

	if (ifd == -1)
		return 0;
	while ((n = read(ifd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += (ssize_t)sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			for (i = 0; i < 2; i++)
				if (ev->wd == wd[i] && (ev->mask & IN_MODIFY)) {
					if (*first == -1)
						*first = i;
					if (*runs == 0 || i != *last)
						(*runs)++;
					*last = i;
					seen++;
				}
		}
	return seen;
}

/*
 * Bytes waiting in s's pipe: 0 when it is closed or the kernel does not
 * say.
 */
static size_t
pending(const struct src *s)
{
	int	n = 0;

	if (s->fd == -1 || ioctl(s->fd, FIONREAD, &n) == -1 || n < 0)
		return 0;
	return (size_t)n;
}

/*
 * Whether s's pipe is full: a write to it may then be blocked half done,
 * its bytes in the pipe but its event not yet queued (the kernel queues
 * it when the write returns).  A pipe is full when its slots are, which
 * can be with far fewer bytes than its size, so the kernel is asked: a
 * write end opened for the moment (through /proc, as watch does) polls
 * as writable while a slot is free.
 */
static int
full(const struct src *s)
{
	char		path[64];
	struct pollfd	pfd;
	int		fd, r;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", s->fd);
	if ((fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return 0;
	pfd = (struct pollfd){ fd, POLLOUT, 0 };
	r = poll(&pfd, 1, 0) == 0;
	(void)close(fd);
	return r;
}

/*
 * Forward what both pipes held (held[], bytes) when the look cannot tell
 * where the program switched between them, pipe first first, by the rule
 * drain_both gives.  Returns the bytes read.
 */
static size_t
interleave(struct src src[2], int first, const size_t held[2],
    const struct limits *l)
{
	char	buf[HANDOFF_CHUNK];
	size_t	n, nl, got;
	int	other = 1 - first;
	char	*p;

	n = readsome(&src[first], buf, held[first]);
	nl = (p = memchr(buf, '\n', n)) != NULL ? (size_t)(p - buf) + 1 : 0;
	if (nl == 0 && held[other] >= held[first]) {
		take(&src[first], l, buf, n);
		got = n + drain(&src[first], l, held[first] - n);
		return got + drain(&src[other], l, held[other]);
	}
	take(&src[first], l, buf, nl);
	got = n + drain(&src[other], l, held[other]);
	take(&src[first], l, buf + nl, n - nl);
	return got + drain(&src[first], l, held[first] - n);
}

/*
 * Drain both pipes, in rounds until a round finds nothing: each round
 * reads the inotify queue (look), then takes what each pipe held at that
 * moment, the pipe written first since the last round first (the
 * expected one, written last before, when the queue does not say).
 * Bytes written while a round reads wait for the next, whose look
 * orders them: so a write to the other stream while the handoff drains
 * one (it can lose the CPU at any read) does not fall behind what the
 * program wrote to the first after it.  Returns the bytes read; when
 * there were some, *cur becomes the pipe written last.
 *
 * When the program switched pipes more than once between two looks (the
 * handoff was kept off the CPU: another task had it, or the scheduler
 * gave the program its share), the queue says that the writes
 * interleaved but not where, since a pipe holds its runs as one
 * (docs/protocol.md, "Order"); and when the pipe written first is full
 * while the other holds bytes too, a write to it may be blocked half
 * done, after the other's, with no event yet.  Then (interleave) the
 * pipe written first goes up to the end of its first line, the other
 * pipe's bytes follow, then the rest: the first run was at least one
 * write, and most writes end a line, or end one begun before (python's
 * print writes the text and the newline apart).  With no newline in its
 * first HANDOFF_CHUNK bytes, the pipe holding fewer bytes goes first, so
 * that a short message between two long writes to the other stream is
 * not pushed behind the later one and past the output cap.
 */
static size_t
drain_both(struct src src[2], int ifd, const int wd[2], int *cur,
    const struct limits *l)
{
	size_t	got = 0, round, held[2];
	int	first, last = *cur, runs, i;

	do {
		/*
		 * The events read must be those of the bytes held: measure
		 * until a look finds no write made around the measure (a
		 * write's bytes are in the pipe before its event is queued).
		 */
		first = -1;
		runs = 0;
		(void)look(ifd, wd, &first, &last, &runs);
		i = 0;
		do {
			held[0] = pending(&src[0]);
			held[1] = pending(&src[1]);
		} while (look(ifd, wd, &first, &last, &runs) > 0 &&
		    ++i < HANDOFF_LOOKS);
		if (first == -1)
			first = last != -1 ? last : 0;
		if (held[first] > 0 && held[1 - first] > 0 &&
		    (runs > 2 || full(&src[first]))) {
			round = interleave(src, first, held, l);
		} else {
			round = drain(&src[first], l, held[first]);
			round += drain(&src[1 - first], l, held[1 - first]);
		}
		got += round;
	} while (round > 0 && !truncated && ob_len - ob_off < HANDOFF_BUF_MAX);
	/* A pipe found empty may be at its end: all its writers gone. */
	if (round == 0) {
		ended(&src[0]);
		ended(&src[1]);
	}
	if (got > 0)
		*cur = last != -1 ? last : first;
	return got;
}

/*
 * Forward the program's output, in order, until it has ended; enforce
 * the deadline and the cap.  Returns its wait status; *end is 'n', 't'
 * or 'o'.
 *
 * The pipe written last is "expected": more writes to it need no wakeup,
 * so it is not polled but drained every HANDOFF_DRAIN_MS; the other pipe
 * is polled, and a write to it wakes the handoff, which drains both in
 * the order the inotify queue gives (the expected one first when it
 * gives none).  When a drain finds nothing, the expected pipe is polled
 * again.
 */
static int
relay(pid_t child, struct src src[2], int sfd, int ifd, const int wd[2],
    const struct limits *l, long long timeout_ms, char *end)
{
	struct signalfd_siginfo	 si;
	struct pollfd		 pfd[4];
	long long		 now, deadline, kill_at = -1, next_drain = -1;
	size_t			 got;
	int			 i, n, wait_ms, status = 0, timed_out = 0;
	int			 ended = 0, cur = -1, flushing = 0;
	pid_t			 pid;

	deadline = now_ms() + timeout_ms;
	while (!ended) {
		now = now_ms();
		if (!timed_out && now >= deadline) {
			/* A runtime may flush what it holds on SIGTERM. */
			timed_out = 1;
			kill_all(SIGTERM);
			kill_at = now + l->grace_ms;
		}
		if (kill_at != -1 && now >= kill_at) {
			kill_all(SIGKILL);
			kill_at = -1;
		}
		wait_ms = (int)((timed_out ? (kill_at != -1 ? kill_at : now +
		    1000) : deadline) - now);
		if (next_drain != -1 && next_drain - now < wait_ms)
			wait_ms = next_drain > now ? (int)(next_drain - now) : 0;

		n = 0;
		pfd[n++] = (struct pollfd){ sfd, POLLIN, 0 };
		for (i = 0; i < 2; i++) {
			pfd[n] = (struct pollfd){ src[i].fd, POLLIN, 0 };
			if (truncated || ob_len - ob_off >= HANDOFF_BUF_MAX ||
			    (i == cur && !src[i].armed))
				pfd[n].fd = -1;
			n++;
		}
		pfd[n++] = (struct pollfd){ flushing ? 1 : -1, POLLOUT, 0 };
		if (poll(pfd, (nfds_t)n, wait_ms) == -1) {
			if (errno == EINTR)
				continue;
			fail("poll");
		}
		if (pfd[3].revents & (POLLOUT | POLLERR | POLLHUP)) {
			flush_some();
			flushing = ob_off < ob_len;
		}

		if ((pfd[1].revents | pfd[2].revents) != 0 ||
		    (next_drain != -1 && now_ms() >= next_drain)) {
			if ((got = drain_both(src, ifd, wd, &cur, l)) > 0) {
				src[cur].armed = 0;
				src[1 - cur].armed = 1;
				next_drain = now_ms() + HANDOFF_DRAIN_MS;
			} else if (cur != -1) {
				/* Idle: let the next write wake us. */
				src[cur].armed = 1;
				next_drain = -1;
			}
			/*
			 * Writing wakes the reader of stdout, which may take
			 * this CPU from the handoff: seldom, while the
			 * program writes.
			 */
			if (got == 0 || ob_len - ob_off >= HANDOFF_FLUSH_AT) {
				flush_some();
				flushing = ob_off < ob_len;
			}
		}

		if ((pfd[0].revents & POLLIN) == 0)
			continue;
		while (read(sfd, &si, sizeof(si)) > 0)
			;
		while ((pid = reap(WNOHANG, &n)) > 0)
			if (pid == child) {
				status = n;
				ended = 1;
			}
	}
	/* What the program wrote before it ended, in the same order. */
	(void)drain_both(src, ifd, wd, &cur, l);
	*end = timed_out ? 't' : truncated ? 'o' : 'n';
	return status;
}

/*
 * Watch both pipes' writes; -1 (no order hint) when inotify refuses.
 * One inotify instance serves every stage: closing one waits for the
 * kernel's SRCU grace period, up to 15 ms here, which would come
 * between a stage's end and its report.  A stage's watches are removed
 * at its end (unwatch), which does not wait.
 */
static int
watch(const int po[2], const int pe[2], int wd[2])
{
	static int	 ifd = -2;
	char		 path[64];
	int		 i;

	if (ifd == -2)
		ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (ifd == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d",
		    i == 0 ? po[0] : pe[0]);
		if ((wd[i] = inotify_add_watch(ifd, path, IN_MODIFY)) == -1) {
			if (i == 1)
				(void)inotify_rm_watch(ifd, wd[0]);
			return -1;
		}
	}
	return ifd;
}

/* A stage's watches, once it has ended; their events are left unread. */
static void
unwatch(int ifd, const int wd[2])
{
	if (ifd == -1)
		return;
	(void)inotify_rm_watch(ifd, wd[0]);
	(void)inotify_rm_watch(ifd, wd[1]);
}

/*
 * Run one stage: av as the child, its stdin the file in, its output
 * forwarded as st's frames, ended at st->timeout_ms or at l->max_output
 * bytes; then what it left is killed and reaped, and its report (st's
 * report tag) is written out with every frame before it.  Returns the
 * wait status; *end is 'n', 't' or 'o'.
 */
static int
stage(char *const av[], int in, const struct stage *st,
    const struct limits *l, int sfd, const char *token, char *end)
{
	struct src	 src[2];
	struct sched_param sp;
	sigset_t	 none;
	char		 rep[HANDOFF_REPORT_MAX + 1];
	pid_t		 child;
	long		 ooms, after;
	long long	 started, wall_ms;
	int		 n, status, sig, ifd, po[2], pe[2], wd[2];
	char		 oom;

	truncated = 0;
	cpu_us = maxrss_kb = 0;
	/* The count is the container's: an earlier stage's is not ours. */
	ooms = oom_kills();
	outputs(po, pe);
	ifd = watch(po, pe, wd);
	started = now_ms();
	if ((child = fork()) == -1)
		fail("fork");
	if (child == 0) {
		/* Any runnable handoff goes first: it preempts the program. */
		memset(&sp, 0, sizeof(sp));
		if (l->pin)
			(void)sched_setscheduler(0, SCHED_IDLE, &sp);
		sigemptyset(&none);
		if (dup2(in, 0) == -1 || dup2(po[1], 1) == -1 ||
		    dup2(pe[1], 2) == -1 ||
		    sigprocmask(SIG_SETMASK, &none, NULL) == -1)
			_exit(125);
		/* execve makes the program dumpable again: it is its own. */
		execvp(av[0], av);
		fprintf(stderr, "runbox-handoff: %s: %s\n", av[0],
		    strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	src[0] = (struct src){ po[0], st->out, 1 };
	src[1] = (struct src){ pe[0], st->err, 1 };
	if (fcntl(po[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(pe[0], F_SETFL, O_NONBLOCK) == -1)
		fail("fcntl");

	status = relay(child, src, sfd, ifd, wd, l, st->timeout_ms, end);
	wall_ms = now_ms() - started;
	reap_rest(sfd);
	if (src[0].fd != -1)
		close(src[0].fd);
	if (src[1].fd != -1)
		close(src[1].fd);
	unwatch(ifd, wd);
	sig = WIFSIGNALED(status);
	after = oom_kills();
	oom = ooms == -1 || after == -1 ? '?' : after > ooms ? 'y' : 'n';
	n = snprintf(rep, sizeof(rep), "%s %c%03d%c%c %lld %lld %lld", token,
	    sig ? 's' : 'e', sig ? WTERMSIG(status) : WEXITSTATUS(status),
	    oom, *end, cpu_us / 1000, maxrss_kb, wall_ms);
	frame(st->report, rep, (size_t)n);
	flush_all();
	return status;
}

/*
 * The tests' inputs: a count (1 for a plain run), then each input.  All
 * go into one memory file (a file descriptor each could pass the open
 * files' limit); each test's stdin is a memory file of its own, made
 * just before it runs (test_stdin).
 */
struct inputs {
	int	 fd;		/* every input, one after the other */
	size_t	 n;
	off_t	*off;		/* n + 1 offsets: input i is [off[i], off[i+1]) */
};

static void
getinputs(struct inputs *in)
{
	size_t	i;

	in->n = getcount(HANDOFF_MAX_TESTS, "bad test count");
	if (in->n == 0)
		failx("bad test count");
	if ((in->off = calloc(in->n + 1, sizeof(*in->off))) == NULL)
		fail("calloc");
	if ((in->fd = memfd_create("inputs", MFD_CLOEXEC)) == -1)
		fail("memfd_create");
	for (i = 0; i < in->n; i++) {
		copyto(in->fd, getlen());
		if ((in->off[i + 1] = lseek(in->fd, 0, SEEK_CUR)) == -1)
			fail("lseek");
	}
}

/* Copy len bytes of in from *off to out (sendfile: no user copy). */
static void
copyfd(int out, int in, off_t *off, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = sendfile(out, in, off, len);
		if (n == 0)
			failx("a copy ended early");
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail("sendfile");
		}
		len -= (size_t)n;
	}
}

/* Test i's stdin: a memory file holding its input, rewound. */
static int
test_stdin(const struct inputs *in, size_t i)
{
	off_t	off = in->off[i];
	int	fd;

	if ((fd = memfd_create("stdin", MFD_CLOEXEC)) == -1)
		fail("memfd_create");
	copyfd(fd, in->fd, &off, (size_t)(in->off[i + 1] - in->off[i]));
	if (lseek(fd, 0, SEEK_SET) == -1)
		fail("lseek");
	return fd;
}

/* The files to return after the last stage: a count, then the names. */
static char **
getreturns(size_t *n)
{
	char	**names;
	size_t	  i;

	*n = getcount(HANDOFF_MAX_RETURNS, "bad returned file count");
	if ((names = calloc(*n + 1, sizeof(*names))) == NULL)
		fail("calloc");
	for (i = 0; i < *n; i++)
		if (!name_ok(names[i] = getstring()))
			failx("bad returned file name");
	return names;
}

/*
 * The working directory as a batch's first test finds it, so that every
 * test starts from it: each entry (pre-order, so a directory comes before
 * what it holds) with its mode and times, and each regular file's
 * content in one memory file the program cannot reach (the handoff is
 * not dumpable: its /proc/1/fd is not the program's to open).  Sockets
 * and fifos are not kept.
 */
struct snap_ent {
	char		*path;		/* relative to the working directory */
	char		 type;		/* 'd', 'f' or 'l' */
	mode_t		 mode;
	struct timespec	 times[2];
	off_t		 off;		/* 'f': the content in snap.fd */
	size_t		 len;
	char		*target;	/* 'l' */
};

struct snap {
	struct snap_ent	*ents;
	size_t		 n, size;
	int		 fd;
};

static void
snap_add(struct snap *sn, const struct snap_ent *e)
{
	struct snap_ent	*ne;

	if (sn->n == sn->size) {
		sn->size = sn->size == 0 ? 16 : sn->size * 2;
		if ((ne = reallocarray(sn->ents, sn->size, sizeof(*ne))) ==
		    NULL)
			fail("reallocarray");
		sn->ents = ne;
	}
	sn->ents[sn->n++] = *e;
}

/* path joined to name, malloc'd ("" joins to name alone). */
static char *
joinpath(const char *path, const char *name)
{
	char	*p;

	if (asprintf(&p, "%s%s%s", path, path[0] == '\0' ? "" : "/",
	    name) == -1)
		fail("asprintf");
	return p;
}

/* Keep what directory dfd (at path) holds, and below. */
static void
snap_dir(struct snap *sn, int dfd, const char *path)
{
	struct snap_ent	 e;
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	ssize_t		 n;
	int		 fd;

	if ((fd = dup(dfd)) == -1 || (d = fdopendir(fd)) == NULL)
		fail("opendir");
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			fail(de->d_name);
		memset(&e, 0, sizeof(e));
		e.mode = st.st_mode & 07777;
		e.times[0] = st.st_atim;
		e.times[1] = st.st_mtim;
		if (S_ISDIR(st.st_mode)) {
			e.type = 'd';
			e.path = joinpath(path, de->d_name);
			snap_add(sn, &e);
			if ((fd = openat(dfd, de->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
				fail(e.path);
			snap_dir(sn, fd, e.path);
			close(fd);
		} else if (S_ISREG(st.st_mode)) {
			e.type = 'f';
			e.path = joinpath(path, de->d_name);
			if ((fd = openat(dfd, de->d_name, O_RDONLY |
			    O_NOFOLLOW | O_CLOEXEC)) == -1 ||
			    (e.off = lseek(sn->fd, 0, SEEK_END)) == -1)
				fail(e.path);
			e.len = (size_t)st.st_size;
			copyfd(sn->fd, fd, NULL, e.len);
			close(fd);
			snap_add(sn, &e);
		} else if (S_ISLNK(st.st_mode)) {
			e.type = 'l';
			e.path = joinpath(path, de->d_name);
			if ((e.target = malloc(PATH_MAX)) == NULL)
				fail("malloc");
			if ((n = readlinkat(dfd, de->d_name, e.target,
			    PATH_MAX - 1)) == -1)
				fail(e.path);
			e.target[n] = '\0';
			snap_add(sn, &e);
		}
	}
	if (errno != 0)
		fail("readdir");
	closedir(d);
}

static void
snapshot(struct snap *sn)
{
	int	dfd;

	memset(sn, 0, sizeof(*sn));
	if ((sn->fd = memfd_create("snapshot", MFD_CLOEXEC)) == -1)
		fail("memfd_create");
	if ((dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		fail("the working directory");
	snap_dir(sn, dfd, "");
	close(dfd);
}

/*
 * Remove everything directory dfd holds.  What the program left is its
 * user's, as the handoff is: a directory it made unwritable is made
 * writable again first.  Nothing runs meanwhile: the stage's processes
 * are all reaped.
 */
static void
empty_dir(int dfd)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	size_t		 removed;
	int		 fd;

	if ((fd = dup(dfd)) == -1 || (d = fdopendir(fd)) == NULL)
		fail("opendir");
	/* A listing may miss entries once changed: again, until empty. */
	do {
		removed = 0;
		while ((errno = 0, de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (fstatat(dfd, de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1)
				fail(de->d_name);
			if (S_ISDIR(st.st_mode)) {
				if (fchmodat(dfd, de->d_name, 0700, 0) == -1 ||
				    (fd = openat(dfd, de->d_name, O_RDONLY |
				    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) ==
				    -1)
					fail(de->d_name);
				empty_dir(fd);
				close(fd);
			}
			if (unlinkat(dfd, de->d_name, S_ISDIR(st.st_mode) ?
			    AT_REMOVEDIR : 0) == -1)
				fail(de->d_name);
			removed++;
		}
		if (errno != 0)
			fail("readdir");
		rewinddir(d);
	} while (removed > 0);
	closedir(d);
}

/*
 * Put the working directory back as the snapshot has it, and empty
 * /dev/shm (the other place the program may write), for the next test.
 */
static void
restore(const struct snap *sn)
{
	const struct snap_ent	*e;
	size_t			 i;
	off_t			 off;
	int			 dfd, fd;

	if ((fd = open(HANDOFF_SHM, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) !=
	    -1) {
		empty_dir(fd);
		close(fd);
	}
	if ((dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		fail("the working directory");
	empty_dir(dfd);
	for (i = 0; i < sn->n; i++) {
		e = &sn->ents[i];
		switch (e->type) {
		case 'd':
			/* Its own mode once what it holds is in. */
			if (mkdirat(dfd, e->path, 0700) == -1)
				fail(e->path);
			break;
		case 'f':
			if ((fd = openat(dfd, e->path, O_WRONLY | O_CREAT |
			    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) == -1)
				fail(e->path);
			off = e->off;
			copyfd(fd, sn->fd, &off, e->len);
			if (fchmod(fd, e->mode) == -1 ||
			    futimens(fd, e->times) == -1)
				fail(e->path);
			close(fd);
			break;
		case 'l':
			if (symlinkat(e->target, dfd, e->path) == -1)
				fail(e->path);
			break;
		}
	}
	/* Deepest first: a directory's times change as it fills. */
	for (i = sn->n; i-- > 0;) {
		e = &sn->ents[i];
		if (e->type == 'd' && (fchmodat(dfd, e->path, e->mode,
		    0) == -1 || utimensat(dfd, e->path, e->times,
		    AT_SYMLINK_NOFOLLOW) == -1))
			fail(e->path);
	}
	close(dfd);
}

/*
 * Open name (relative, checked) in the working directory without
 * following a symbolic link anywhere on its way.  Returns the fd, or -1
 * with *kind set: 'm' missing, 'l' a symbolic link, 'd' a directory,
 * 'o' neither a file nor those, 'a' not readable.
 */
static int
open_return(const char *name, char *kind)
{
	struct stat	 st;
	char		*p, *seg, *slash;
	int		 dfd, fd = -1;

	if ((p = strdup(name)) == NULL)
		fail("strdup");
	if ((dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		fail("the working directory");
	for (seg = p; (slash = strchr(seg, '/')) != NULL; seg = slash + 1) {
		*slash = '\0';
		if (fstatat(dfd, seg, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			*kind = errno == ENOENT ? 'm' : 'a';
			goto out;
		}
		if (!S_ISDIR(st.st_mode)) {
			/* A file on the way: there is no such path. */
			*kind = S_ISLNK(st.st_mode) ? 'l' :
			    S_ISREG(st.st_mode) ? 'm' : 'o';
			goto out;
		}
		if ((fd = openat(dfd, seg, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) == -1) {
			*kind = 'a';
			goto out;
		}
		close(dfd);
		dfd = fd;
		fd = -1;
	}
	if (fstatat(dfd, seg, &st, AT_SYMLINK_NOFOLLOW) == -1)
		*kind = errno == ENOENT ? 'm' : 'a';
	else if (S_ISLNK(st.st_mode))
		*kind = 'l';
	else if (S_ISDIR(st.st_mode))
		*kind = 'd';
	else if (!S_ISREG(st.st_mode))
		*kind = 'o';
	else if ((fd = openat(dfd, seg, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		*kind = 'a';
out:
	close(dfd);
	free(p);
	return fd;
}

/*
 * Send the files asked for, in order, after the last stage: each
 * regular file's content as 'f' frames, as much as the output cap has
 * room for, then its report 'F': TOKEN " " KIND " " SIZE, KIND 'r' (a
 * regular file of SIZE bytes; fewer came when the cap cut it) or
 * open_return's letter (SIZE 0).
 */
static void
send_files(char *const names[], size_t n, const struct limits *l,
    const char *token)
{
	struct stat	 st;
	char		 buf[HANDOFF_CHUNK], rep[HANDOFF_REPORT_MAX + 1];
	long long	 size, room;
	ssize_t		 got;
	size_t		 i;
	int		 fd, len;
	char		 kind;

	for (i = 0; i < n; i++) {
		size = 0;
		kind = 'r';
		if ((fd = open_return(names[i], &kind)) != -1) {
			if (fstat(fd, &st) == -1)
				fail(names[i]);
			size = st.st_size;
			for (;;) {
				room = l->max_output - total;
				if (room <= 0)
					break;
				got = read(fd, buf, (size_t)room < sizeof(buf) ?
				    (size_t)room : sizeof(buf));
				if (got < 0 && errno == EINTR)
					continue;
				if (got <= 0)
					break;
				frame('f', buf, (size_t)got);
				total += got;
				if (ob_len - ob_off >= HANDOFF_FLUSH_AT)
					flush_all();
			}
			close(fd);
		}
		len = snprintf(rep, sizeof(rep), "%s %c %lld", token, kind,
		    size);
		frame('F', rep, (size_t)len);
	}
}

/* The last frame: TOKEN alone, then the handoff exits. */
static void __attribute__((noreturn))
finish(int status, char *const returns[], size_t nreturns,
    const struct limits *l, const char *token)
{
	/* A failure now is no test's: on stderr, as before the tests. */
	framing = 0;
	send_files(returns, nreturns, l, token);
	frame('z', token, strlen(token));
	flush_all();
	/* The handoff's own exit: as the stage's status, as docker's init. */
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

/* runbox's word, one netstring: "go", or after a test "next" or "stop". */
static int
word(const char *a, const char *b)
{
	char	*w = getstring();
	int	 r;

	r = strcmp(w, a) == 0 ? 1 : b != NULL && strcmp(w, b) == 0 ? 0 : -1;
	free(w);
	if (r == -1)
		failx("the run was called off");
	return r;
}

int
main(int argc, char *argv[])
{
	static const struct stage compile_stage = { 'O', 'E', 'X', 0 };
	static const struct stage run_stage = { 'o', 'e', 'x', 0 };
	struct limits	 lim;
	struct stage	 st;
	cpu_set_t	 cpus;
	sigset_t	 chld;
	struct inputs	 inputs;
	struct snap	 snap;
	char		**av, **cav = NULL, **returns, *token, end = 'n', *file;
	size_t		 nargs, i, fixed, ncompile = 0, nreturns;
	int		 fd, in, status, sfd, cpu, nul, first = 1;

	/* First of all: out of reach of the program's ptrace. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fail("prctl");
	/* Its kill(-1, ...) ends the container: anywhere else, far more. */
	if (getpid() != 1)
		failx("not a container's init (pid 1): refusing to run");
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		for (i = 0; argv[2][i] >= '0' && argv[2][i] <= '9' && i < 3;
		    i++)
			ncompile = ncompile * 10 + (size_t)(argv[2][i] - '0');
		if (i == 0 || argv[2][i] != '\0' || ncompile == 0)
			failx("usage: -c N: N is the compile command's words");
		first = 3;
	}
	if (argc < first + 2 || (size_t)(argc - first - 1) < ncompile + 1)
		failx("usage: runbox-handoff [-c N] FILE [COMPILE ...] "
		    "COMMAND [ARG ...]");
	file = argv[first];
	if (ncompile > 0) {
		if ((cav = calloc(ncompile + 1, sizeof(*cav))) == NULL)
			fail("calloc");
		for (i = 0; i < ncompile; i++)
			cav[i] = argv[first + 1 + i];
	}
	first += 1 + (int)ncompile;
	fixed = (size_t)(argc - first);

	token = getstring();
	if (strlen(token) != HANDOFF_TOKEN_LEN ||
	    strspn(token, "0123456789abcdef") != HANDOFF_TOKEN_LEN)
		failx("bad token (protocol 7 expected)");
	getlimits(&lim);
	nargs = getcount(HANDOFF_MAX_ARGS, "bad argument count");

	if ((av = calloc(fixed + nargs + 1, sizeof(*av))) == NULL)
		fail("calloc");
	for (i = 0; i < fixed; i++)
		av[i] = argv[first + i];
	for (i = 0; i < nargs; i++)
		av[fixed + i] = getstring();
	getfiles();

	/* The code: a fresh file in the (empty, private) working directory. */
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1)
		fail(file);
	copyto(fd, getlen());
	if (close(fd) == -1)
		fail("close");

	getinputs(&inputs);
	returns = getreturns(&nreturns);

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1 ||
	    (sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		fail("signalfd");
	if (fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK) == -1)
		fail("fcntl");
	/* One CPU for all, so that a write wakes the handoff in time. */
	if (lim.pin && (cpu = sched_getcpu()) != -1) {
		CPU_ZERO(&cpus);
		CPU_SET(cpu, &cpus);
		(void)sched_setaffinity(0, sizeof(cpus), &cpus);
	}

	status = 0;
	total = 0;
	if (cav != NULL) {
		if (lim.compile_timeout_ms < 1)
			failx("bad limits: no compile deadline");
		/* The compiler reads nothing: its stdin is /dev/null. */
		if ((nul = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
			fail("/dev/null");
		st = compile_stage;
		st.timeout_ms = lim.compile_timeout_ms;
		status = stage(cav, nul, &st, &lim, sfd, token, &end);
		close(nul);
		/* The files share the tests' cap, not the compile's. */
		if (status != 0 || end != 'n') {
			total = 0;
			finish(status, returns, nreturns, &lim, token);
		}
	}
	/* Every test starts from the working directory as it is now. */
	if (inputs.n > 1)
		snapshot(&snap);
	/* runbox may set the run's limits first: it says when. */
	if (cav != NULL && lim.wait)
		(void)word("go", NULL);
	/* The run's output cap is the tests' and the files' together. */
	total = 0;
	st = run_stage;
	st.timeout_ms = lim.timeout_ms;
	framing = 1;
	for (i = 0; i < inputs.n; i++) {
		if (i > 0) {
			/* Told after each report; a cap reached ends all. */
			if (end == 'o' || (lim.step && !word("next", "stop")))
				break;
			restore(&snap);
		}
		in = test_stdin(&inputs, i);
		status = stage(av, in, &st, &lim, sfd, token, &end);
		close(in);
	}
	finish(status, returns, nreturns, &lim, token);
}
