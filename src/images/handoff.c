/*
 * runbox-handoff: the first program, and the init, of every runbox
 * container.
 *
 * runbox sends, on the container's stdin (the attach stream), a sequence
 * of netstrings: a token (32 hex digits), the argument count, that many
 * arguments, the code and the input.  Without the token (protocol 1: it
 * starts with the count) there is no exit report.  The handoff writes the code to FILE in the working
 * directory, puts the input in an anonymous memory file that becomes the
 * program's stdin (so the program sees EOF after its input whatever the
 * attach stream does), appends the arguments and runs COMMAND as its
 * child.
 *
 * As PID 1 it reaps every orphan, and when COMMAND ends it writes an exit
 * report to stdout and to stderr, after all the program wrote there, so
 * that runbox can answer at once without waiting for the container's
 * end: "\0RBX" TOKEN " " KIND DDD OOM "\n", KIND 'e' for an exit status,
 * 's' for a signal, OOM 'y' when the kernel's out-of-memory killer
 * killed a process of the container, 'n' when not, '?' when its cgroup
 * does not say (see runbox's src/capture.h).  The program cannot forge
 * one: it never sees the token.  Then it exits with COMMAND's exit
 * status, or 128+N when a signal N ended it (as docker's own init does);
 * the kernel then ends whatever the program left behind.
 * It makes itself non-dumpable first: it runs as the same user as the
 * program, which could otherwise ptrace it and stop it (the program has
 * no CAP_SYS_PTRACE, so a non-dumpable process is out of its reach).
 * Signals the program sends it are ignored, as for every namespace init.
 *
 * usage: runbox-handoff FILE COMMAND [ARG ...]
 *
 * Built static so that it runs in any image.  Exit 125 when the handoff
 * itself fails, 127 when COMMAND cannot be executed.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HANDOFF_MAX_ARGS	256
#define HANDOFF_MAX_LEN		(64UL * 1024 * 1024)
#define HANDOFF_LEN_DIGITS	9
#define HANDOFF_TOKEN_LEN	32
#define HANDOFF_REPORT_LEN	(4 + HANDOFF_TOKEN_LEN + 7)

static void __attribute__((noreturn))
fail(const char *what)
{
	fprintf(stderr, "runbox-handoff: %s: %s\n", what, strerror(errno));
	_exit(125);
}

static void __attribute__((noreturn))
failx(const char *what)
{
	fprintf(stderr, "runbox-handoff: %s\n", what);
	_exit(125);
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

/*
 * Did the out-of-memory killer act in this container's memory cgroup?
 * 'y', 'n', or '?' when neither cgroup v1's memory.oom_control nor v2's
 * memory.events (the container's own, mounted read-only) says.
 */
static char
oom_killed(void)
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
				return strtoul(p + 9, NULL, 10) > 0 ? 'y' : 'n';
	}
	return '?';
}

/*
 * One report, in one write(2) (atomic on a pipe: nothing the program's
 * orphans write can land inside it), waiting while the program left the
 * shared file description non-blocking and the pipe full.
 */
static void
report(int fd, const char *r)
{
	struct pollfd	pfd;
	ssize_t		n;

	for (;;) {
		n = write(fd, r, HANDOFF_REPORT_LEN);
		if (n == HANDOFF_REPORT_LEN || (n < 0 && errno != EINTR &&
		    errno != EAGAIN))
			return;	/* a short write cannot happen below PIPE_BUF */
		if (n < 0 && errno == EAGAIN) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			(void)poll(&pfd, 1, -1);
		}
	}
}

int
main(int argc, char *argv[])
{
	char	**av, *count, *token, rep[HANDOFF_REPORT_LEN + 1];
	size_t	  nargs, i, fixed;
	pid_t	  child, pid;
	int	  fd, status = 0, sig;

	/* First of all: out of reach of the program's ptrace. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fail("prctl");
	if (argc < 3)
		failx("usage: runbox-handoff FILE COMMAND [ARG ...]");
	fixed = (size_t)argc - 2;

	/* A token first (protocol 2); without one, no report (protocol 1). */
	token = getstring();
	if (strlen(token) == HANDOFF_TOKEN_LEN &&
	    strspn(token, "0123456789abcdef") == HANDOFF_TOKEN_LEN)
		count = getstring();
	else {
		count = token;
		token = NULL;
	}
	nargs = 0;
	for (i = 0; count[i] != '\0'; i++) {
		if (count[i] < '0' || count[i] > '9' || i > 3)
			failx("bad argument count");
		nargs = nargs * 10 + (size_t)(count[i] - '0');
	}
	if (i == 0 || nargs > HANDOFF_MAX_ARGS)
		failx("bad argument count");
	free(count);

	if ((av = calloc(fixed + nargs + 1, sizeof(*av))) == NULL)
		fail("calloc");
	for (i = 0; i < fixed; i++)
		av[i] = argv[2 + i];
	for (i = 0; i < nargs; i++)
		av[fixed + i] = getstring();

	/* The code: a fresh file in the (empty, private) working directory. */
	fd = open(argv[1], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1)
		fail(argv[1]);
	copyto(fd, getlen());
	if (close(fd) == -1)
		fail("close");

	/* The input: a memory file, rewound, as stdin. */
	if ((fd = memfd_create("stdin", 0)) == -1)
		fail("memfd_create");
	copyto(fd, getlen());
	if (lseek(fd, 0, SEEK_SET) == -1)
		fail("lseek");
	if (dup2(fd, 0) == -1)
		fail("dup2");
	close(fd);

	if ((child = fork()) == -1)
		fail("fork");
	if (child == 0) {
		/* execve makes the program dumpable again: it is its own. */
		execvp(av[0], av);
		fprintf(stderr, "runbox-handoff: %s: %s\n", av[0],
		    strerror(errno));
		_exit(127);
	}
	close(0);

	/* Reap orphans until the program itself ends. */
	for (;;) {
		pid = waitpid(-1, &status, 0);
		if (pid == child)
			break;
		if (pid == -1 && errno != EINTR)
			fail("waitpid");
	}
	sig = WIFSIGNALED(status);
	if (token != NULL) {
		rep[0] = '\0';
		(void)snprintf(rep + 1, sizeof(rep) - 1, "RBX%s %c%03d%c\n",
		    token, sig ? 's' : 'e',
		    sig ? WTERMSIG(status) : WEXITSTATUS(status), oom_killed());
		report(2, rep);
		report(1, rep);
	}
	if (sig)
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}
