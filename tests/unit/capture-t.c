/*
 * capture-t.c: runbox-handoff's framed stream (handoff protocol 7) read
 * however the engine cuts it into pieces: output kept in the order of
 * its frames up to the cap, each test's output and exit report in its
 * place in a batch, the exit reports recognised only with our token and
 * well formed, never counted as output, the returned files' content and
 * reports, the end frame, a stream that is not made of frames in their
 * order refused, and a compile stage's frames kept apart from the
 * tests', under a cap of their own.
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
#define MAXT	8	/* tests or files of one stream here */
#define WALL	"1234"	/* the wall time of report() */

static struct result		res;
static struct capture		cap;
static struct capture_report	reports[MAXT];

static void	start(size_t);
static void	start_with(size_t, size_t, size_t);
static size_t	frame(char *, char, const char *, size_t);
static size_t	report_as(char *, char, const char *, char, int, char, char);
static size_t	report(char *, const char *, char, int, char, char);
static size_t	report_tail(char *, const char *);
static size_t	file_report(char *, const char *, char, long long);
static size_t	file_tail(char *, const char *);
static size_t	end_as(char *, const char *);
static size_t	end(char *);
static int	feed(int, const char *, size_t, size_t);
static int	is_buf(const struct buf *, const char *, size_t);
static int	is_refused(const char *, size_t);
static void	test_token(void);
static void	test_plain(void);
static void	test_reports(void);
static void	test_refused(void);
static void	test_caps(void);
static void	test_compile(void);
static void	test_batch(void);
static void	test_files(void);
static void	test_order(void);
static void	test_whole(void);

/* A plain run: no batch, no file asked for. */
static void
start(size_t max)
{
	start_with(max, 0, 0);
}

/* A run of ntests tests (0: a plain run) asking for nfiles files. */
static void
start_with(size_t max, size_t ntests, size_t nfiles)
{
	result_free(&res);
	memset(&res, 0, sizeof(res));
	memset(reports, 0, sizeof(reports));
	if (ntests > MAXT || nfiles > MAXT)
		bail("at most %d tests and files", MAXT);
	res.max_output_bytes = max;
	if (ntests > 0 &&
	    (res.tests = calloc(ntests, sizeof(*res.tests))) == NULL)
		bail("out of memory");
	res.ntests = ntests;
	if (nfiles > 0 &&
	    (res.files = calloc(nfiles, sizeof(*res.files))) == NULL)
		bail("out of memory");
	res.nfiles = nfiles;
	capture_init(&cap, &res, TOKEN, reports);
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

/* The report frame (tag) for token tok: "TOKEN KDDDOE CPU RSS WALL". */
static size_t
report_as(char *out, char tag, const char *tok, char kind, int value,
    char oom, char endc)
{
	char	r[CAPTURE_REPORT_MAX + 1];
	int	n;

	n = snprintf(r, sizeof(r), "%s %c%03d%c%c 512 102400 " WALL, tok,
	    kind, value, oom, endc);
	return frame(out, tag, r, (size_t)n);
}

/* A test's report frame, tag x. */
static size_t
report(char *out, const char *tok, char kind, int value, char oom, char endc)
{
	return report_as(out, 'x', tok, kind, value, oom, endc);
}

/* A test's report frame whose text after the token is tail. */
static size_t
report_tail(char *out, const char *tail)
{
	char	r[CAPTURE_REPORT_MAX + 64];
	int	n;

	n = snprintf(r, sizeof(r), "%s %s", TOKEN, tail);
	return frame(out, 'x', r, (size_t)n);
}

/* A returned file's report frame, tag F: "TOKEN KIND SIZE". */
static size_t
file_report(char *out, const char *tok, char kind, long long size)
{
	char	r[CAPTURE_FILE_MAX + 1];
	int	n;

	n = snprintf(r, sizeof(r), "%s %c %lld", tok, kind, size);
	return frame(out, 'F', r, (size_t)n);
}

/* A file's report frame whose text after the token is tail. */
static size_t
file_tail(char *out, const char *tail)
{
	char	r[CAPTURE_FILE_MAX + 64];
	int	n;

	n = snprintf(r, sizeof(r), "%s %s", TOKEN, tail);
	return frame(out, 'F', r, (size_t)n);
}

/* The end frame, tag z, with token tok. */
static size_t
end_as(char *out, const char *tok)
{
	return frame(out, 'z', tok, strlen(tok));
}

static size_t
end(char *out)
{
	return end_as(out, TOKEN);
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

/* The n bytes of s are refused as not protocol 7, and no end is taken. */
static int
is_refused(const char *s, size_t n)
{
	return feed(DOCKER_STDOUT, s, n, 64) == -1 && cap.bad &&
	    !capture_done(&cap);
}

static void
test_token(void)
{
	char	tok[CAPTURE_TOKEN_LEN + 1], tok2[CAPTURE_TOKEN_LEN + 1];

	ok(capture_token(tok, sizeof(tok)) == 0 &&
	    strlen(tok) == CAPTURE_TOKEN_LEN &&
	    strspn(tok, "0123456789abcdef") == CAPTURE_TOKEN_LEN,
	    "a token is 32 hex digits");
	ok(capture_token(tok2, sizeof(tok2)) == 0 && strcmp(tok, tok2) != 0,
	    "two tokens differ");
}

/* A plain run: one test, its output in res->run. */
static void
test_plain(void)
{
	char	s[512];
	size_t	step, n, m;

	/* Frames cut into pieces of every size from 1 byte up. */
	n = frame(s, 'o', "out\n", 4);
	n += frame(s + n, 'e', "err\n", 4);
	n += frame(s + n, 'o', "", 0);
	n += frame(s + n, 'o', "out2\n", 5);
	n += report(s + n, TOKEN, 'e', 3, 'n', 'n');
	n += end(s + n);
	for (step = 1; step <= n; step++) {
		start(1000);
		if (feed(DOCKER_STDOUT, s, n, step) == -1 ||
		    !capture_done(&cap) || cap.ntested != 1 ||
		    capture_last(&cap) != &cap.tests[0] ||
		    cap.tests[0].kind != 'e' || cap.tests[0].value != 3 ||
		    cap.tests[0].oom != 'n' || cap.tests[0].end != 'n' ||
		    !is_buf(&res.run.out, "out\nout2\n", 9) ||
		    !is_buf(&res.run.err, "err\n", 4) ||
		    !is_buf(&res.run.combined, "out\nerr\nout2\n", 13) ||
		    cap.total[0] != 13)
			break;
	}
	is_int(step, n + 1, "frames split anywhere keep stdout and stderr "
	    "apart, combined in frame order, and the report and the end out "
	    "of the output");
	ok(feed(DOCKER_STDOUT, "late", 4, 4) == 0 && res.run.out.len == 9 &&
	    !cap.bad, "bytes after the end are dropped");
	ok(cap.tests[0].cpu_ms == 512 && cap.tests[0].rss_kb == 102400 &&
	    cap.tests[0].wall_ms == 1234, "the report's CPU time, peak "
	    "resident set and wall time are read");

	/* The report is in, the end is not: not done yet. */
	start(1000);
	m = n - CAPTURE_HDR_LEN - CAPTURE_TOKEN_LEN;
	ok(feed(DOCKER_STDOUT, s, m, 7) == 0 && cap.ntested == 1 &&
	    cap.tests[0].done && !capture_done(&cap), "a run whose report is "
	    "in is not done before the end frame");
	ok(feed(DOCKER_STDOUT, s + m, n - m - 1, 7) == 0 &&
	    !capture_done(&cap), "nor with all but the end frame's last byte");
	ok(feed(DOCKER_STDOUT, s + n - 1, 1, 1) == 0 && capture_done(&cap),
	    "the end frame's last byte ends it");

	/* Stream 2 is the handoff's own complaint, kept as stderr. */
	start(1000);
	ok(feed(DOCKER_STDERR, "runbox-handoff: bad length\n", 27, 4) == 0 &&
	    is_buf(&res.run.err, "runbox-handoff: bad length\n", 27) &&
	    res.run.combined.len == 27, "the engine's stderr stream is kept as "
	    "stderr");
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    feed(DOCKER_STDERR, "late\n", 5, 5) == 0 && res.run.err.len == 27,
	    "the engine's stderr stream after the end is dropped");

	/* NUL bytes are data like any other. */
	start(1000);
	n = frame(s, 'o', "a\0\0b\0RBX", 8);
	ok(feed(DOCKER_STDOUT, s, n, 1) == 0 &&
	    is_buf(&res.run.out, "a\0\0b\0RBX", 8), "NUL bytes in a frame are "
	    "output");

	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    !cap.compile.done && capture_last(&cap) == &cap.tests[0],
	    "a run without a compile stage ends with its report and the end; "
	    "the last report is the test's");
}

/* What a report holds, and how it is read. */
static void
test_reports(void)
{
	char	s[512];
	size_t	n;

	start(1000);
	n = report_tail(s, "e000nn 0 0 0");
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 3) == 0 && capture_done(&cap) &&
	    cap.tests[0].cpu_ms == 0 && cap.tests[0].rss_kb == 0 &&
	    cap.tests[0].wall_ms == 0, "a report of no CPU, no memory and no "
	    "time is read (the shortest report)");
	start(1000);
	n = report_tail(s, "e000nn 123456789012345678 1 876543210987654321");
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && cap.ntested == 1 &&
	    cap.tests[0].cpu_ms == 123456789012345678LL &&
	    cap.tests[0].wall_ms == 876543210987654321LL, "18 digits are read");
	start(1000);
	n = report_tail(s, "e000nn 999999999999999999 999999999999999999 "
	    "999999999999999999");
	ok(n == CAPTURE_HDR_LEN + CAPTURE_REPORT_MAX &&
	    feed(DOCKER_STDOUT, s, n, 64) == 0 && cap.ntested == 1 &&
	    cap.tests[0].rss_kb == 999999999999999999LL, "the longest report "
	    "is read");

	start(1000);
	n = report(s, TOKEN, 's', 15, 'y', 't');
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 7) == 0 && capture_done(&cap) &&
	    cap.tests[0].kind == 's' && cap.tests[0].value == 15 &&
	    cap.tests[0].oom == 'y' && cap.tests[0].end == 't' &&
	    capture_failed(&cap.tests[0]), "a report of signal 15 at the "
	    "deadline, with an out-of-memory kill, is read as such");
	start(1000);
	n = report(s, TOKEN, 'e', 0, '?', 'o');
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    cap.tests[0].oom == '?' && cap.tests[0].end == 'o',
	    "a report of the output cap with an unknown out-of-memory state "
	    "is read as such");
}

/* What is not a report of ours, or not frames at all. */
static void
test_refused(void)
{
	static const struct {
		const char	*tail;
		const char	*what;
	} bad[] = {
		{ "e000nn 1234567", "a report without the resident set" },
		{ "e000nn 1234 5678", "a report without the wall time "
		    "(protocol 6's)" },
		{ "e000nn 1234567890123456789 1 1", "a report with 19 digits of CPU time" },
		{ "e000nn 1 1 1234567890123456789", "a report with 19 digits of wall "
		    "time" },
		{ "e000nn 12 34 56 ", "a report with a trailing space" },
		{ "e000nn 12 3x 56", "a report with a non-digit in a number" },
		{ "e000nn 12  34 56", "a report with two spaces between "
		    "numbers" },
		{ "e000nn 12 34 56 78", "a report with a fourth number" },
		{ "e000nn -1 34 56", "a report with a negative number" },
		{ "e00nn 12 34 567", "a report of two digits of status" },
		{ "e000n 12 34 5678", "a report without its end" }
	};
	char	s[512];
	size_t	i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		start(1000);
		n = report_tail(s, bad[i].tail);
		/* Of a report's length: it is its text that is refused. */
		ok(n >= CAPTURE_HDR_LEN + CAPTURE_REPORT_MIN &&
		    n <= CAPTURE_HDR_LEN + CAPTURE_REPORT_MAX &&
		    is_refused(s, n) && cap.ntested == 0 && !cap.tests[0].done,
		    "%s is refused", bad[i].what);
	}

	start(1000);
	n = report(s, OTHER, 'e', 0, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 5) == -1 && cap.bad &&
	    !capture_done(&cap) && cap.ntested == 0, "a report with another "
	    "token is refused");
	start(1000);
	n = report(s, TOKEN, 'x', 0, 'n', 'n');
	ok(is_refused(s, n), "a report of an unknown kind is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 999, 'n', 'n');
	ok(is_refused(s, n), "a report with a value over 255 is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 1, 'q', 'n');
	ok(is_refused(s, n), "a report with an unknown out-of-memory flag is "
	    "refused");
	start(1000);
	n = report(s, TOKEN, 'e', 1, 'n', 'z');
	ok(is_refused(s, n), "a report with an unknown end is refused");
	start(1000);
	n = frame(s, 'x', "short", 5);
	ok(is_refused(s, n), "a report frame of the wrong length is refused");
	start(1000);
	memcpy(s, "x\0\0\0", 4);
	s[4] = (char)(CAPTURE_REPORT_MAX + 1);
	ok(feed(DOCKER_STDOUT, s, CAPTURE_HDR_LEN, 5) == -1 && cap.bad,
	    "a report frame one byte over the longest report is refused "
	    "before its data");
	start(1000);
	ok(feed(DOCKER_STDOUT, "print(1)\n", 9, 64) == -1 && cap.bad &&
	    res.run.out.len == 0, "a stream that is not frames (an old "
	    "handoff) is refused, not taken for output");
	start(1000);
	memcpy(s, "o\x00\x10\x00\x01", 5);
	ok(feed(DOCKER_STDOUT, s, 5, 5) == -1 && cap.bad,
	    "a frame longer than CAPTURE_FRAME_MAX is refused before its "
	    "data");
	start(1000);
	n = frame(s, 'q', "data", 4);
	ok(is_refused(s, n), "a frame of an unknown tag is refused");
}

/* The cap counts output only. */
static void
test_caps(void)
{
	char	s[512];
	size_t	n;

	start(10);
	n = frame(s, 'o', "0123456789", 10);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 3) == 0 && capture_done(&cap) &&
	    !res.run.truncated && res.run.out.len == 10, "output of exactly "
	    "the cap, the report and the end do not stop the run");
	start(10);
	n = frame(s, 'o', "01234", 5);
	n += frame(s + n, 'e', "56789x", 6);
	ok(feed(DOCKER_STDOUT, s, n, 6) == -1 && !cap.bad, "one byte over the "
	    "cap stops the run");
	ok(res.run.truncated && is_buf(&res.run.combined, "0123456789", 10) &&
	    is_buf(&res.run.err, "56789", 5),
	    "what came up to the cap is kept, in order");
	start(10);
	n = frame(s, 'o', "0123456", 7);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 &&
	    feed(DOCKER_STDERR, "abcd", 4, 4) == -1 && res.run.truncated &&
	    is_buf(&res.run.combined, "0123456abc", 10), "the engine's stderr "
	    "stream counts under the same cap");
}

/* A compile stage: its own frames, its own cap, then the tests'. */
static void
test_compile(void)
{
	char	s[512];
	size_t	step, n;

	n = frame(s, 'O', "cc out\n", 7);
	n += frame(s + n, 'E', "warning: x\n", 11);
	n += report_as(s + n, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "run\n", 4);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += end(s + n);
	for (step = 1; step <= n; step++) {
		start(10);
		if (feed(DOCKER_STDOUT, s, n, step) == -1 ||
		    !capture_done(&cap) || !cap.compile.done ||
		    capture_failed(&cap.compile) ||
		    cap.compile.wall_ms != 1234 ||
		    !is_buf(&res.compile.out, "cc out\n", 7) ||
		    !is_buf(&res.compile.err, "war", 3) ||
		    !res.compile.truncated || res.run.truncated ||
		    !is_buf(&res.run.out, "run\n", 4) || cap.total[1] != 10 ||
		    cap.total[0] != 4 || capture_last(&cap) != &cap.tests[0])
			break;
	}
	is_int(step, n + 1, "a compile's frames go to compile, past its cap "
	    "(10 bytes) cut but read on, and the run's output has a cap of "
	    "its own");

	start(1000);
	n = frame(s, 'E', "error: x\n", 9);
	n += report_as(s + n, 'X', TOKEN, 'e', 1, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 4) == 0 && !capture_done(&cap) &&
	    capture_failed(&cap.compile) && capture_last(&cap) == &cap.compile,
	    "a failed compile's report is in, but the stream is not done "
	    "before the end");
	n = end(s);
	ok(feed(DOCKER_STDOUT, s, n, 4) == 0 && capture_done(&cap) &&
	    cap.ntested == 0 && !cap.tests[0].done &&
	    is_buf(&res.compile.err, "error: x\n", 9), "a failed compile's "
	    "report and the end: the run never came");
	start(1000);
	n = frame(s, 'E', "error: x\n", 9);
	n += report_as(s + n, 'X', TOKEN, 'e', 1, 'n', 'n');
	n += frame(s + n, 'o', "z", 1);
	ok(is_refused(s, n) && res.run.out.len == 0, "a test's output after a "
	    "failed compile's report is refused");
	start(1000);
	n = report_as(s, 'X', TOKEN, 'e', 1, 'n', 'n');
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	ok(is_refused(s, n) && cap.ntested == 0, "a test's report after a "
	    "failed compile's report is refused");
	start(1000);
	n = report_as(s, 'X', TOKEN, 'e', 0, 'n', 't');
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && cap.compile.done &&
	    capture_failed(&cap.compile), "a compile ended at its deadline "
	    "(exit 0 all the same) failed");
	start(1000);
	n = report_as(s, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'O', "late", 4);
	ok(is_refused(s, n), "compile output after the compile's report is "
	    "refused");
	start(1000);
	n = report_as(s, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += report_as(s + n, 'X', TOKEN, 'e', 0, 'n', 'n');
	ok(is_refused(s, n), "a second compile report is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'O', "late", 4);
	ok(is_refused(s, n), "compile output after a test's report is "
	    "refused");
}

/* A batch: each test's output and report in its place. */
static void
test_batch(void)
{
	char	s[1024];
	size_t	step, n, i;

	n = frame(s, 'o', "one\n", 4);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'e', "two\n", 4);
	n += frame(s + n, 'o', "2", 1);
	n += report(s + n, TOKEN, 'e', 1, 'n', 'n');
	n += frame(s + n, 'o', "three", 5);
	n += report(s + n, TOKEN, 's', 9, 'y', 'n');
	n += end(s + n);
	for (step = 1; step <= n; step++) {
		start_with(1000, 3, 0);
		if (feed(DOCKER_STDOUT, s, n, step) == -1 ||
		    !capture_done(&cap) || cap.ntested != 3 ||
		    !is_buf(&res.tests[0].run.out, "one\n", 4) ||
		    !is_buf(&res.tests[0].run.combined, "one\n", 4) ||
		    res.tests[0].run.err.len != 0 ||
		    !is_buf(&res.tests[1].run.out, "2", 1) ||
		    !is_buf(&res.tests[1].run.err, "two\n", 4) ||
		    !is_buf(&res.tests[1].run.combined, "two\n2", 5) ||
		    !is_buf(&res.tests[2].run.out, "three", 5) ||
		    res.run.combined.len != 0 || cap.total[0] != 14 ||
		    cap.tests[0].value != 0 || cap.tests[1].value != 1 ||
		    cap.tests[1].kind != 'e' || cap.tests[2].kind != 's' ||
		    cap.tests[2].value != 9 || cap.tests[2].oom != 'y' ||
		    capture_last(&cap) != &cap.tests[2])
			break;
	}
	is_int(step, n + 1, "a batch's frames split anywhere put each test's "
	    "output in its own result, in order, and each report in its "
	    "place; the plain run's output stays empty");

	start_with(1000, 3, 0);
	n = frame(s, 'o', "one\n", 4);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && cap.ntested == 1 &&
	    !capture_done(&cap), "a batch with a report in is not done");
	ok(feed(DOCKER_STDERR, "complaint\n", 10, 64) == 0 &&
	    is_buf(&res.tests[1].run.err, "complaint\n", 10) &&
	    res.tests[0].run.err.len == 0, "the engine's stderr stream goes to "
	    "the test to come");
	n = end(s);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    cap.ntested == 1 && !cap.tests[1].done && !cap.tests[2].done,
	    "a batch may end after fewer tests than asked (a stop)");

	start_with(1000, 2, 0);
	n = 0;
	for (i = 0; i < 3; i++)
		n += report(s + n, TOKEN, 'e', (int)i, 'n', 'n');
	ok(is_refused(s, n) && cap.ntested == 2, "a report beyond the number "
	    "of tests is refused");
	start_with(1000, 2, 0);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "more", 4);
	ok(is_refused(s, n) && res.tests[1].run.out.len == 0, "output beyond "
	    "the number of tests is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	ok(is_refused(s, n) && cap.ntested == 1, "a plain run's second "
	    "report is refused");

	/* The tests share one cap. */
	start_with(10, 3, 0);
	n = frame(s, 'o', "012345", 6);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "6789x", 5);
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && !cap.bad &&
	    !res.tests[0].run.truncated && res.tests[1].run.truncated &&
	    is_buf(&res.tests[1].run.out, "6789", 4) && cap.total[0] == 10,
	    "a batch's tests share one cap: the test that passes it is cut "
	    "and truncated");
}

/* The files returned after the last stage. */
static void
test_files(void)
{
	static const struct {
		char			kind;
		enum result_file_kind	want;
	} kinds[] = {
		{ 'r', RESULT_FILE_REGULAR }, { 'm', RESULT_FILE_MISSING },
		{ 'l', RESULT_FILE_SYMLINK }, { 'd', RESULT_FILE_DIRECTORY },
		{ 'o', RESULT_FILE_OTHER }, { 'a', RESULT_FILE_UNREADABLE }
	};
	char	s[1024];
	size_t	n, i;

	start_with(1000, 0, 2);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "hel", 3);
	n += frame(s + n, 'f', "lo\0", 3);
	n += file_report(s + n, TOKEN, 'r', 6);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && cap.nfiles == 1 &&
	    res.files[0].done && res.files[0].kind == RESULT_FILE_REGULAR &&
	    res.files[0].size == 6 && is_buf(&res.files[0].content, "hello\0",
	    6) && !res.files[1].done && !capture_done(&cap), "a returned "
	    "file's frames are its content, its report its kind and size");
	ok(res.run.combined.len == 0 && cap.total[0] == 6, "a file's content "
	    "is not output, but counts under the tests' cap");
	n = file_report(s, TOKEN, 'm', 0);
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    cap.nfiles == 2 && res.files[1].done &&
	    res.files[1].kind == RESULT_FILE_MISSING &&
	    res.files[1].size == 0 && res.files[1].content.len == 0,
	    "a missing file's report, then the end");

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		start_with(1000, 0, 1);
		n = report(s, TOKEN, 'e', 0, 'n', 'n');
		n += file_report(s + n, TOKEN, kinds[i].kind, 0);
		n += end(s + n);
		ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
		    res.files[0].done && res.files[0].kind == kinds[i].want &&
		    res.files[0].size == 0, "a file report of kind '%c' is "
		    "read as its kind", kinds[i].kind);
	}

	start_with(1000, 0, 1);
	n = file_report(s, TOKEN, 'r', 123456789012345678LL);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && res.files[0].done &&
	    res.files[0].size == 123456789012345678LL, "a file's size of 18 "
	    "digits is read");
	start_with(1000, 0, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "abc", 3);
	n += file_report(s + n, TOKEN, 'r', 100);
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    res.files[0].size == 100 && is_buf(&res.files[0].content, "abc", 3),
	    "a file whose content is shorter than its size (the cap cut it) "
	    "is read, its size as reported");
	start_with(1000, 0, 1);
	n = frame(s, 'f', "abcdef", 6);
	n += file_report(s + n, TOKEN, 'r', 5);
	ok(is_refused(s, n) && !res.files[0].done, "a file whose content is "
	    "longer than its size is refused");
	start_with(1000, 0, 1);
	n = frame(s, 'f', "abc", 3);
	n += file_report(s + n, TOKEN, 'm', 0);
	ok(is_refused(s, n), "a file that is not regular with content is "
	    "refused");
	start_with(1000, 0, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += file_report(s + n, TOKEN, 'r', 0);
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    res.files[0].kind == RESULT_FILE_REGULAR && res.files[0].size == 0,
	    "an empty regular file is read");

	/* Nothing comes between a stage's output and its report. */
	start_with(1000, 0, 1);
	n = frame(s, 'o', "x", 1);
	n += frame(s + n, 'f', "abc", 3);
	ok(is_refused(s, n), "a file's content before the test's report is "
	    "refused");
	start_with(1000, 0, 0);
	n = frame(s, 'o', "x", 1);
	n += end(s + n);
	ok(is_refused(s, n), "the end before the test's report is refused");
	start_with(1000, 0, 0);
	n = end(s);
	ok(is_refused(s, n), "the end with no report at all is refused");
	start_with(1000, 0, 0);
	n = frame(s, 'o', "x", 1);
	n += frame(s + n, 'O', "y", 1);
	ok(is_refused(s, n), "compile output after a test's output is "
	    "refused");
	start_with(1000, 0, 0);
	n = frame(s, 'O', "y", 1);
	n += frame(s + n, 'o', "x", 1);
	ok(is_refused(s, n), "a test's output before the compile's report is "
	    "refused");

	for (i = 1; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		start_with(1000, 0, 1);
		n = file_report(s, TOKEN, kinds[i].kind, 3);
		ok(is_refused(s, n) && !res.files[0].done, "a file report of "
		    "kind '%c' with a size other than 0 is refused",
		    kinds[i].kind);
	}
	start_with(1000, 0, 1);
	n = file_report(s, OTHER, 'r', 0);
	ok(is_refused(s, n), "a file report with another token is refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "x 0");
	ok(is_refused(s, n), "a file report of an unknown kind is refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "r 12 ");
	ok(is_refused(s, n), "a file report with a trailing space is refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "r  12");
	ok(is_refused(s, n), "a file report with two spaces is refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "r 1x");
	ok(is_refused(s, n), "a file report with a non-digit in its size is "
	    "refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "r 1234567890123456789");
	ok(is_refused(s, n), "a file report of 19 digits is refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "r");
	ok(is_refused(s, n), "a file report without its size is refused");
	start_with(1000, 0, 1);
	n = file_tail(s, "r55");
	ok(is_refused(s, n), "a file report without a space before its size "
	    "is refused");
	start_with(1000, 0, 1);
	n = report_tail(s, "e000nn 1 2 3");
	s[0] = 'F';
	ok(is_refused(s, n), "a test's report as a file's is refused");

	/* No file asked for. */
	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "abc", 3);
	ok(is_refused(s, n), "a file's content when no file was asked for is "
	    "refused");
	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += file_report(s + n, TOKEN, 'm', 0);
	ok(is_refused(s, n), "a file's report when no file was asked for is "
	    "refused");
	start_with(1000, 0, 1);
	n = file_report(s, TOKEN, 'm', 0);
	n += frame(s + n, 'f', "abc", 3);
	ok(is_refused(s, n), "a file's content beyond the files asked for is "
	    "refused");
	start_with(1000, 0, 1);
	n = file_report(s, TOKEN, 'm', 0);
	n += file_report(s + n, TOKEN, 'm', 0);
	ok(is_refused(s, n) && cap.nfiles == 1, "a file's report beyond the "
	    "files asked for is refused");

	/* The tests' output and the files share one cap. */
	start_with(10, 0, 2);
	n = frame(s, 'o', "0123", 4);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'o');
	n += frame(s + n, 'f', "abcd", 4);
	n += file_report(s + n, TOKEN, 'r', 9);
	n += frame(s + n, 'f', "wx", 2);
	n += file_report(s + n, TOKEN, 'r', 9);
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 5) == 0 && capture_done(&cap) &&
	    cap.total[0] == 10 && is_buf(&res.files[0].content, "abcd", 4) &&
	    is_buf(&res.files[1].content, "wx", 2) && !res.run.truncated,
	    "the tests' output and the files' content fill one cap together");
	start_with(10, 0, 1);
	n = frame(s, 'o', "012345", 6);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "abcdef", 6);
	ok(feed(DOCKER_STDOUT, s, n, 64) == -1 && !cap.bad &&
	    is_buf(&res.files[0].content, "abcd", 4) && cap.total[0] == 10 &&
	    !res.run.truncated, "a file's content past what the tests' output "
	    "left of the cap is cut there, and reading stops");
	start_with(10, 0, 1);
	n = frame(s, 'O', "0123456789", 10);
	n += report_as(s + n, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "abcde", 5);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "fghij", 5);
	n += file_report(s + n, TOKEN, 'r', 5);
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    cap.total[1] == 10 && cap.total[0] == 10 &&
	    !res.compile.truncated && is_buf(&res.files[0].content, "fghij",
	    5), "the compile's output has its own cap: it leaves the tests' "
	    "and the files' whole");
	start_with(1000, 0, 1);
	n = frame(s, 'E', "error\n", 6);
	n += report_as(s + n, 'X', TOKEN, 'e', 1, 'n', 'n');
	n += file_report(s + n, TOKEN, 'm', 0);
	n += end(s + n);
	ok(feed(DOCKER_STDOUT, s, n, 64) == 0 && capture_done(&cap) &&
	    res.files[0].done && cap.ntested == 0, "the files come after a "
	    "failed compile too");
}

/* The order of protocol 7: tests, then files, then the end. */
static void
test_order(void)
{
	char	s[1024];
	size_t	n;

	start_with(1000, 0, 2);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += file_report(s + n, TOKEN, 'm', 0);
	n += end(s + n);
	ok(is_refused(s, n) && cap.nfiles == 1, "the end before every file's "
	    "report is refused");
	start_with(1000, 0, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "abc", 3);
	n += end(s + n);
	ok(is_refused(s, n), "the end in the middle of a file is refused");
	start(1000);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += end_as(s + n, OTHER);
	ok(is_refused(s, n), "the end with another token is refused");
	start(1000);
	n = frame(s, 'z', TOKEN, CAPTURE_TOKEN_LEN - 1);
	ok(is_refused(s, n), "an end frame shorter than a token is refused");
	start(1000);
	n = frame(s, 'z', TOKEN "0", CAPTURE_TOKEN_LEN + 1);
	ok(is_refused(s, n), "an end frame longer than a token is refused");

	start_with(1000, 3, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "abc", 3);
	n += frame(s + n, 'o', "late", 4);
	ok(is_refused(s, n) && res.tests[1].run.out.len == 0, "a test's "
	    "output after a file's frame is refused");
	start_with(1000, 3, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += file_report(s + n, TOKEN, 'm', 0);
	n += frame(s + n, 'e', "late", 4);
	ok(is_refused(s, n), "a test's stderr after a file's report is "
	    "refused");
	start_with(1000, 3, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'f', "abc", 3);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	ok(is_refused(s, n) && cap.ntested == 1, "a test's report after a "
	    "file's frame is refused");
	start_with(1000, 0, 1);
	n = frame(s, 'f', "abc", 3);
	n += frame(s + n, 'O', "cc", 2);
	ok(is_refused(s, n), "compile output after a file's frame is "
	    "refused");

	/* After the end, nothing. */
	start_with(1000, 0, 1);
	n = report(s, TOKEN, 'e', 0, 'n', 'n');
	n += file_report(s + n, TOKEN, 'm', 0);
	n += end(s + n);
	n += frame(s + n, 'o', "late", 4);
	n += frame(s + n, 'f', "late", 4);
	n += end(s + n);
	n += frame(s + n, 'q', "not even a frame", 16);
	ok(feed(DOCKER_STDOUT, s, n, 3) == 0 && capture_done(&cap) &&
	    !cap.bad && res.run.combined.len == 0 &&
	    res.files[0].content.len == 0 && cap.total[0] == 0,
	    "bytes after the end, frames or not, are dropped");
}

/* Every kind of frame at once, cut at every byte boundary. */
static void
test_whole(void)
{
	char	s[2048];
	size_t	step, n;

	n = frame(s, 'O', "cc\n", 3);
	n += report_as(s + n, 'X', TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "a", 1);
	n += frame(s + n, 'e', "b", 1);
	n += report(s + n, TOKEN, 'e', 0, 'n', 'n');
	n += frame(s + n, 'o', "cd", 2);
	n += report(s + n, TOKEN, 'e', 2, 'n', 'n');
	n += frame(s + n, 'f', "file", 4);
	n += frame(s + n, 'f', "", 0);
	n += frame(s + n, 'f', " one", 4);
	n += file_report(s + n, TOKEN, 'r', 8);
	n += file_report(s + n, TOKEN, 'd', 0);
	n += end(s + n);
	for (step = 1; step <= n; step++) {
		start_with(1000, 2, 2);
		if (feed(DOCKER_STDOUT, s, n, step) == -1 ||
		    !capture_done(&cap) || !cap.compile.done ||
		    cap.ntested != 2 || cap.nfiles != 2 ||
		    !is_buf(&res.compile.out, "cc\n", 3) ||
		    !is_buf(&res.tests[0].run.combined, "ab", 2) ||
		    !is_buf(&res.tests[1].run.out, "cd", 2) ||
		    cap.tests[1].value != 2 ||
		    !is_buf(&res.files[0].content, "file one", 8) ||
		    res.files[0].size != 8 ||
		    res.files[1].kind != RESULT_FILE_DIRECTORY ||
		    cap.total[0] != 12 || cap.total[1] != 3)
			break;
	}
	is_int(step, n + 1, "a compile, two tests and two files, split "
	    "anywhere, each land in their place");
}

int
main(void)
{
	test_token();
	test_plain();
	test_reports();
	test_refused();
	test_caps();
	test_compile();
	test_batch();
	test_files();
	test_order();
	test_whole();

	result_free(&res);
	done_testing();
	return exit_status();
}
