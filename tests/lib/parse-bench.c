/*
 * parse-bench.c: the cost of one request_parse (src/request.c), from
 * the payload's bytes to a struct request and back to nothing.  Not a
 * test.
 *
 *	parse-bench [-n CALLS] [-s BYTES]
 *
 * The request has a key, a language, a timeoutMs and code of BYTES
 * decoded bytes (default 8): lines of print("caf\u00e9") with the
 * quotes and the e-acute escaped, as code sent by a JSON encoder has
 * them, then 'x' up to BYTES.  max_code_bytes is raised to BYTES when
 * that is more.  Parses it CALLS times (default 10000), each timed with
 * CLOCK_MONOTONIC, after one untimed call, and prints one line:
 *	bytes=B payload=P calls=N mean_us=X median_us=Y
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "request.h"

#define BENCH_CALLS_MAX		10000000
#define BENCH_BYTES_MAX		(64 * 1024 * 1024)
/* One line of code: raw in the JSON, and the bytes it decodes to. */
#define BENCH_LINE_RAW		"print(\\\"caf\\u00e9\\\")\\n"
#define BENCH_LINE_BYTES	15	/* print("café")\n */
#define BENCH_HEAD		"{\"key\":\"s3cret\",\"language\":\"python\"," \
				"\"timeoutMs\":2000,\"code\":\""
#define BENCH_TAIL		"\"}"

static void	usage(void) __attribute__((noreturn));
static void	fail(int, const char *, ...)
		    __attribute__((format(printf, 2, 3), noreturn));
static int64_t	mono_ns(void);
static int	cmp_ns(const void *, const void *);
static char	*payload_make(size_t, size_t *);

static void
usage(void)
{
	fprintf(stderr, "usage: parse-bench [-n CALLS] [-s BYTES]\n");
	exit(2);
}

/* Like errx(3), whose <err.h> src/err.h hides from this file. */
static void
fail(int status, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "parse-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(status);
}

static int64_t
mono_ns(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
cmp_ns(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The request described at the top, malloc'd, not NUL-terminated; its
 * length in *lenp.  Each line is at most sizeof(BENCH_LINE_RAW) bytes
 * of JSON for BENCH_LINE_BYTES of code, so the size is bounded by
 * bytes * 2 plus the head and tail.
 */
static char *
payload_make(size_t bytes, size_t *lenp)
{
	char	*p;
	size_t	 n, left = bytes;

	if ((p = malloc(bytes * 2 + sizeof(BENCH_HEAD) +
	    sizeof(BENCH_TAIL))) == NULL)
		fail(1, "out of memory");
	memcpy(p, BENCH_HEAD, sizeof(BENCH_HEAD) - 1);
	n = sizeof(BENCH_HEAD) - 1;
	for (; left >= BENCH_LINE_BYTES; left -= BENCH_LINE_BYTES) {
		memcpy(p + n, BENCH_LINE_RAW, sizeof(BENCH_LINE_RAW) - 1);
		n += sizeof(BENCH_LINE_RAW) - 1;
	}
	memset(p + n, 'x', left);
	n += left;
	memcpy(p + n, BENCH_TAIL, sizeof(BENCH_TAIL) - 1);
	*lenp = n + sizeof(BENCH_TAIL) - 1;
	return p;
}

int
main(int argc, char *argv[])
{
	static struct config	cfg;
	struct request		req;
	struct err		e;
	const char		*errstr;
	char			*payload;
	int64_t			*samples, t0, sum = 0;
	size_t			 len, bytes = 8;
	int			 ch, calls = 10000, i;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n':
			calls = strtonum(optarg, 1, BENCH_CALLS_MAX, &errstr);
			if (errstr != NULL)
				fail(2, "-n %s: %s", optarg, errstr);
			break;
		case 's':
			bytes = strtonum(optarg, 1, BENCH_BYTES_MAX, &errstr);
			if (errstr != NULL)
				fail(2, "-s %s: %s", optarg, errstr);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	config_defaults(&cfg);
	if (cfg.max_code_bytes < bytes)
		cfg.max_code_bytes = bytes;
	payload = payload_make(bytes, &len);
	if ((samples = calloc(calls, sizeof(*samples))) == NULL)
		fail(1, "out of memory");
	if (request_parse(&req, payload, len, &cfg, &e) == -1)
		fail(1, "the request is refused: %s", e.msg);
	if (req.code_len != bytes)
		fail(1, "the code is %zu bytes, not %zu", req.code_len, bytes);
	request_free(&req);
	for (i = 0; i < calls; i++) {
		t0 = mono_ns();
		if (request_parse(&req, payload, len, &cfg, &e) == -1)
			fail(1, "the request is refused: %s", e.msg);
		request_free(&req);
		samples[i] = mono_ns() - t0;
		sum += samples[i];
	}
	qsort(samples, calls, sizeof(*samples), cmp_ns);
	printf("bytes=%zu payload=%zu calls=%d mean_us=%.2f median_us=%.2f\n",
	    bytes, len, calls, (double)sum / calls / 1000.0,
	    (double)samples[calls / 2] / 1000.0);
	free(samples);
	free(payload);
	return 0;
}
