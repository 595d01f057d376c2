/*
 * tap-t.c: the C TAP helper's skips.  Each case runs in a child whose
 * standard output is read back: skip and skip_block print "ok N # skip
 * REASON" lines that count in the plan and leave the exit status 0, and
 * skip_all prints "1..0 # SKIP REASON" and exits 0 at once.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define OUT_MAX	1024

/* Run fn in a child; its standard output into out, its exit status back. */
static int
child(void (*fn)(void), char *out, size_t len)
{
	int	fds[2], st;
	size_t	have = 0;
	ssize_t	n;
	pid_t	pid;

	if (pipe(fds) == -1 || (pid = fork()) == -1)
		bail("pipe or fork");
	if (pid == 0) {
		close(fds[0]);
		if (dup2(fds[1], 1) == -1)
			_exit(99);
		fn();
		_exit(98);	/* fn exits */
	}
	close(fds[1]);
	while (have < len - 1 &&
	    (n = read(fds[0], out + have, len - 1 - have)) > 0)
		have += (size_t)n;
	out[have] = '\0';
	close(fds[0]);
	if (waitpid(pid, &st, 0) == -1)
		bail("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
skips(void)
{
	plan(4);
	/* A fixed pass: the helper's output is what the parent checks. */
	ok(1, "a real test before the skips");
	skip("no %s here", "engine");
	skip_block(2, "not root (uid %d)", 1000);
	exit(exit_status());
}

static void
too_few(void)
{
	plan(3);
	skip("one skipped");
	exit(exit_status());
}

static void
all(void)
{
	skip_all("no %s on this host", "cgroup v1");
}

int
main(void)
{
	char	out1[OUT_MAX], out2[OUT_MAX], out3[OUT_MAX];
	int	st1, st2, st3;

	/* Before this process's own plan: the children start counting at 0. */
	st1 = child(skips, out1, sizeof(out1));
	st2 = child(too_few, out2, sizeof(out2));
	st3 = child(all, out3, sizeof(out3));

	plan(7);
	is_string(out1, "1..4\n"
	    "ok 1 - a real test before the skips\n"
	    "ok 2 # skip no engine here\n"
	    "ok 3 # skip not root (uid 1000)\n"
	    "ok 4 # skip not root (uid 1000)\n",
	    "skip and skip_block print one \"ok N # skip REASON\" per test");
	is_int(st1, 0, "skipped tests count in the plan and fail nothing");
	is_string(out2, "1..3\nok 1 # skip one skipped\n",
	    "a skip is one test, not the rest of the plan");
	ok(st2 != 0, "a plan short of its tests still fails with skips in it");
	is_string(out3, "1..0 # SKIP no cgroup v1 on this host\n",
	    "skip_all prints the empty plan with its reason");
	is_int(st3, 0, "skip_all exits 0");
	ok(strstr(out3, "ok") == NULL, "skip_all runs no test");
	return exit_status();
}
