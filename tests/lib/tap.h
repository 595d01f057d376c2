/* tap.h: a small TAP producer for the C unit tests (run by prove). */
#ifndef RUNBOX_TAP_H
#define RUNBOX_TAP_H

#include <stddef.h>

void	plan(int);
void	done_testing(void);	/* prints the plan at the end instead */
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
