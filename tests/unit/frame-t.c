/* frame-t: the netstring reader and writer on real sockets and pipes. */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"
#include "frame.h"
#include "tap.h"

#define MAX	1000

struct bad {
	const char	*bytes;
	int		 close_after;	/* half-close the writer after sending */
	enum err_code	 want;
	const char	*what;
};

static const struct bad bad[] = {
	{ "abc", 1, ERR_BAD_FRAME, "a non-digit start is bad_frame" },
	{ "-1:x,", 1, ERR_BAD_FRAME, "a sign is bad_frame" },
	{ "+1:x,", 1, ERR_BAD_FRAME, "a plus sign is bad_frame" },
	{ " 1:x,", 1, ERR_BAD_FRAME, "a leading space is bad_frame" },
	{ "1 :x,", 1, ERR_BAD_FRAME, "a space before the colon is bad_frame" },
	{ "01:x,", 1, ERR_BAD_FRAME, "a leading zero is bad_frame" },
	{ "0:,", 1, ERR_BAD_FRAME, "an empty request (0:) is bad_frame" },
	{ ":x,", 1, ERR_BAD_FRAME, "a missing length is bad_frame" },
	{ "1x,", 1, ERR_BAD_FRAME, "a missing colon is bad_frame" },
	{ "12345:", 1, ERR_TOO_LARGE, "a length over the maximum is too_large" },
	{ "1234567890:", 1, ERR_TOO_LARGE, "ten digits are too_large" },
	{ "1:x", 1, ERR_BAD_FRAME, "a missing comma is bad_frame" },
	{ "1:x;", 1, ERR_BAD_FRAME, "a wrong terminator is bad_frame" },
	{ "1:x,y", 0, ERR_BAD_FRAME, "bytes after the comma are bad_frame" },
	{ "12", 1, ERR_BAD_FRAME, "EOF inside the length is bad_frame" },
	{ "5:ab", 1, ERR_BAD_FRAME, "EOF inside the payload is bad_frame" },
	{ "", 1, ERR_BAD_FRAME, "EOF before anything is bad_frame" },
	{ "5:ab", 0, ERR_READ_TIMEOUT, "a payload that stops is read_timeout" },
	{ "", 0, ERR_READ_TIMEOUT, "a silent client is read_timeout" },
};

static int
sockpair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		bail("socketpair: %s", strerror(errno));
	return 0;
}

static int
read_from(const char *bytes, size_t n, int close_after, int timeout_ms,
    char **p, size_t *len, struct err *e)
{
	int	sv[2], r;

	sockpair(sv);
	if (n > 0 && write(sv[1], bytes, n) != (ssize_t)n)
		bail("write: %s", strerror(errno));
	if (close_after)
		shutdown(sv[1], SHUT_WR);
	r = frame_read(sv[0], NULL, 0, MAX, deadline_in(timeout_ms), p, len, e);
	close(sv[0]);
	close(sv[1]);
	return r;
}

static void
test_good(void)
{
	struct err	 e;
	char		*p;
	size_t		 len;

	is_int(read_from("5:hello,", 8, 0, 1000, &p, &len, &e), 0,
	    "a well-formed frame is read without waiting for EOF");
	is_bytes(p, len, "hello", 5, "its payload is returned exactly");
	free(p);
	is_int(read_from("3:a\0b,", 6, 1, 1000, &p, &len, &e), 0,
	    "a payload with a NUL byte is framed by length alone");
	is_int((long long)len, 3, "the NUL-holding payload keeps its length");
	free(p);
	is_int(read_from("1000:", 5, 0, 200, &p, &len, &e), -1,
	    "a frame of exactly the maximum is accepted as far as its length");
	is_int(e.code, ERR_READ_TIMEOUT, "and then waits for its payload");
}

static void
test_bad(void)
{
	struct err	 e;
	char		*p;
	size_t		 len, i;
	int		 r;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.code = ERR_NONE;
		r = read_from(bad[i].bytes, strlen(bad[i].bytes),
		    bad[i].close_after, 200, &p, &len, &e);
		if (!ok(r == -1 && e.code == bad[i].want, "%s", bad[i].what))
			diag("got %d, code %s (%s)", r, err_name(e.code), e.msg);
	}
}

/* A child writes the frame one byte at a time, 2 ms apart. */
static void
test_slow(void)
{
	const char	*msg = "11:hello world,";
	struct timespec	 ts = { 0, 2000000 };
	struct err	 e;
	char		*p = NULL;
	size_t		 len, i;
	pid_t		 pid;
	int		 sv[2], r;

	sockpair(sv);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		for (i = 0; msg[i] != '\0'; i++) {
			if (write(sv[1], msg + i, 1) != 1)
				_exit(1);
			nanosleep(&ts, NULL);
		}
		_exit(0);	/* the socket stays open until exit */
	}
	close(sv[1]);
	r = frame_read(sv[0], NULL, 0, MAX, deadline_in(2000), &p, &len, &e);
	ok(r == 0 && len == 11 && memcmp(p, "hello world", 11) == 0,
	    "a frame arriving one byte at a time is read whole");
	free(p);
	waitpid(pid, NULL, 0);
	close(sv[0]);

	/* The same frame, too slowly for its deadline. */
	sockpair(sv);
	if ((pid = fork()) == 0) {
		struct timespec	slow = { 0, 100000000 };

		close(sv[0]);
		for (i = 0; msg[i] != '\0'; i++) {
			if (write(sv[1], msg + i, 1) != 1)
				_exit(0);
			nanosleep(&slow, NULL);
		}
		_exit(0);
	}
	close(sv[1]);
	r = frame_read(sv[0], NULL, 0, MAX, deadline_in(300), &p, &len, &e);
	ok(r == -1 && e.code == ERR_READ_TIMEOUT,
	    "the whole frame must arrive by the deadline, not each byte");
	close(sv[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void
test_pipe(void)
{
	struct err	 e;
	char		*p = NULL;
	size_t		 len;
	int		 fds[2];

	if (pipe(fds) == -1)
		bail("pipe");
	if (write(fds[1], "2:{},", 5) != 5)
		bail("write");
	ok(frame_read(fds[0], NULL, 0, MAX, deadline_in(1000), &p, &len, &e) == 0 &&
	    len == 2, "a frame is read from a pipe (SSH forced command)");
	free(p);
	close(fds[0]);
	close(fds[1]);
}

static void
test_write(void)
{
	char	 got[64], *big;
	size_t	 bigsz = 8 * 1024 * 1024;
	ssize_t	 n;
	int64_t	 t;
	int	 sv[2], fds[2], r;

	sockpair(sv);
	ok(frame_write(sv[0], "{\"a\":1}", 7, deadline_in(1000)) == 0,
	    "a reply is written to a socket");
	n = read(sv[1], got, sizeof(got) - 1);
	got[n < 0 ? 0 : n] = '\0';
	is_string(got, "7:{\"a\":1},", "the reply is one netstring");
	close(sv[1]);
	errno = 0;
	ok(frame_write(sv[0], "x", 1, deadline_in(1000)) == -1 &&
	    errno == EPIPE, "writing to a closed peer fails without SIGPIPE");
	close(sv[0]);

	/* A client that never reads: the write gives up at its deadline. */
	if ((big = calloc(1, bigsz)) == NULL)
		bail("calloc");
	sockpair(sv);
	t = deadline_now();
	r = frame_write(sv[0], big, bigsz, deadline_in(300));
	t = deadline_now() - t;
	ok(r == -1 && errno == ETIMEDOUT,
	    "a reply the client never reads fails with ETIMEDOUT");
	ok(t >= 250 && t < 2000, "and gives up at the deadline (%lld ms)",
	    (long long)t);
	close(sv[0]);
	close(sv[1]);

	if (pipe(fds) == -1)
		bail("pipe");
	t = deadline_now();
	r = frame_write(fds[1], big, bigsz, deadline_in(300));
	t = deadline_now() - t;
	ok(r == -1 && errno == ETIMEDOUT && t < 2000,
	    "a full pipe does not block the writer past the deadline");
	close(fds[0]);
	close(fds[1]);
	free(big);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_good();
	test_bad();
	test_slow();
	test_pipe();
	test_write();
	done_testing();
	return exit_status();
}
