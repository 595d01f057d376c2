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

int
main(void)
{
	struct config		 cfg;
	struct request		 req;
	struct floor_conf	 fc;
	struct buf		 p = { 0 };
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
	is_bytes(p.data, p.len, "32:00000000000000000000000000000000,"
	    "22:3000 250 1048576 1 0 0,1:0,1:0,8:print(1),3:in\n,", 87,
	    "the floor's payload is token, limits, argument count, file "
	    "count, code and input, as netstrings (what runbox-handoff "
	    "reads)");
	buf_free(&p);

	/* Frames whose data moves over their own headers when kept. */
	memset(&p, 0, sizeof(p));
	if (buf_append(&p, "o\0\0\0\2hee\0\0\0\1Xo\0\0\0\x0bllo, world\n"
	    "x\0\0\0\3abc", 37) == -1)
		bail("out of memory");
	ok(floor_unframe(&p) == 0 && p.len == 13 &&
	    memcmp(p.data, "hello, world\n", 13) == 0,
	    "the floor keeps the stdout frames' data, in order, and drops "
	    "stderr and the report");
	p.len = 3;
	ok(floor_unframe(&p) == -1, "a cut frame is refused");
	buf_free(&p);
	done_testing();
	return exit_status();
}
