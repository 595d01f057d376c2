/*
 * capture-t.c: output kept up to the cap, and runbox-handoff's exit
 * report recognised at the end of each stream however the engine cuts
 * the stream into frames, never counted as output, never forged by bytes
 * that only look like it.
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

/* The report for kind/value with token tok, in r (CAPTURE_REPORT_LEN). */
static void
report(char *r, const char *tok, char kind, int value)
{
	char	tmp[CAPTURE_REPORT_LEN + 1];

	snprintf(tmp, sizeof(tmp), "XRBX%s %c%03dn\n", tok, kind, value);
	tmp[0] = '\0';
	memcpy(r, tmp, CAPTURE_REPORT_LEN);
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
	char	r[CAPTURE_REPORT_LEN], big[2 * CAPTURE_REPORT_LEN + 16];
	char	tok[CAPTURE_TOKEN_LEN + 1], tok2[CAPTURE_TOKEN_LEN + 1];
	size_t	step;

	ok(capture_token(tok, sizeof(tok)) == 0 &&
	    strlen(tok) == CAPTURE_TOKEN_LEN &&
	    strspn(tok, "0123456789abcdef") == CAPTURE_TOKEN_LEN,
	    "a token is 32 hex digits");
	ok(capture_token(tok2, sizeof(tok2)) == 0 && strcmp(tok, tok2) != 0,
	    "two tokens differ");

	/* Reports cut into pieces of every size from 1 byte up. */
	report(r, TOKEN, 'e', 3);
	for (step = 1; step <= CAPTURE_REPORT_LEN + 8; step++) {
		start(1000);
		memcpy(big, "out\n", 4);
		memcpy(big + 4, r, sizeof(r));
		if (feed(DOCKER_STDOUT, big, 4 + sizeof(r), step) == -1 ||
		    feed(DOCKER_STDERR, "err", 3, step) == -1 ||
		    feed(DOCKER_STDERR, r, sizeof(r), step) == -1)
			break;
		if (!capture_done(&cap) || cap.kind != 'e' || cap.value != 3 ||
		    !is_buf(&res.out, "out\n", 4) || !is_buf(&res.err, "err", 3) ||
		    cap.total != 7)
			break;
	}
	is_int(step, CAPTURE_REPORT_LEN + 9, "reports split anywhere are "
	    "found on both streams and kept out of the output");
	report(r, TOKEN, 's', 9);
	start(1000);
	feed(DOCKER_STDERR, r, sizeof(r), 7);
	ok(!capture_done(&cap), "one stream's report is not the end");
	feed(DOCKER_STDOUT, r, sizeof(r), 100);
	ok(capture_done(&cap) && cap.kind == 's' && cap.value == 9 &&
	    cap.oom == 'n', "both reports: the program ended by signal 9, no "
	    "out-of-memory kill");
	ok(feed(DOCKER_STDOUT, "late", 4, 4) == 0 && res.out.len == 0,
	    "output after a stream's report is dropped");

	/* Look-alikes are output. */
	start(1000);
	report(r, OTHER, 'e', 0);
	feed(DOCKER_STDOUT, r, sizeof(r), 5);
	ok(!capture_done(&cap) && is_buf(&res.out, r, sizeof(r)),
	    "a report with another token is output, every byte of it");
	start(1000);
	report(r, TOKEN, 'x', 0);
	feed(DOCKER_STDOUT, r, sizeof(r), 3);
	ok(cap.ended[0] == 0 && is_buf(&res.out, r, sizeof(r)),
	    "a report of an unknown kind is output");
	start(1000);
	report(r, TOKEN, 'e', 999);
	feed(DOCKER_STDOUT, r, sizeof(r), 64);
	ok(cap.ended[0] == 0 && is_buf(&res.out, r, sizeof(r)),
	    "a report with a value over 255 is output");
	start(1000);
	report(r, TOKEN, 'e', 1);
	r[CAPTURE_REPORT_LEN - 2] = 'x';
	feed(DOCKER_STDOUT, r, sizeof(r), 64);
	ok(cap.ended[0] == 0 && is_buf(&res.out, r, sizeof(r)),
	    "a report with an unknown out-of-memory flag is output");
	start(1000);
	report(r, TOKEN, 'e', 1);
	r[CAPTURE_REPORT_LEN - 2] = 'y';
	feed(DOCKER_STDOUT, r, sizeof(r), 64);
	feed(DOCKER_STDERR, r, sizeof(r), 64);
	ok(capture_done(&cap) && cap.oom == 'y', "an out-of-memory kill is "
	    "reported");
	start(1000);
	feed(DOCKER_STDOUT, "a\0\0b\0RB", 7, 1);
	ok(is_buf(&res.out, "a\0\0b", 4), "NUL bytes are output once they "
	    "cannot start a report");
	ok(capture_flush(&cap) == 0 && is_buf(&res.out, "a\0\0b\0RB", 7),
	    "the held start of a report is output when the stream ends");
	start(1000);
	report(r, TOKEN, 'e', 0);
	memcpy(big, "\0RB", 3);
	memcpy(big + 3, r, sizeof(r));
	feed(DOCKER_STDOUT, big, 3 + sizeof(r), 2);
	ok(cap.ended[0] && is_buf(&res.out, "\0RB", 3),
	    "a report right after a broken start is still found");

	/* The cap counts output only. */
	start(10);
	report(r, TOKEN, 'e', 0);
	ok(feed(DOCKER_STDOUT, "0123456789", 10, 3) == 0 &&
	    feed(DOCKER_STDOUT, r, sizeof(r), 5) == 0 &&
	    feed(DOCKER_STDERR, r, sizeof(r), 50) == 0,
	    "output of exactly the cap and its reports do not stop the run");
	ok(capture_done(&cap) && !res.truncated && res.out.len == 10,
	    "nothing is truncated");
	start(10);
	ok(feed(DOCKER_STDOUT, "01234", 5, 5) == 0 &&
	    feed(DOCKER_STDERR, "56789x", 6, 6) == -1,
	    "one byte over the cap stops the run");
	ok(res.truncated && res.combined.len == 10 &&
	    is_buf(&res.combined, "0123456789", 10) &&
	    is_buf(&res.err, "56789", 5),
	    "what came up to the cap is kept, in order");
	start(4);
	report(r, OTHER, 'e', 0);
	ok(feed(DOCKER_STDOUT, r, sizeof(r), 1) == -1 && res.truncated &&
	    res.out.len == 4, "a false report counts against the cap");
	result_free(&res);
	done_testing();
	return exit_status();
}
