/*
 * handoff-t: the order in which runbox-handoff forwards the program's
 * two pipes when it looks late (docs/protocol.md, "Order").  The pipes
 * and the inotify queue are the kernel's, as in the handoff; what the
 * test stands in for is the scheduler: it writes as a program would
 * while the handoff is kept off the CPU, then lets the handoff look
 * (drain_both), because a real handoff cannot be made late on demand.
 * The frames it would send are read back from its buffer.
 */
#include <sys/ioctl.h>
#include <sys/wait.h>

#undef _GNU_SOURCE
#define main handoff_main
int	handoff_main(int, char *[]);
#include "../../src/images/handoff.c"
#undef main

#include "tap.h"

static int		po[2], pe[2], wd[2], ifd, cur;
static struct src	src[2];
static struct limits	lim;

/* The frames forwarded since the last call, as "o:TEXT|e:TEXT|...". */
static char *
frames(void)
{
	static char	out[4096];
	size_t		at = 0, off, n;

	out[0] = '\0';
	for (off = ob_off; off + HANDOFF_HDR <= ob_len; off += HANDOFF_HDR + n) {
		n = (size_t)(unsigned char)ob[off + 1] << 24 |
		    (size_t)(unsigned char)ob[off + 2] << 16 |
		    (size_t)(unsigned char)ob[off + 3] << 8 |
		    (size_t)(unsigned char)ob[off + 4];
		if (at + n + 4 >= sizeof(out))
			break;
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%c:",
		    at > 0 ? "|" : "", ob[off]);
		memcpy(out + at, ob + off + HANDOFF_HDR, n);
		at += n;
		out[at] = '\0';
	}
	ob_off = ob_len = 0;
	return out;
}

static void
put(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		bail("write: %s", strerror(errno));
}

/* What the handoff forwards when it looks now. */
static char *
handoff_looks(void)
{
	(void)drain_both(src, ifd, wd, &cur, &lim);
	return frames();
}

int
main(void)
{
	static char	big[4 * 1024 * 1024];
	char		*f;
	pid_t		 pid;
	int		 n = 0, i, st;

	plan(7);
	outputs(po, pe);
	if (fcntl(po[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(pe[0], F_SETFL, O_NONBLOCK) == -1)
		bail("fcntl: %s", strerror(errno));
	if ((ifd = watch(po, pe, wd)) == -1)
		bail("inotify: %s", strerror(errno));
	src[0] = (struct src){ po[0], 'o', 0 };
	src[1] = (struct src){ pe[0], 'e', 0 };
	lim.max_output = sizeof(big) * 4;
	cur = -1;

	put(po[1], "x\n");
	put(pe[1], "y\n");
	is_string(handoff_looks(), "o:x\n|e:y\n",
	    "stdout then stderr, looked at late: in that order");
	put(pe[1], "y\n");
	put(po[1], "x\n");
	is_string(handoff_looks(), "e:y\n|o:x\n",
	    "stderr then stdout, looked at late: in that order");

	/* python's print writes the text and the newline apart. */
	put(po[1], "out");
	is_string(handoff_looks(), "o:out", "a line's text, looked at in time");
	put(po[1], "\n");
	put(pe[1], "err\n");
	put(po[1], "out2\n");
	is_string(handoff_looks(), "o:\n|e:err\n|o:out2\n",
	    "stdout, stderr, stdout again before the look: stdout's first "
	    "line ends before stderr's bytes, the rest after");

	put(po[1], "aaaa");
	put(pe[1], "E");
	put(po[1], "bbbb");
	is_string(handoff_looks(), "e:E|o:aaaabbbb",
	    "the same with no newline: the pipe holding fewer bytes first");

	/*
	 * A write blocked half done on a full pipe has its bytes in the
	 * pipe and no event yet: stderr's line, written before it, must
	 * not be forwarded after its bytes.
	 */
	put(po[1], "nnnn");
	put(pe[1], "err\n");
	memset(big, 'c', sizeof(big));
	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		(void)write(po[1], big, sizeof(big));
		_exit(0);
	}
	/* Full: no slot free, so the write end does not poll writable. */
	for (i = 0; i < 5000 && poll(&(struct pollfd){ po[1], POLLOUT, 0 }, 1,
	    0) == 1; i++)
		usleep(1000);
	(void)ioctl(po[0], FIONREAD, &n);
	ok(i < 5000, "stdout's pipe is full (%d bytes), its writer blocked",
	    n);
	f = handoff_looks();
	/* Fewer first: stderr's line leads (frames() keeps what fits). */
	ok(strncmp(f, "e:err\n", 6) == 0,
	    "stderr's line comes before the blocked write's bytes (got %.20s)",
	    f);
	(void)kill(pid, SIGKILL);
	(void)waitpid(pid, &st, 0);
	free(ob);
	return exit_status();
}
