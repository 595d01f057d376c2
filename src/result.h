/*
 * result.h: what a run produced (docs/protocol.md, "Result"), and the
 * reply objects.
 */
#ifndef RUNBOX_RESULT_H
#define RUNBOX_RESULT_H

#include <stddef.h>

#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "err.h"

enum result_status {
	RESULT_OK,		/* exit 0 */
	RESULT_RUNTIME_ERROR,	/* non-zero exit or a signal */
	RESULT_TIMEOUT,
	RESULT_MEMORY,		/* out-of-memory kill */
	RESULT_OUTPUT_LIMIT,	/* stopped at max_output_bytes */
	RESULT_COMPILE_ERROR,	/* the compile failed: no run */
	RESULT_WRONG_ANSWER,	/* a batch: all ran, an output was not expected */
	RESULT_SKIPPED		/* a test that did not run */
};

/* A test's output against its expectedOutput (docs/protocol.md). */
enum result_verdict {
	RESULT_VERDICT_NONE,	/* nothing expected, or not judged: null */
	RESULT_ACCEPTED,
	RESULT_REJECTED		/* "wrong_answer" */
};

/* What a returned file turned out to be (docs/protocol.md, "files"). */
enum result_file_kind {
	RESULT_FILE_REGULAR,
	RESULT_FILE_MISSING,
	RESULT_FILE_SYMLINK,	/* not followed */
	RESULT_FILE_DIRECTORY,
	RESULT_FILE_OTHER,	/* a fifo, a socket, a device */
	RESULT_FILE_UNREADABLE
};

/*
 * What one stage's processes did: the program's run, or the compile
 * before it (docs/protocol.md, "Result", "compile").
 */
struct result_run {
	enum result_status status;
	struct buf	 out;		/* stdout */
	struct buf	 err;		/* stderr */
	struct buf	 combined;	/* both, in write order */
	int		 exit_code;	/* valid when signal == 0 && !timed_out */
	int		 signal;	/* 0 or the signal number that ended it */
	int		 timed_out;
	int		 oom_killed;
	int		 truncated;
	long		 duration_ms;
	int		 has_usage;	/* the two below are known */
	long long	 cpu_time_ms;	/* user + system, all processes */
	long long	 memory_peak_kb; /* largest resident set of one process */
};

/* One test of a batch. */
struct result_test {
	struct result_run run;		/* status RESULT_SKIPPED: it never ran */
	enum result_verdict verdict;
};

/* One file asked for in returnFiles, after the last stage. */
struct result_file {
	const char	*name;		/* the request's */
	int		 done;		/* its report is in */
	enum result_file_kind kind;
	long long	 size;		/* bytes, RESULT_FILE_REGULAR's */
	struct buf	 content;	/* what the cap left room for */
};

struct result {
	/*
	 * The program; for a batch, the status of the whole (see
	 * result_json) and nothing else.
	 */
	struct result_run run;
	int		 ran;		/* the program ran */
	int		 compiled;	/* it compiles: compile is set */
	struct result_run compile;
	const char	*language;
	int		 timeout_ms;	/* limits this run had */
	int		 memory_mb;
	int		 compile_timeout_ms;	/* when compiled */
	int		 compile_memory_mb;
	size_t		 max_output_bytes;
	struct result_test *tests;	/* a batch: ntests, else NULL */
	size_t		 ntests;
	struct result_file *files;	/* returnFiles: nfiles, else NULL */
	size_t		 nfiles;
};

/*
 * Append the result as one JSON object (fields in the order of
 * docs/protocol.md's example; `exitCode` null when signal or timed_out
 * or the program never ran, `signal` as "SIGKILL" or null, `isError`
 * derived, `cpuTimeMs` and `memoryPeakKb` null unless has_usage;
 * `compile` when compiled, its `status` "compile_error" for a failed
 * exit) to b.  Returns 0 or -1 when out of memory (b is then as it was).
 */
int	result_json(const struct result *, struct buf *);

/*
 * Append {"error": "...", "message": "..."} (plus "retryAfterMs" for
 * ERR_RATE_LIMITED) to b.  ERR_INTERNAL is sent as the generic message
 * "internal error" whatever e->msg says.
 */
int	result_error_json(const struct err *, struct buf *);

/*
 * Append the listing's reply to b: {"languages": [...]}, one object per
 * entry of cat in its order, {"name", "version" (null when cat has none),
 * "aliases" (cfg's for that language, in cfg's order), "compiled"}
 * (docs/protocol.md, "Listing").  Returns 0 or -1 when out of memory (b
 * is then as it was).
 */
int	result_list_json(const struct catalog *, const struct config *,
	    struct buf *);

/*
 * Does out (a test's stdout, outlen bytes) give expected (explen bytes)?
 * 1 when they are equal once spaces and tabs at the end of each line,
 * and newlines at the end of each, are set aside; 0 when not.  Nothing
 * else is set aside: "\r", case, other blanks all count (docs/protocol.md,
 * "tests").  Neither needs a NUL after it; both may hold NULs.
 */
int	result_output_matches(const char *out, size_t outlen,
	    const char *expected, size_t explen);

/*
 * A test's verdict: RESULT_VERDICT_NONE when there is no expected output
 * (expected NULL) or r's status is not RESULT_OK (a test that failed is
 * not judged), else accepted or rejected as result_output_matches says
 * of r's stdout.
 */
enum result_verdict result_verdict(const struct result_run *,
	    const char *expected, size_t len);

/*
 * A batch's status (res->ntests > 0): the status of the first test that
 * ran and was not RESULT_OK; else RESULT_WRONG_ANSWER when a test's
 * verdict is rejected; else RESULT_OK.  *decider (when not NULL) is set
 * to the index of that test (the first rejected one; the last that ran
 * when all passed), or res->ntests when no test ran, and the status is
 * then res->run.status.
 */
enum result_status result_batch_status(const struct result *, size_t *decider);

/*
 * The status word: "ok", "runtime_error", "timeout", "memory",
 * "output_limit", "compile_error", "wrong_answer" or "skipped".
 */
const char *result_status_name(enum result_status);

/* "SIGKILL" for 9 and so on; "SIG<n>" text for unknown numbers in buf. */
const char *result_signame(int, char *, size_t);

void	result_free(struct result *);

#endif
