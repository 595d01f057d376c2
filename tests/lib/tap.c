/* tap.c: a small TAP producer for the C unit tests. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int	tap_planned = -1;
static int	tap_run;
static int	tap_failed;

void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

void
done_testing(void)
{
	tap_planned = tap_run;
	printf("1..%d\n", tap_run);
	fflush(stdout);
}

static int
vok(int pass, const char *fmt, va_list ap)
{
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return pass;
}

/* One skipped test: "ok N # skip REASON". */
static void
vskip(const char *fmt, va_list ap)
{
	tap_run++;
	printf("ok %d # skip ", tap_run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
}

void
skip(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vskip(fmt, ap);
	va_end(ap);
}

void
skip_block(int n, const char *fmt, ...)
{
	va_list	ap;
	int	i;

	for (i = 0; i < n; i++) {
		va_start(ap, fmt);
		vskip(fmt, ap);
		va_end(ap);
	}
}

void
skip_all(const char *fmt, ...)
{
	va_list	ap;

	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(0);
}

int
ok(int pass, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vok(pass, fmt, ap);
	va_end(ap);
	return pass;
}

int
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list	ap;
	int	pass = got == want;

	va_start(ap, fmt);
	vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got %lld, want %lld", got, want);
	return pass;
}

int
is_string(const char *got, const char *want, const char *fmt, ...)
{
	va_list	ap;
	int	pass;

	if (got == NULL || want == NULL)
		pass = got == want;
	else
		pass = strcmp(got, want) == 0;
	va_start(ap, fmt);
	vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got \"%s\", want \"%s\"", got ? got : "(null)",
		    want ? want : "(null)");
	return pass;
}

int
is_bytes(const void *got, size_t glen, const void *want, size_t wlen,
    const char *fmt, ...)
{
	va_list	ap;
	int	pass = glen == wlen && (glen == 0 || memcmp(got, want, glen) == 0);

	va_start(ap, fmt);
	vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got %zu bytes \"%.*s\", want %zu bytes \"%.*s\"", glen,
		    (int)(glen > 200 ? 200 : glen), (const char *)got, wlen,
		    (int)(wlen > 200 ? 200 : wlen), (const char *)want);
	return pass;
}

void
diag(const char *fmt, ...)
{
	va_list	ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void
bail(const char *fmt, ...)
{
	va_list	ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(255);
}

int
exit_status(void)
{
	if (tap_failed > 0)
		return tap_failed > 254 ? 254 : tap_failed;
	if (tap_planned != tap_run)
		return 255;
	return 0;
}
