/*
 * admit-bench.c: the cost of one admission decision (lock, lookup,
 * update, unlock) with PROCS processes deciding at once.  Not a test.
 *
 *	admit-bench [-sv] [-p PROCS] [-n CALLS] [-t THINK_US] STATEFILE
 *
 * Each process makes CALLS decisions on a key of its own (or, with -s,
 * on one shared key) at the real clock with a limit so high that all are
 * admitted, timing each with CLOCK_MONOTONIC, and sleeps THINK_US (default
 * 0: back to back, the worst case) between them.  Prints one line:
 *	procs=P calls=N median_us=X p99_us=Y
 * and with -v more percentiles on stderr.  Decisions refused as busy (the
 * lock not had within STATE_LOCK_MS) are counted on stderr, not timed.
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admit.h"
#include "state.h"

#define BENCH_PROCS_MAX		1000
#define BENCH_CALLS_MAX		10000000
#define BENCH_THINK_MAX		1000000
#define BENCH_COUNT		4000000000U	/* per second: never limited */

static void	usage(void) __attribute__((noreturn));
static void	fail(int, const char *, ...)
		    __attribute__((format(printf, 2, 3), noreturn));
static int64_t	mono_ns(void);
static int	cmp_ns(const void *, const void *);
static void	bench_child(const char *, int, int, int, int, int,
		    int64_t *);

static void
usage(void)
{
	fprintf(stderr, "usage: admit-bench [-sv] [-p PROCS] [-n CALLS] "
	    "[-t THINK_US] STATEFILE\n");
	exit(2);
}

/* Like errx(3), whose <err.h> src/err.h hides from this file. */
static void
fail(int status, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "admit-bench: ");
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

/* One process's decisions; a sample of -1 is a refusal. */
static void
bench_child(const char *path, int id, int shared, int calls, int think_us,
    int bar, int64_t *out)
{
	struct state	st;
	struct err	e;
	char		key[32], c;
	int64_t		t0;
	int		i;

	if (state_open(&st, path, &e) == -1)
		_exit(1);
	if (shared)
		(void)strlcpy(key, "bench:shared", sizeof(key));
	else
		(void)snprintf(key, sizeof(key), "bench:%d", id);
	(void)read(bar, &c, 1);		/* start together: EOF */
	for (i = 0; i < calls; i++) {
		t0 = mono_ns();
		if (admit_rate(&st, key, BENCH_COUNT, 1, state_now(), &e) == 0)
			out[i] = mono_ns() - t0;
		else
			out[i] = -1;
		if (think_us > 0)
			usleep(think_us);
	}
	state_close(&st);
	_exit(0);
}

int
main(int argc, char *argv[])
{
	struct state	 st;
	struct err	 e;
	const char	*errstr;
	int64_t		*samples;
	size_t		 total, n, i, refused = 0;
	int		 ch, procs = 1, calls = 10000, shared = 0, p, status;
	int		 think_us = 0, verbose = 0;
	int		 bar[2], failed = 0;
	pid_t		 pid;

	while ((ch = getopt(argc, argv, "n:p:st:v")) != -1) {
		switch (ch) {
		case 'n':
			calls = strtonum(optarg, 1, BENCH_CALLS_MAX, &errstr);
			if (errstr != NULL)
				fail(2, "-n %s: %s", optarg, errstr);
			break;
		case 'p':
			procs = strtonum(optarg, 1, BENCH_PROCS_MAX, &errstr);
			if (errstr != NULL)
				fail(2, "-p %s: %s", optarg, errstr);
			break;
		case 's':
			shared = 1;
			break;
		case 't':
			think_us = strtonum(optarg, 0, BENCH_THINK_MAX,
			    &errstr);
			if (errstr != NULL)
				fail(2, "-t %s: %s", optarg, errstr);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();

	/* Build the file before the clock starts. */
	if (state_open(&st, argv[optind], &e) == -1 ||
	    state_lock(&st, 1000, &e) == -1)
		fail(1, "%s", e.msg);
	state_close(&st);

	total = (size_t)procs * calls;
	samples = mmap(NULL, total * sizeof(*samples), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (samples == MAP_FAILED)
		fail(1, "mmap: %s", strerror(errno));
	if (pipe(bar) == -1)
		fail(1, "pipe: %s", strerror(errno));
	for (p = 0; p < procs; p++) {
		if ((pid = fork()) == -1)
			fail(1, "fork: %s", strerror(errno));
		if (pid == 0) {
			(void)close(bar[1]);
			bench_child(argv[optind], p, shared, calls, think_us,
			    bar[0], samples + (size_t)p * calls);
		}
	}
	(void)close(bar[0]);
	(void)close(bar[1]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	if (failed)
		fail(1, "%d of %d processes failed", failed, procs);

	/* Refusals (busy) are left out of the figures and counted. */
	for (n = i = 0; i < total; i++) {
		if (samples[i] < 0)
			refused++;
		else
			samples[n++] = samples[i];
	}
	if (n == 0)
		fail(1, "every decision was refused");
	qsort(samples, n, sizeof(*samples), cmp_ns);
	printf("procs=%d calls=%d median_us=%.2f p99_us=%.2f\n", procs, calls,
	    samples[n / 2] / 1000.0, samples[(n * 99) / 100] / 1000.0);
	if (verbose)
		fprintf(stderr, "p90_us=%.2f p99.9_us=%.2f max_us=%.2f\n",
		    samples[(n * 90) / 100] / 1000.0,
		    samples[(n * 999) / 1000] / 1000.0,
		    samples[n - 1] / 1000.0);
	if (refused > 0)
		fprintf(stderr, "admit-bench: %zu of %zu decisions refused\n",
		    refused, total);
	(void)munmap(samples, total * sizeof(*samples));
	return 0;
}
