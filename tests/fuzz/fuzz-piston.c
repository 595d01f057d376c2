/*
 * fuzz-piston: libFuzzer target for Piston's execute body (piston.c,
 * docs/http.md "Piston's v2 API") and the version served for a label.
 * A body that maps must make a JSON object with a language and a code
 * that are strings, files whose contents are UTF-8 text without NUL,
 * only runbox's member names, and the request checks must then judge it
 * without harm.  A refusal leaves no request and a bounded message.
 * Any label is served as N.N.N, which selects itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "config.h"
#include "piston.h"
#include "request.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	text(const cJSON *);
static void	mapped(const char *, size_t, const struct config *);
static void	served(const uint8_t *, size_t);

/* item is a string of UTF-8 text without NUL (cJSON stops at a NUL). */
static void
text(const cJSON *item)
{
	if (!cJSON_IsString(item) || item->valuestring == NULL ||
	    !utf8_valid(item->valuestring, strlen(item->valuestring)))
		__builtin_trap();
}

/* What piston_request made of a body (out, len bytes). */
static void
mapped(const char *out, size_t len, const struct config *cfg)
{
	static const char *const members[] = {
		"language", "code", "files", "input", "args", "timeoutMs",
		"compileTimeoutMs", "memoryLimitMb", "compileMemoryLimitMb"
	};
	struct request	 req;
	struct err	 e;
	cJSON		*root, *m, *f;
	size_t		 i;

	if (out[len] != '\0' || strlen(out) != len ||
	    (root = cJSON_ParseWithLength(out, len)) == NULL ||
	    !cJSON_IsObject(root))
		__builtin_trap();
	cJSON_ArrayForEach(m, root) {
		for (i = 0; i < sizeof(members) / sizeof(members[0]); i++)
			if (strcmp(m->string, members[i]) == 0)
				break;
		if (i == sizeof(members) / sizeof(members[0]))
			__builtin_trap();
	}
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root,
	    "language")))
		__builtin_trap();
	text(cJSON_GetObjectItemCaseSensitive(root, "code"));
	m = cJSON_GetObjectItemCaseSensitive(root, "files");
	if (m != NULL && (!cJSON_IsArray(m) || cJSON_GetArraySize(m) == 0))
		__builtin_trap();
	cJSON_ArrayForEach(f, m)
		text(cJSON_GetObjectItemCaseSensitive(f, "content"));
	cJSON_Delete(root);
	memset(&req, 0, sizeof(req));
	memset(&e, 0, sizeof(e));
	if (request_parse(&req, out, len, cfg, &e) == -1 && (e.code ==
	    ERR_NONE || memchr(e.msg, '\0', sizeof(e.msg)) == NULL))
		__builtin_trap();
	request_free(&req);
}

/* The data as a label (up to its first NUL) is served as N.N.N. */
static void
served(const uint8_t *data, size_t size)
{
	char		 label[CATALOG_VERSION_MAX], v[PISTON_VERSION_MAX];
	const char	*p;
	size_t		 n = sizeof(label) - 1;
	int		 dots = 0;

	if (size < n)
		n = size;
	memcpy(label, data, n);
	label[n] = '\0';
	memset(v, 'x', sizeof(v));
	piston_version(label, v, sizeof(v));
	if (memchr(v, '\0', sizeof(v)) == NULL || v[0] == '.')
		__builtin_trap();
	for (p = v; *p != '\0'; p++) {
		if (*p == '.' && p[1] != '.' && p[1] != '\0')
			dots++;
		else if (*p < '0' || *p > '9')
			__builtin_trap();
	}
	if (dots != 2 || !piston_version_matches(v, v) ||
	    !piston_version_matches("*", v))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	cfg;
	static int		ready;
	struct piston		p;
	struct err		e;
	char			*out = NULL;
	size_t			 len = 0;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	memset(&e, 0, sizeof(e));
	if (piston_request((const char *)data, size, &p, &out, &len,
	    &e) == -1) {
		if (out != NULL || e.code == ERR_NONE ||
		    memchr(e.msg, '\0', sizeof(e.msg)) == NULL)
			__builtin_trap();
	} else {
		if (out == NULL ||
		    memchr(p.version, '\0', sizeof(p.version)) == NULL ||
		    memchr(p.language, '\0', sizeof(p.language)) == NULL)
			__builtin_trap();
		mapped(out, len, &cfg);
		free(out);
	}
	served(data, size);
	return 0;
}
