/*
 * capture.h: the program's output as it comes off the attach stream, in
 * the order the program wrote it, kept up to max_output_bytes, and the
 * exit report runbox-handoff writes once the program has ended
 * (handoff protocol 5, docs/protocol.md "Inside the container").
 *
 * runbox-handoff reads the program's stdout and stderr itself and
 * forwards both, in the order it observed them, as frames on its own
 * stdout (the engine's stream 1):
 *
 *	TAG LEN DATA	TAG 'o' (stdout) or 'e' (stderr), LEN a 32-bit
 *			big-endian byte count, then the data
 *	'x' LEN REPORT	the exit report, CAPTURE_REPORT_MIN to
 *			CAPTURE_REPORT_MAX bytes:
 *			TOKEN " " KIND DDD OOM END " " CPU_MS " " RSS_KB
 *
 * TOKEN is the 32 hex digits of a random token runbox sends first in the
 * payload; KIND is 'e' (exit status DDD) or 's' (signal DDD); OOM 'y'
 * when the out-of-memory killer acted in the container, 'n' when not, '?'
 * when the handoff could not tell; END 'n' (the program ended by itself),
 * 't' (the handoff ended it at the deadline) or 'o' (at the output cap);
 * CPU_MS the CPU time (user + system, ms) of the program and every process
 * it started, RSS_KB the largest resident set (KiB) any one of them
 * reached, each 1 to CAPTURE_NUM_DIGITS decimal digits.
 * The program never holds the handoff's stdout, so it cannot write a
 * frame; the token guards against one all the same.
 * What comes on the engine's stream 2 is the handoff's own complaint (a
 * payload it could not read): it is kept as stderr.
 * The report never counts against the cap.
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

struct capture {
	struct result	*res;		/* out, err, combined, truncated */
	size_t		 total;		/* output kept, both streams */
	int		 nomem;
	int		 bad;		/* stream 1 is not protocol 5 */
	char		 token[CAPTURE_TOKEN_LEN];
	/* Stream 1's frames: the header being read, then its data. */
	unsigned char	 hdr[CAPTURE_HDR_LEN];
	size_t		 hdr_have;
	size_t		 left;		/* data bytes of the current frame */
	char		 report[CAPTURE_REPORT_MAX];
	size_t		 report_have;
	size_t		 report_len;	/* of the report frame */
	int		 done;		/* the report is in */
	char		 kind;		/* 'e' or 's' */
	int		 value;
	char		 oom;		/* 'y', 'n' or '?' */
	char		 end;		/* 'n', 't' or 'o' */
	long long	 cpu_ms;	/* user + system, ms */
	long long	 rss_kb;	/* largest resident set, KiB */
};

/*
 * Start capturing into res (its buffers empty, max_output_bytes set),
 * expecting a report that carries token (CAPTURE_TOKEN_LEN hex digits).
 */
void	capture_init(struct capture *, struct result *, const char *token);

/*
 * Take n bytes of the engine's stream (DOCKER_STDOUT: frames, as above;
 * DOCKER_STDERR: the handoff's own words).  Returns 0 to go on, -1 to
 * stop reading: the cap is reached (res->truncated set), memory ran out
 * (nomem set) or stream 1 is not made of protocol 5 frames (bad set).
 * Bytes after the report are dropped.
 */
int	capture_add(void *, int stream, const char *p, size_t n);

/* The report is in: the program has ended, and it says how. */
int	capture_done(const struct capture *);

/* Make the token: CAPTURE_TOKEN_LEN hex digits and a NUL.  -1 on error. */
int	capture_token(char *, size_t);

#endif
