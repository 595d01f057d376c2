/*
 * floor.h: the reference Engine API client of make bench, "the floor":
 * the least a client has to do to run one program in a fresh container
 * the way runbox does (same create body, same handoff payload), with
 * nothing around it.  A reference, not runbox in disguise: it shares no
 * code with src/ but buf.c.
 */
#ifndef RUNBOX_FLOOR_H
#define RUNBOX_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "buf.h"

/* The stages of one run, in order; each ends when the next begins. */
enum floor_stage {
	FLOOR_CREATE,	/* POST /containers/create answered */
	FLOOR_ATTACH,	/* attach answered 101 */
	FLOOR_START,	/* POST /start answered */
	FLOOR_FIRST,	/* first output byte */
	FLOOR_STREAM,	/* the end frame came, or the attach stream ended */
	FLOOR_WAIT,	/* POST /wait answered: output and exit code known */
	FLOOR_DELETE,	/* DELETE answered */
	FLOOR_NSTAGES
};

struct floor_conf {
	const char	*socket;	/* the engine's unix socket */
	const char	*image;
	const char	*file;		/* the code's file name, e.g. main.py */
	char *const	*command;	/* e.g. python3 -u main.py */
	size_t		 ncommand;
	const char	*runtime;	/* runc, crun, ... */
};

struct floor {
	const struct floor_conf	*conf;
	CURL			*api;	/* one kept-alive connection */
	char			 err[256];	/* why the last run failed */
};

/* The stage names, for the summary line and the raw file. */
extern const char *const floor_stage_names[FLOOR_NSTAGES];

/* Set up one worker's kept-alive handle.  -1 when libcurl cannot. */
int	floor_open(struct floor *, const struct floor_conf *);
void	floor_close(struct floor *);

/*
 * The create body: runbox's sandbox_body with runbox's default limits,
 * as a malloc'd JSON text, or NULL when out of memory.
 */
char	*floor_body(const struct floor_conf *);

/*
 * The handoff payload for code and input (runbox's sandbox_payload for
 * a plain run with no arguments, no files and no file to return),
 * appended to b.  -1 when out of memory.
 */
int	floor_payload(struct buf *, const char *code, size_t code_len,
	    const char *input, size_t input_len);

/*
 * The handoff's stdout is frames (a tag, a 32-bit big-endian length,
 * data: docs/protocol.md, "Inside the container", protocol 7) up to the
 * end frame (tag 'z', the token alone): keep the data of the program's
 * stdout (tag 'o') in out, in place, and drop the rest, what follows the
 * end included.  -1 when out is not whole frames up to an end frame of
 * the floor's token, or holds an exit report (tag 'x') that is not
 * protocol 7's (the token, then KIND DDD OOM END, CPU_MS, RSS_KB and
 * WALL_MS).
 */
int	floor_unframe(struct buf *out);

/*
 * One run: create, attach, start, send payload, read the output until
 * the handoff's end frame (or the end of the stream), wait, delete.
 * The program's stdout goes to out (its stderr is read and dropped), its
 * exit status to *code, each stage's duration in microseconds to
 * stage_us.  Returns 0 when every step worked, -1 with f->err set
 * otherwise; the container is deleted on every path where it was
 * created.
 */
int	floor_run(struct floor *, const char *payload, size_t len,
	    struct buf *out, int *code, int64_t stage_us[FLOOR_NSTAGES]);

#endif
