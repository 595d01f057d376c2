/*
 * capture.h: the program's output as it comes off the attach stream,
 * kept up to max_output_bytes, and the exit report runbox-handoff writes
 * at the end of each stream once the program has ended.
 *
 * The report lets runbox answer as soon as the program has ended instead
 * of waiting for the engine to tear the container down and close the
 * stream (30-40 ms here).  It is HANDOFF_REPORT_LEN bytes, written in
 * one write(2) (atomic on a pipe) to stdout and to stderr, each after
 * everything the program wrote there:
 *
 *	"\0RBX" TOKEN " " KIND DDD OOM "\n"
 *
 * TOKEN is the 32 hex digits of a random token runbox sends first in the
 * payload; the program never sees it (runbox-handoff reads the whole
 * payload before the program starts and is not dumpable), so it cannot
 * forge a report.  KIND is 'e' (exit status DDD) or 's' (signal DDD);
 * OOM is 'y' when the out-of-memory killer acted in the container, 'n'
 * when not, '?' when the handoff could not tell.
 * Bytes that start like a report but are not one are output like any
 * other; report bytes never count against the cap.
 */
#ifndef RUNBOX_CAPTURE_H
#define RUNBOX_CAPTURE_H

#include <stddef.h>

#include "result.h"

#define CAPTURE_TOKEN_LEN	32	/* hex digits */
#define CAPTURE_REPORT_LEN	(4 + CAPTURE_TOKEN_LEN + 7)
#define CAPTURE_STREAMS		2	/* stdout, stderr */

struct capture {
	struct result	*res;		/* out, err, combined, truncated */
	size_t		 total;		/* output kept, both streams */
	int		 nomem;
	char		 report[CAPTURE_REPORT_LEN];	/* what to expect */
	/* Per stream: bytes that may be the start of a report. */
	char		 pending[CAPTURE_STREAMS][CAPTURE_REPORT_LEN];
	size_t		 npending[CAPTURE_STREAMS];
	int		 ended[CAPTURE_STREAMS];	/* report seen */
	char		 kind;		/* 'e' or 's' from the first report */
	int		 value;
	char		 oom;		/* 'y', 'n' or '?' */
};

/*
 * Start capturing into res (its buffers empty, max_output_bytes set),
 * expecting reports that carry token (CAPTURE_TOKEN_LEN hex digits).
 */
void	capture_init(struct capture *, struct result *, const char *token);

/*
 * Take n bytes of stream (DOCKER_STDOUT or DOCKER_STDERR).  Returns 0 to
 * go on, -1 when the cap is reached (res->truncated set) or memory ran
 * out (nomem set): stop reading.  Bytes after a stream's report are
 * dropped (what the program's orphans write while the container ends).
 */
int	capture_add(void *, int stream, const char *p, size_t n);

/* Both streams have their report: the program has ended. */
int	capture_done(const struct capture *);

/*
 * The stream ended without a report: what was held back as a possible
 * report start is output after all.  -1 as for capture_add.
 */
int	capture_flush(struct capture *);

/* Make the token: CAPTURE_TOKEN_LEN hex digits and a NUL.  -1 on error. */
int	capture_token(char *, size_t);

#endif
