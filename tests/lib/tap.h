/*
 * tap.h: a small TAP producer for the C unit tests (run by prove), in the
 * manner of Russ Allbery's c-tap-harness (tests/tap/basic.h).
 *
 *   plan(n)              the plan first: n tests will follow
 *   done_testing()       or the plan at the end: as many as ran
 *   ok, is_int, is_string, is_bytes   one test each; returns whether it
 *                        passed, with a diag of got and want if not
 *   skip(reason, ...)    one test that cannot run here, counted in the
 *                        plan: "ok N # skip REASON"
 *   skip_block(n, reason, ...)   n such tests at once
 *   skip_all(reason, ...)   none of the file's tests can run here: in
 *                        place of plan, prints "1..0 # SKIP REASON" and
 *                        exits 0
 *   diag(...)            a "# " comment line
 *   bail(...)            "Bail out!" and exit 255: the run cannot go on
 *   exit_status()        for main's return: 0 when every test passed
 *                        (skips pass) and the plan held
 *
 * A skip says why in its reason, a full sentence like a description:
 * what is missing on this host for the test to mean something.  It is
 * not a pass; a test that cannot fail is a defect, not a skip.
 */
#ifndef RUNBOX_TAP_H
#define RUNBOX_TAP_H

#include <stddef.h>

void	plan(int);
void	done_testing(void);	/* prints the plan at the end instead */
void	skip(const char *, ...) __attribute__((format(printf, 1, 2)));
void	skip_block(int, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	skip_all(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
int	ok(int, const char *, ...) __attribute__((format(printf, 2, 3)));
int	is_int(long long, long long, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	is_string(const char *, const char *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Compare n bytes; both may hold NULs. */
int	is_bytes(const void *, size_t, const void *, size_t, const char *, ...)
	    __attribute__((format(printf, 5, 6)));
void	diag(const char *, ...) __attribute__((format(printf, 1, 2)));
void	bail(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Exit status for main: 0 when every test passed and the plan held. */
int	exit_status(void);

#endif
