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
	RESULT_COMPILE_ERROR	/* the compile failed: no run */
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

struct result {
	struct result_run run;		/* the program */
	int		 ran;		/* the program ran */
	int		 compiled;	/* it compiles: compile is set */
	struct result_run compile;
	const char	*language;
	int		 timeout_ms;	/* limits this run had */
	int		 memory_mb;
	int		 compile_timeout_ms;	/* when compiled */
	int		 compile_memory_mb;
	size_t		 max_output_bytes;
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
 * The status word: "ok", "runtime_error", "timeout", "memory",
 * "output_limit" or "compile_error".
 */
const char *result_status_name(enum result_status);

/* "SIGKILL" for 9 and so on; "SIG<n>" text for unknown numbers in buf. */
const char *result_signame(int, char *, size_t);

void	result_free(struct result *);

#endif
