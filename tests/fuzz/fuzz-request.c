/*
 * fuzz-request: libFuzzer target for the request parser (docs/protocol.md,
 * "Request" and "Listing").  A parse that succeeds must be complete, hold
 * well-formed UTF-8 everywhere and NUL bytes only in input and a test's
 * input and expectedOutput, keep judge mode's rules (tests within
 * max_tests and without a top-level input, stopOnFailure only with
 * them, at most REQUEST_MAX_RETURN_FILES names), and agree with a
 * second parser: each top-level string request.c (through jansson)
 * kept, and each test's input and expectedOutput, must equal cJSON's
 * decoding of the same payload, NULs and all.  A refusal must be
 * bounded and, for a key given twice, name the key rather than fall
 * back to jansson's text (request.c's dup_name).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cJSON.h>

#include "config.h"
#include "request.h"
#include "utf8.h"

/* How request.c quotes jansson, and jansson's text for a key twice. */
#define FUZZ_JANSSON	"invalid JSON near byte "
#define FUZZ_DUP	"duplicate object key"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	same(const cJSON *, const char *, const char *, size_t);
static void	same_item(const cJSON *, const char *, size_t);
static void	tests(const struct request *, const cJSON *, size_t);
static void	text(const char *, size_t, int);

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
	same_item(item, s, len);
}

/* s (len bytes) against item, a string as cJSON decoded it (as same). */
static void
same_item(const cJSON *item, const char *s, size_t len)
{
	if (!cJSON_IsString(item) || item->valuestring == NULL ||
	    s[len] != '\0' || memcmp(item->valuestring, s, len + 1) != 0)
		__builtin_trap();
}

/*
 * A run's tests (max_tests at most), each input there ("" when absent)
 * and each expected as present, bytes as cJSON decodes them.
 */
static void
tests(const struct request *req, const cJSON *root, size_t max)
{
	const cJSON	*arr, *el, *m;
	size_t		 i;

	arr = cJSON_GetObjectItemCaseSensitive(root, "tests");
	if ((req->tests == NULL) != (req->ntests == 0) ||
	    (arr == NULL) != (req->ntests == 0) || req->ntests > max ||
	    (req->ntests > 0 && req->input != NULL) ||
	    (req->ntests == 0 && req->stop_on_failure) ||
	    (arr != NULL && (size_t)cJSON_GetArraySize(arr) != req->ntests))
		__builtin_trap();
	for (i = 0; i < req->ntests; i++) {
		el = cJSON_GetArrayItem(arr, (int)i);
		if (req->tests[i].input == NULL)
			__builtin_trap();
		text(req->tests[i].input, req->tests[i].input_len, 1);
		if ((m = cJSON_GetObjectItemCaseSensitive(el, "input")) !=
		    NULL)
			same_item(m, req->tests[i].input,
			    req->tests[i].input_len);
		else if (req->tests[i].input_len != 0)
			__builtin_trap();
		m = cJSON_GetObjectItemCaseSensitive(el, "expectedOutput");
		if ((m == NULL) != (req->tests[i].expected == NULL))
			__builtin_trap();
		if (m != NULL) {
			text(req->tests[i].expected,
			    req->tests[i].expected_len, 1);
			same_item(m, req->tests[i].expected,
			    req->tests[i].expected_len);
		}
	}
}

/* s (len bytes, a NUL after) is UTF-8, with a NUL inside only if nulok. */
static void
text(const char *s, size_t len, int nulok)
{
	if (s[len] != '\0' || !utf8_valid(s, len) ||
	    (!nulok && memchr(s, '\0', len) != NULL))
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
	const char		*p;
	size_t			i;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	memset(&req, 0, sizeof(req));
	memset(&e, 0, sizeof(e));
	if (request_parse(&req, (const char *)data, size, &cfg, &e) == -1) {
		/*
		 * jansson's text comes right after "invalid JSON near byte
		 * N: " (what follows may quote the payload).
		 */
		p = strstr(e.msg, ": ");
		if (e.code == ERR_NONE || memchr(e.msg, '\0',
		    sizeof(e.msg)) == NULL || (strncmp(e.msg, FUZZ_JANSSON,
		    sizeof(FUZZ_JANSSON) - 1) == 0 && p != NULL &&
		    strncmp(p + 2, FUZZ_DUP, sizeof(FUZZ_DUP) - 1) == 0))
			__builtin_trap();
		request_free(&req);
		return 0;
	}
	/*
	 * A parse that succeeded is complete: a run has code and a
	 * language, a listing nothing but its key.
	 */
	if (req.kind == REQUEST_LIST_LANGUAGES ? req.code != NULL ||
	    req.language != NULL || req.input != NULL ||
	    req.args != NULL || req.files != NULL || req.tests != NULL ||
	    req.ntests != 0 || req.stop_on_failure ||
	    req.return_files != NULL || req.nreturn_files != 0 :
	    req.code == NULL || req.code_len == 0 || req.language == NULL)
		__builtin_trap();
	if (req.nreturn_files > REQUEST_MAX_RETURN_FILES ||
	    (req.return_files == NULL) != (req.nreturn_files == 0))
		__builtin_trap();
	/* UTF-8 everywhere; a NUL only in input (a test's: tests()). */
	if (req.code != NULL)
		text(req.code, req.code_len, 0);
	if (req.key != NULL)
		text(req.key, req.key_len, 0);
	if (req.input != NULL)
		text(req.input, req.input_len, 1);
	for (i = 0; i < req.nargs; i++)
		text(req.args[i], strlen(req.args[i]), 0);
	for (i = 0; i < req.nfiles; i++) {
		text(req.files[i].name, strlen(req.files[i].name), 0);
		text(req.files[i].content, req.files[i].content_len, 0);
	}
	for (i = 0; i < req.nreturn_files; i++)
		text(req.return_files[i], strlen(req.return_files[i]), 0);
	if ((root = cJSON_ParseWithLength((const char *)data, size)) == NULL)
		__builtin_trap();
	same(root, "code", req.code, req.code_len);
	same(root, "key", req.key, req.key_len);
	same(root, "input", req.input, req.input_len);
	tests(&req, root, cfg.max_tests);
	cJSON_Delete(root);
	request_free(&req);
	return 0;
}
