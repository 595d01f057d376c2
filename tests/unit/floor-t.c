/*
 * floor-t: the bench's Engine API floor (tests/lib/floor.c) creates the
 * same container as runbox and hands it the same payload, so that the
 * bench compares like with like.  It fails when sandbox_body changes and
 * floor_body was not changed with it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "config.h"
#include "floor.h"
#include "reap.h"
#include "request.h"
#include "sandbox.h"
#include "tap.h"

#define TOKEN	"00000000000000000000000000000000"	/* the floor's */
#define OTHER	"00000000000000000000000000000001"

static char	*masked(char *, long long *);
static void	 frame(struct buf *, char, const char *);
static int	 unframed(struct buf *, const char *, size_t);

/* The body with its label (the reaper's deadline, from the clock) as X. */
static char *
masked(char *text, long long *label)
{
	cJSON	*b, *labels, *v;
	char	*out;

	if (text == NULL || (b = cJSON_Parse(text)) == NULL)
		bail("no create body");
	labels = cJSON_GetObjectItemCaseSensitive(b, "Labels");
	v = cJSON_GetObjectItemCaseSensitive(labels, "runbox");
	*label = cJSON_IsString(v) ? strtoll(v->valuestring, NULL, 10) : -1;
	cJSON_ReplaceItemInObjectCaseSensitive(labels, "runbox",
	    cJSON_CreateString("X"));
	out = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	free(text);
	return out;
}

/* Append one handoff frame (tag, 32-bit big-endian length, data s). */
static void
frame(struct buf *b, char tag, const char *s)
{
	size_t	n = strlen(s);
	char	hdr[5];

	hdr[0] = tag;
	hdr[1] = (char)(n >> 24);
	hdr[2] = (char)(n >> 16);
	hdr[3] = (char)(n >> 8);
	hdr[4] = (char)n;
	if (buf_append(b, hdr, sizeof(hdr)) == -1 || buf_append(b, s, n) == -1)
		bail("out of memory");
}

/* b unframed is want (wantlen bytes); b is emptied. */
static int
unframed(struct buf *b, const char *want, size_t wantlen)
{
	int	r;

	r = floor_unframe(b) == 0 && b->len == wantlen &&
	    (wantlen == 0 || memcmp(b->data, want, wantlen) == 0);
	buf_free(b);
	return r;
}

int
main(void)
{
	struct config		 cfg;
	struct request		 req;
	struct floor_conf	 fc;
	struct buf		 p = { 0 };
	static const char	 payload[] = "32:" TOKEN ",24:3000 250 1048576 "
	    "1 0 0 0,1:0,1:0,8:print(1),1:1,3:in\n,1:0,";
	const char		*names[] = { "python", "javascript", "ruby" };
	char			*a, *b, *cmd[CONFIG_MAX_COMMAND];
	char			 owner[REAP_OWNER_MAX];
	long long		 la, lb;
	size_t			 i, k;

	config_defaults(&cfg);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		memset(&req, 0, sizeof(req));
		if ((req.language = config_language(&cfg, names[i])) == NULL)
			bail("the default config has no %s", names[i]);
		req.timeout_ms = cfg.timeout_ms;
		req.memory_mb = cfg.memory_mb;
		memset(&fc, 0, sizeof(fc));
		fc.image = req.language->image;
		fc.file = req.language->file;
		for (k = 0; k < req.language->ncommand; k++)
			cmd[k] = (char *)req.language->command[k];
		fc.command = cmd;
		fc.ncommand = req.language->ncommand;
		fc.runtime = cfg.runtime;

		/* Both made by this process: the same owner label. */
		if (reap_owner_label(owner, sizeof(owner)) == -1)
			bail("no owner label for this process");
		a = masked(sandbox_body(&cfg, req.language, req.memory_mb,
		    sandbox_reap_after(req.timeout_ms), owner, NULL), &la);
		b = masked(floor_body(&fc), &lb);
		is_string(b, a, "%s: the floor's create body is runbox's with "
		    "the default config, its owner label included", names[i]);
		ok(lb >= la - 1 && lb <= la + 1, "%s: and its reaper deadline "
		    "label is runbox's (%lld, %lld)", names[i], lb, la);
		free(a);
		free(b);
	}

	if (floor_payload(&p, "print(1)", 8, "in\n", 3) == -1)
		bail("out of memory");
	is_bytes(p.data, p.len, payload, sizeof(payload) - 1, "the floor's "
	    "payload is token, limits (with STEP), argument count, file "
	    "count, code, test count 1, the input and no file to return, as "
	    "netstrings (what runbox-handoff reads, protocol 7)");
	buf_free(&p);

	/* Frames whose data moves over their own headers when kept. */
	memset(&p, 0, sizeof(p));
	frame(&p, 'o', "he");
	frame(&p, 'e', "X");
	frame(&p, 'o', "llo, world\n");
	frame(&p, 'x', TOKEN " e000nn 12 3456 789");
	frame(&p, 'z', TOKEN);
	ok(unframed(&p, "hello, world\n", 13), "the floor keeps the stdout "
	    "frames' data, in order, up to the end frame, and drops stderr "
	    "and the report");
	frame(&p, 'o', "he");
	frame(&p, 'x', TOKEN " s009yt 0 0 0");
	frame(&p, 'z', TOKEN);
	frame(&p, 'o', "late");
	if (buf_append(&p, "junk", 4) == -1)
		bail("out of memory");
	ok(unframed(&p, "he", 2), "what follows the end frame is dropped");
	frame(&p, 'o', "hello");
	frame(&p, 'x', TOKEN " e000nn 1 2 3");
	frame(&p, 'z', TOKEN);
	p.len -= 1;
	ok(floor_unframe(&p) == -1, "a cut end frame is refused");
	p.len = 3;
	ok(floor_unframe(&p) == -1, "a cut frame is refused");
	buf_free(&p);
	frame(&p, 'o', "hello");
	frame(&p, 'x', TOKEN " e000nn 1 2 3");
	ok(floor_unframe(&p) == -1, "a stream without its end frame (an "
	    "older handoff's) is refused");
	buf_free(&p);
	frame(&p, 'x', TOKEN " e000nn 12 3456");
	frame(&p, 'z', TOKEN);
	ok(floor_unframe(&p) == -1, "a report without WALL_MS (protocol 6's) "
	    "is refused");
	buf_free(&p);
	frame(&p, 'x', TOKEN " e000nn 1 2 3 4");
	frame(&p, 'z', TOKEN);
	ok(floor_unframe(&p) == -1, "a report with a fourth number is "
	    "refused");
	buf_free(&p);
	frame(&p, 'x', TOKEN " e000nn 1 2 3 ");
	frame(&p, 'z', TOKEN);
	ok(floor_unframe(&p) == -1, "a report with a trailing space is "
	    "refused");
	buf_free(&p);
	frame(&p, 'x', TOKEN " e000nq 1 2 3");
	frame(&p, 'z', TOKEN);
	ok(floor_unframe(&p) == -1, "a report of an unknown end is refused");
	buf_free(&p);
	frame(&p, 'x', OTHER " e000nn 1 2 3");
	frame(&p, 'z', TOKEN);
	ok(floor_unframe(&p) == -1, "a report with another token is "
	    "refused");
	buf_free(&p);
	frame(&p, 'x', TOKEN " e000nn 1 2 3");
	frame(&p, 'z', OTHER);
	ok(floor_unframe(&p) == -1, "an end frame with another token is "
	    "refused");
	buf_free(&p);
	done_testing();
	return exit_status();
}
