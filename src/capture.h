/*
 * capture.h: the program's output as it comes off the attach stream, in
 * the order the program wrote it, kept up to max_output_bytes, the exit
 * reports runbox-handoff writes once a stage has ended, and the files it
 * returns (handoff protocol 7, docs/protocol.md "Inside the container").
 *
 * runbox-handoff reads each stage's stdout and stderr itself and
 * forwards both, in the order it observed them, as frames on its own
 * stdout (the engine's stream 1); each frame is a tag, a 32-bit
 * big-endian byte count LEN, and LEN bytes:
 *
 *	'o' 'e'	a test's stdout, stderr (a plain run is one test)
 *	'O' 'E'	the compile's
 *	'x'	a test's exit report, after its output ('X': the compile's),
 *		CAPTURE_REPORT_MIN to CAPTURE_REPORT_MAX bytes:
 *		TOKEN " " KIND DDD OOM END " " CPU_MS " " RSS_KB " " WALL_MS
 *	'f'	a returned file's content
 *	'F'	a returned file's report, after its content,
 *		CAPTURE_FILE_MIN to CAPTURE_FILE_MAX bytes: TOKEN " " KIND
 *		" " SIZE
 *	'z'	the end: TOKEN alone
 *
 * TOKEN is the 32 hex digits of a random token runbox sends first in the
 * payload; KIND is 'e' (exit status DDD) or 's' (signal DDD); OOM 'y'
 * when the out-of-memory killer acted in the container during the stage,
 * 'n' when not, '?' when the handoff could not tell; END 'n' (the stage
 * ended by itself), 't' (the handoff ended it at its deadline) or 'o' (at
 * the output cap); CPU_MS the CPU time (user + system, ms) of the stage
 * and every process it started, RSS_KB the largest resident set (KiB) any
 * one of them reached, WALL_MS its time from start to end (ms), each 1 to
 * CAPTURE_NUM_DIGITS decimal digits.  A file's KIND is 'r' (a regular
 * file of SIZE bytes; the 'f' frames before carry those the cap left
 * room for), 'm' (missing), 'l' (a symbolic link), 'd' (a directory),
 * 'o' (another kind) or 'a' (not readable), SIZE 0 but for 'r'.
 *
 * Order: the compile (when the language has one), then the tests in
 * order (none after a failed compile; fewer than asked after a stop or
 * once the cap is reached), then every file asked for, then 'z'.
 * The program never holds the handoff's stdout, so it cannot write a
 * frame; the token guards against one all the same.
 * What comes on the engine's stream 2 is the handoff's own complaint (a
 * payload it could not read): it is kept as the current test's stderr.
 * Once the tests run, the handoff sends a complaint as the current
 * test's 'e' frame instead, in order (stream 2 may overtake stream 1).
 * The compile's output has its own cap, max_output_bytes; the tests'
 * output and the returned files share another; reports never count.
 */
#ifndef RUNBOX_CAPTURE_H
#define RUNBOX_CAPTURE_H

#include <stddef.h>

#include "result.h"

#define CAPTURE_TOKEN_LEN	32	/* hex digits */
#define CAPTURE_NUM_DIGITS	18
#define CAPTURE_REPORT_MIN	(CAPTURE_TOKEN_LEN + 7 + 6)
#define CAPTURE_REPORT_MAX	(CAPTURE_TOKEN_LEN + 7 + 3 * (1 + CAPTURE_NUM_DIGITS))
#define CAPTURE_FILE_MIN	(CAPTURE_TOKEN_LEN + 4)
#define CAPTURE_FILE_MAX	(CAPTURE_TOKEN_LEN + 3 + CAPTURE_NUM_DIGITS)
#define CAPTURE_HDR_LEN		5	/* tag, 32-bit length */
#define CAPTURE_FRAME_MAX	((size_t)1024 * 1024)	/* bytes of one data frame */

/* One stage's exit report, as the handoff wrote it. */
struct capture_report {
	int		 done;		/* it is in */
	char		 kind;		/* 'e' or 's' */
	int		 value;
	char		 oom;		/* 'y', 'n' or '?' */
	char		 end;		/* 'n', 't' or 'o' */
	long long	 cpu_ms;	/* user + system, ms */
	long long	 rss_kb;	/* largest resident set, KiB */
	long long	 wall_ms;	/* start to end, ms */
};

struct capture {
	/*
	 * Output goes to res->run, or res->tests[i].run for a batch
	 * (res->ntests > 0); files to res->files (res->nfiles of them).
	 */
	struct result	*res;
	struct capture_report *tests;	/* 'x': ntests of them */
	size_t		 ntests;	/* asked for: res->ntests, or 1 */
	size_t		 ntested;	/* reports in */
	size_t		 nfiles;	/* file reports in */
	int		 files_begun;	/* a file's frame came: no more tests */
	char		 open;		/* a stage whose report is due: 'c' the
					   compile, 'r' a test, 0 none */
	int		 ended;		/* 'z' is in */
	size_t		 total[2];	/* kept: the tests' and files', the compile's */
	int		 nomem;
	int		 bad;		/* stream 1 is not protocol 7 */
	char		 token[CAPTURE_TOKEN_LEN];
	/* Stream 1's frames: the header being read, then its data. */
	unsigned char	 hdr[CAPTURE_HDR_LEN];
	size_t		 hdr_have;
	size_t		 left;		/* data bytes of the current frame */
	char		 report[CAPTURE_REPORT_MAX];
	size_t		 report_have;
	size_t		 report_len;	/* of the report frame */
	struct capture_report compile;	/* 'X' */
};

/*
 * Start capturing into res (its buffers empty, max_output_bytes, ntests,
 * tests, nfiles and files set), expecting reports that carry token
 * (CAPTURE_TOKEN_LEN hex digits); the tests' reports go to reports,
 * which holds res->ntests of them (1 when res->ntests is 0) and which
 * the caller owns, zeroed.
 */
void	capture_init(struct capture *, struct result *, const char *token,
	    struct capture_report *reports);

/*
 * Take n bytes of the engine's stream (DOCKER_STDOUT: frames, as above;
 * DOCKER_STDERR: the handoff's own words).  Returns 0 to go on, -1 to
 * stop reading: the cap of the tests' output is passed (the test's
 * truncated set), memory ran out (nomem set) or stream 1 is not made of
 * protocol 7 frames in their order (bad set).  A compile past its cap
 * sets res->compile.truncated and reading goes on: its report follows.
 * Bytes after the end are dropped.
 */
int	capture_add(void *, int stream, const char *p, size_t n);

/* The end is in: every stage has ended and its report says how. */
int	capture_done(const struct capture *);

/* A stage's report says it failed: a signal, a non-zero exit, or ended. */
int	capture_failed(const struct capture_report *);

/* The last stage's report that is in (a test's, else the compile's). */
const struct capture_report *capture_last(const struct capture *);

/* Make the token: CAPTURE_TOKEN_LEN hex digits and a NUL.  -1 on error. */
int	capture_token(char *, size_t);

#endif
