/*
 * capture-t.c: runbox-handoff's framed stream (handoff protocol 6) read
 * however the engine cuts it into pieces: output kept in the order of
 * its frames up to the cap, the exit report recognised only with our
 * token and well formed, never counted as output, a stream that is not
 * made of frames refused, and a compile stage's frames kept apart from
 * the run's, under a cap of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "docker.h"
#include "result.h"
#include "tap.h"

#define TOKEN	"0123456789abcdef0123456789abcdef"
#define OTHER	"0123456789abcdef0123456789abcdee"

static struct result	res;
static struct capture	cap;

static void
start(size_t max)
{
	result_free(&res);
	memset(&res, 0, sizeof(res));
	res.max_output_bytes = max;
	capture_init(&cap, &res, TOKEN);
}

/* Append one frame (tag, 32-bit big-endian length, data) to out. */
static size_t
frame(char *out, char tag, const char *p, size_t n)
{
	out[0] = tag;
	out[1] = (char)(n >> 24);
	out[2] = (char)(n >> 16);
	out[3] = (char)(n >> 8);
	out[4] = (char)n;
	memcpy(out + CAPTURE_HDR_LEN, p, n);
	return CAPTURE_HDR_LEN + n;
}

/* The report frame (tag) for token tok: "TOKEN KDDDOE CPU RSS". */
static size_t
report_as(char *out, char tag, const char *tok, char kind, int value,
    char oom, char end)
{
	char	r[CAPTURE_REPORT_MAX + 1];
	int	n;

	n = snprintf(r, sizeof(r), "%s %c%03d%c%c 512 102400", tok, kind,
	    value, oom, end);
	return frame(out, tag, r, (size_t)n);
}

/* The run's report frame, tag x. */
static size_t
report(char *out, const char *tok, char kind, int value, char oom, char end)
{
	return report_as(out, 'x', tok, kind, value, oom, end);
}

/* A report frame whose text after the token is tail. */
static size_t
report_tail(char *out, const char *tail)
{
	char	r[CAPTURE_REPORT_MAX + 64];
	int	n;

	n = snprintf(r, sizeof(r), "%s %s", TOKEN, tail);
	return frame(out, 'x', r, (size_t)n);
}

/* Feed bytes to a stream in pieces of at most step bytes. */
static int
feed(int stream, const char *p, size_t n, size_t step)
{
	size_t	k;

	while (n > 0) {
		k = n < step ? n : step;
		if (capture_add(&cap, stream, p, k) == -1)
			return -1;
		p += k;
		n -= k;
	}
	return 0;
}

static int
is_buf(const struct buf *b, const char *want, size_t len)
{
	return b->len == len && (len == 0 || memcmp(b->data, want, len) == 0);
}

int
main(void)
{
	char	s[512];
	char	tok[CAPTURE_TOKEN_LEN + 1], tok2[CAPTURE_TOKEN_LEN + 1];
	size_t	step, n;

	ok(capture_token(tok, sizeof(tok)) == 0 &&
	    strlen(tok) == CAPTURE_TOKEN_LEN &&
	    strspn(tok, "0123456789abcdef") == CAPTURE_TOKEN_LEN,
	    "a token is 32 hex digits");
	ok(capture_token(tok2, sizeof(tok2)) == 0 && strcmp(tok, tok2) != 0,
	    "two tokens differ");

	/* Frames cut into pieces of every size from 1 byte up. */
	n = frame(s, 'o', "out\n", 4);
	n += frame(s + n, 'e', "err\n", 4);
	n += frame(s + n, 'o', "", 0);
	n += frame(s + n, 'o', "out2\n", 5);
	n += report(s + n, TOKEN, 'e', 3, 'n', 'n');
	for (step = 1; step <= n; step++) {
		start(1000);
		if (feed(DOCKER_STDOUT, s, n, step) == -1 ||
		    !capture_done(&cap) || cap.run.kind != 'e' ||
		    cap.run.value != 3 || cap.run.oom != 'n' ||
		    cap.run.end != 'n' ||
		    !is_buf(&res.run.out, "out\nout2\n", 9) ||
		    !is_buf(&res.run.err, "err\n", 4) ||
		    !is_buf(&res.run.combined, "out\nerr\nout2\n", 13) ||
		    cap.total[0] != 13)
			break;
	}
	is_int(step, n + 1, "frames split anywhere keep stdout and stderr "
	    "apart, combined in frame order, and the report out of the "
	    "output");
	ok(feed(DOCKER_STDOUT, "late", 4, 4) == 0 && res.run.out.len == 9,
	    "bytes after the report are dropped");
	ok(cap.run.cpu_ms == 512 && cap.run.rss_kb == 102400, "the report's "
	    "CPU time and peak resident set are read");

	start(1000);
	n = report_tail(s, "e000nn 0 0");
	ok(feed(DOCKER_STDOUT, s, n, 3) == 0 && capture_done(&cap) &&
	    cap.run.cpu_ms == 0 && cap.run.rss_kb == 0, "a report of no CPU "
	    "and no memory is read");
	start(1000);
	n = report_tail(s, "e000nn 123456789012345678 1");
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    cap.run.cpu_ms == 123456789012345678LL, "18 digits are read");
	start(1000);
	n = report_tail(s, "e000nn 1234567890123456789 1");
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "19 digits are refused");
	start(1000);
	n = report_tail(s, "e000nn 12");
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report without the resident set is refused");
	start(1000);
	n = report_tail(s, "e000nn 12 34 ");
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report with a trailing space is refused");
	start(1000);
	n = report_tail(s, "e000nn 12 3x");
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report with a non-digit in a number is refused");
	start(1000);
	n = report_tail(s, "e000nn 12  34");
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report with two spaces between numbers is refused");

	start(1000);
	n = report(s, TOKEN, 's', 15, 'y', 't');
	ok(feed(DOCKER_STDOUT, s, n, 7) == 0 && capture_done(&cap) &&
	    cap.run.kind == 's' && cap.run.value == 15 && cap.run.oom == 'y' &&
	    cap.run.end == 't', "a report of signal 15 at the deadline, with "
	    "an out-of-memory kill, is read as such");
	start(1000);
	n = report(s, TOKEN, 'e', 0, '?', 'o');
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    cap.run.oom == '?' && cap.run.end == 'o', "a report of the output "
	    "cap with an unknown out-of-memory state is read as such");

	/* What is not a report of ours. */
	start(1000);
	n = report(s, OTHER, 'e', 0, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 5) == -1 && cap.bad &&
	    !capture_done(&cap), "a report with another token is refused");
	start(1000);
	n = report(s, TOKEN, 'x', 0, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report of an unknown kind is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 999, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report with a value over 255 is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 1, 'q', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report with an unknown out-of-memory flag is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 1, 'n', 'z');
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report with an unknown end is refused");
	start(1000);
	n = frame(s, 'x', "short", 5);
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "a report frame of the wrong length is refused");
	start(1000);
	ok(feed(DOCKER_STDOUT, "print(1)\n", 9, 64) == -1 && cap.bad &&
	    res.run.out.len == 0, "a stream that is not frames (an old "
	    "handoff) is refused, not taken for output");
	start(1000);
	memcpy(s, "o\x00\x10\x00\x01", 5);
	ok(feed(DOCKER_STDOUT, s, 5, 5) == -1 && cap.bad,
	    "a frame longer than CAPTURE_FRAME_MAX is refused before its "
	    "data");

	/* Stream 2 is the handoff's own complaint, kept as stderr. */
	start(1000);
	ok(feed(DOCKER_STDERR, "runbox-handoff: bad length\n", 27, 4) == 0 &&
	    is_buf(&res.run.err, "runbox-handoff: bad length\n", 27) &&
	    res.run.combined.len == 27, "the engine's stderr stream is kept as "
	    "stderr");

	/* NUL bytes are data like any other. */
	start(1000);
	n = frame(s, 'o', "a\0\0b\0RBX", 8);
	ok(feed(DOCKER_STDOUT, s, n, 1) == 0 &&
	    is_buf(&res.run.out, "a\0\0b\0RBX", 8), "NUL bytes in a frame are "
	    "output");

	/* The cap counts output only. */
	start(10);
	n = frame(s, 'o', "0123456789", 10);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 3) == 0 && capture_done(&cap) &&
	    !res.run.truncated && res.run.out.len == 10, "output of exactly "
	    "the cap and the report do not stop the run");
	start(10);
	n = frame(s, 'o', "01234", 5);
	n += frame(s + n, 'e', "56789x", 6);
	ok(feed(DOCKER_STDOUT, s, n, 6) == -1, "one byte over the cap stops "
	    "the run");
	ok(res.run.truncated && is_buf(&res.run.combined, "0123456789", 10) &&
	    is_buf(&res.run.err, "56789", 5),
	    "what came up to the cap is kept, in order");

	/* A compile stage: its own frames, its own cap, then the run's. */
	start(10);
	n = frame(s, 'O', "cc out\n", 7);
	n += frame(s + n, 'E', "warning: x\n", 11);
	n += report_as(s + n, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "run\n", 4);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	for (step = 1; step <= n; step++) {
		start(10);
		if (feed(DOCKER_STDOUT, s, n, step) == -1 ||
		    !capture_done(&cap) || !cap.compile.done ||
		    capture_failed(&cap.compile) ||
		    !is_buf(&res.compile.out, "cc out\n", 7) ||
		    !is_buf(&res.compile.err, "warning: ", 3) ||
		    !res.compile.truncated || res.run.truncated ||
		    !is_buf(&res.run.out, "run\n", 4) || cap.total[1] != 10)
			break;
	}
	is_int(step, n + 1, "a compile's frames go to compile, past its cap "
	    "(10 bytes) cut but read on, and the run's output has a cap of "
	    "its own");
	start(1000);
	n = frame(s, 'E', "error: x\n", 9);
	n += report_as(s + n, 'X', TOKEN, 'e', 1, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 4) == 0 && capture_done(&cap) &&
	    !cap.run.done && capture_failed(&cap.compile) &&
	    is_buf(&res.compile.err, "error: x\n", 9),
	    "a failed compile's report is the last: the run never comes");
	ok(feed(DOCKER_STDOUT, "o\0\0\0\1z", 6, 6) == 0 &&
	    res.run.out.len == 0, "bytes after a failed compile's report are "
	    "dropped");
	start(1000);
	n = report_as(s, 'X', TOKEN, 'e', 0, 'n', 't');
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    capture_failed(&cap.compile), "a compile ended at its deadline "
	    "(exit 0 all the same) failed");
	start(1000);
	n = report_as(s, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'O', "late", 4);
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad,
	    "compile output after the compile's report is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    !cap.compile.done, "a run without a compile stage ends with its "
	    "report");

	result_free(&res);
	done_testing();
	return exit_status();
}
