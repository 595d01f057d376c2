/*
 * capture.h: the program's output as it comes off the attach stream, in
 * the order the program wrote it, kept up to max_output_bytes, and the
 * exit reports runbox-handoff writes once a stage has ended (handoff
 * protocol 6, docs/protocol.md "Inside the container").
 *
 * runbox-handoff reads each stage's stdout and stderr itself and
 * forwards both, in the order it observed them, as frames on its own
 * stdout (the engine's stream 1):
 *
 *	TAG LEN DATA	TAG 'o' (stdout) or 'e' (stderr) of the run, 'O'
 *			or 'E' of the compile; LEN a 32-bit big-endian
 *			byte count, then the data
 *	'x' LEN REPORT	the run's exit report ('X': the compile's),
 *			CAPTURE_REPORT_MIN to CAPTURE_REPORT_MAX bytes:
 *			TOKEN " " KIND DDD OOM END " " CPU_MS " " RSS_KB
 *
 * TOKEN is the 32 hex digits of a random token runbox sends first in the
 * payload; KIND is 'e' (exit status DDD) or 's' (signal DDD); OOM 'y'
 * when the out-of-memory killer acted in the container during the stage,
 * 'n' when not, '?' when the handoff could not tell; END 'n' (the stage
 * ended by itself), 't' (the handoff ended it at its deadline) or 'o' (at
 * the output cap); CPU_MS the CPU time (user + system, ms) of the stage
 * and every process it started, RSS_KB the largest resident set (KiB) any
 * one of them reached, each 1 to CAPTURE_NUM_DIGITS decimal digits.
 * A compile that failed is the last stage; otherwise the run follows.
 * The program never holds the handoff's stdout, so it cannot write a
 * frame; the token guards against one all the same.
 * What comes on the engine's stream 2 is the handoff's own complaint (a
 * payload it could not read): it is kept as the run's stderr.
 * Each stage's output has its own cap, max_output_bytes; the reports
 * never count against it.
 */
#ifndef RUNBOX_CAPTURE_H
#define RUNBOX_CAPTURE_H

#include <stddef.h>

#include "result.h"

#define CAPTURE_TOKEN_LEN	32	/* hex digits */
#define CAPTURE_NUM_DIGITS	18
#define CAPTURE_REPORT_MIN	(CAPTURE_TOKEN_LEN + 7 + 4)
#define CAPTURE_REPORT_MAX	(CAPTURE_TOKEN_LEN + 7 + 2 * (1 + CAPTURE_NUM_DIGITS))
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
};

struct capture {
	struct result	*res;		/* run and compile: output */
	size_t		 total[2];	/* kept: the run's, the compile's */
	int		 nomem;
	int		 bad;		/* stream 1 is not protocol 6 */
	char		 token[CAPTURE_TOKEN_LEN];
	/* Stream 1's frames: the header being read, then its data. */
	unsigned char	 hdr[CAPTURE_HDR_LEN];
	size_t		 hdr_have;
	size_t		 left;		/* data bytes of the current frame */
	char		 report[CAPTURE_REPORT_MAX];
	size_t		 report_have;
	size_t		 report_len;	/* of the report frame */
	struct capture_report run;	/* 'x' */
	struct capture_report compile;	/* 'X' */
};

/*
 * Start capturing into res (its buffers empty, max_output_bytes set),
 * expecting a report that carries token (CAPTURE_TOKEN_LEN hex digits).
 */
void	capture_init(struct capture *, struct result *, const char *token);

/*
 * Take n bytes of the engine's stream (DOCKER_STDOUT: frames, as above;
 * DOCKER_STDERR: the handoff's own words).  Returns 0 to go on, -1 to
 * stop reading: the run's cap is reached (res->run.truncated set),
 * memory ran out (nomem set) or stream 1 is not made of protocol 6
 * frames (bad set).  A compile past its cap sets res->compile.truncated
 * and reading goes on: its report follows.  Bytes after the last report
 * are dropped.
 */
int	capture_add(void *, int stream, const char *p, size_t n);

/*
 * The last report is in: the run's, or a failed compile's.  The stages
 * have ended, and the reports say how.
 */
int	capture_done(const struct capture *);

/* A stage's report says it failed: a signal, a non-zero exit, or ended. */
int	capture_failed(const struct capture_report *);

/* Make the token: CAPTURE_TOKEN_LEN hex digits and a NUL.  -1 on error. */
int	capture_token(char *, size_t);

#endif
