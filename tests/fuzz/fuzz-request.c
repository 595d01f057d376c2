/*
 * fuzz-request: libFuzzer target for the request parser (docs/protocol.md,
 * "Request" and "Listing").  A parse that succeeds must be complete, and
 * each string request.c decoded itself must equal cJSON's decoding of the
 * same payload, NULs and all.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cJSON.h>

#include "config.h"
#include "request.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	same(const cJSON *, const char *, const char *, size_t);

/*
 * s (len bytes) against member name of root as cJSON decoded it.  cJSON
 * writes the decoded bytes, \u0000 as a NUL, one after the other into a
 * buffer at least that long and ends them with a NUL, so its buffer
 * holds len + 1 bytes to compare even where strlen would stop early.
 */
static void
same(const cJSON *root, const char *name, const char *s, size_t len)
{
	const cJSON	*item;

	item = cJSON_GetObjectItemCaseSensitive(root, name);
	if (s == NULL) {
		if (item != NULL)
			__builtin_trap();	/* present, but not read */
		return;
	}
	if (!cJSON_IsString(item) || item->valuestring == NULL ||
	    s[len] != '\0' || memcmp(item->valuestring, s, len + 1) != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	cfg;
	static int		ready;
	struct request		req;
	struct err		e;
	cJSON			*root;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	memset(&req, 0, sizeof(req));
	memset(&e, 0, sizeof(e));
	if (request_parse(&req, (const char *)data, size, &cfg, &e) == 0) {
		/*
		 * A parse that succeeded is complete: a run has code and a
		 * language, a listing nothing but its key.
		 */
		if (req.kind == REQUEST_LIST_LANGUAGES ? req.code != NULL ||
		    req.language != NULL || req.input != NULL ||
		    req.args != NULL : req.code == NULL || req.code_len == 0 ||
		    req.language == NULL)
			__builtin_trap();
		/* Only input may hold a NUL. */
		if (memchr(req.code, '\0', req.code_len) != NULL ||
		    (req.key != NULL && memchr(req.key, '\0', req.key_len) !=
		    NULL))
			__builtin_trap();
		if ((root = cJSON_ParseWithLength((const char *)data,
		    size)) == NULL)
			__builtin_trap();
		same(root, "code", req.code, req.code_len);
		same(root, "key", req.key, req.key_len);
		same(root, "input", req.input, req.input_len);
		cJSON_Delete(root);
	}
	request_free(&req);
	return 0;
}
