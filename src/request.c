/*
 * request.c: one client request (docs/protocol.md, "Request") from its
 * JSON payload (RFC 8259) into a plain struct request: a run, or a
 * listing ({"list": "languages"}, docs/protocol.md, "Listing").
 *
 * jansson parses the payload, once (json_loadb, REQUEST_JSON_FLAGS), and
 * refuses by itself, with a message of its own and the byte where it
 * stopped: whatever is not RFC 8259 JSON (a raw control character, in
 * a string or outside one; a malformed escape, \uZZZZ or
 * \u12 included; a lone surrogate escape; invalid UTF-8 anywhere:
 * overlong forms, encoded surrogates, code points past U+10FFFF; numbers
 * such as 01, 1., .5, +1, NaN or Infinity), a byte order mark, bytes
 * after the value, a key twice in one object, \u0000 in a key, a number
 * it cannot hold (an integer past 64 bits, a real past a double: 1e999)
 * and nesting deeper than JSON_PARSER_MAX_DEPTH (2048 in Debian's
 * build).  A request needs 3 levels (files is an array of objects) and a
 * value nested deeper has a wrong type for its field, so no limit of
 * this file's is needed: jansson's bounds its own recursion, and its
 * 2048 levels parse and free in 256 KiB of stack, under ASan too.
 * jansson keeps a string's length, \u0000 decoded as a NUL byte
 * (JSON_ALLOW_NUL), and tells an integer from a real as written:
 * "timeoutMs": 2000.0 and 2e3 are reals, refused like 1.5, as only
 * integers are asked for.
 *
 * What is left to this file: the root is an object; every field is known
 * and of its type; ranges, sizes and the rules of files; judge mode's
 * "tests", "stopOnFailure" and "returnFiles", and which fields go
 * together; and \u0000, which JSON allows in any string, only in
 * "input" and a test's "input" and "expectedOutput" (a program's stdin
 * and what it is to print: bytes), never in "code", "key", "language",
 * "list", an element of "args" (a program's argument is a C string) or
 * of "returnFiles", or a file's name or content.  Three of jansson's
 * refusals get this file's words: a raw NUL byte anywhere (found before
 * jansson looks, which misses one after a number), and (load_fail)
 * bytes after the object,
 * \u0000 in a key, and a key given twice, which names the field (its
 * name is read back from the payload at the byte jansson gives,
 * dup_name).
 *
 * Untrusted names, values and jansson's text (which quotes the payload)
 * are bounded and escaped in messages (show).  Array elements are
 * numbered from 0, as in args[0], and a member of one is named after it,
 * as in tests[0].input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "request.h"

/*
 * No JSON_DISABLE_EOF_CHECK: bytes after the value are refused.
 * JSON_DECODE_ANY: a root that is not an object is this file's to
 * refuse, with its own message.
 */
#define REQUEST_JSON_FLAGS	(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | \
				JSON_DECODE_ANY)
#define REQUEST_NAME_SHOW	40	/* bytes of an untrusted name */
#define REQUEST_SHOW_MAX	(REQUEST_NAME_SHOW * 4 + 4)
/* Bytes of jansson's message (load_fail). */
#define REQUEST_TEXT_SHOW	JSON_ERROR_TEXT_LENGTH
#define REQUEST_TEXT_SHOW_MAX	(REQUEST_TEXT_SHOW * 4 + 4)
#define REQUEST_MEMORY_MIN_MB	16	/* docs/protocol.md */
/* An element's name in a message: "tests[N].expectedOutput". */
#define REQUEST_ELEMENT_NAME_MAX	64

enum field {
	F_KEY, F_LANGUAGE, F_CODE, F_INPUT, F_ARGS, F_TIMEOUT, F_MEMORY,
	F_LIST, F_FILES, F_COMPILE_TIMEOUT, F_COMPILE_MEMORY, F_TESTS,
	F_STOP_ON_FAILURE, F_RETURN_FILES, REQUEST_NFIELDS
};

static const char *const field_names[REQUEST_NFIELDS] = {
	"key", "language", "code", "input", "args", "timeoutMs",
	"memoryLimitMb", "list", "files", "compileTimeoutMs",
	"compileMemoryLimitMb", "tests", "stopOnFailure", "returnFiles"
};

/*
 * The limits a run may ask for, each an integer field from min to the
 * request's language's maximum, its default when absent (limits_of
 * gives both, in this order).
 */
#define REQUEST_NLIMITS	4
static const struct {
	enum field	field;
	int		min;
} limit_fields[REQUEST_NLIMITS] = {
	{ F_TIMEOUT, 1 },
	{ F_MEMORY, REQUEST_MEMORY_MIN_MB },
	{ F_COMPILE_TIMEOUT, 1 },
	{ F_COMPILE_MEMORY, REQUEST_MEMORY_MIN_MB },
};

/* A file name's segments: docs/protocol.md, "files". */
#define REQUEST_FILE_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
				"0123456789._-"
/* What a bad name is told, after it (%d: REQUEST_FILE_NAME_MAX). */
#define REQUEST_FILE_NAME_RULE	"(a relative path of [A-Za-z0-9._-] " \
				"segments, no . or .., at most %d bytes)"

#define REQUEST_LIST_LANGUAGES_NAME	"languages"	/* {"list": ...} */

static void	show(char *, const char *, size_t, size_t, int);
static int	dup_name(const char *, size_t, int, char *);
static int	load_fail(struct err *, const char *, size_t,
		    const json_error_t *);
static int	has_nul(const json_t *);
static int	get_string(const json_t *, const char *, int, char **,
		    size_t *, struct err *);
static int	get_int(const json_t *, const char *, int, int, int *,
		    struct err *);
static void	limits_of(const struct config *, const struct language *,
		    struct config_limit *);
static int	get_files(json_t *, struct request *, size_t, struct err *);
static int	file_name_ok(const char *);
static int	only_members(json_t *, const char *, const char *,
		    const char *, size_t, struct err *);
static int	get_args(const json_t *, struct request *, struct err *);
static int	get_tests(json_t *, struct request *, size_t, struct err *);
static int	get_return_files(const json_t *, struct request *,
		    struct err *);
static int	get_judge(json_t *const *, struct request *, size_t,
		    struct err *);
static int	get_list(json_t *const *, struct request *, struct err *);

/*
 * Escape at most max bytes of s (len bytes) for a message: printable
 * ASCII as is, anything else as \xNN, "..." when cut.  When quoted (the
 * text goes between a message's double quotes), \" and \\ as well, so
 * that a name reads back.  out holds max * 4 + 4 bytes.
 */
static void
show(char *out, const char *s, size_t len, size_t max, int quoted)
{
	size_t		i, o = 0;
	unsigned char	c;

	for (i = 0; i < len && i < max; i++) {
		c = s[i];
		if (quoted && (c == '"' || c == '\\')) {
			out[o++] = '\\';
			out[o++] = c;
		} else if (c >= 0x20 && c < 0x7f)
			out[o++] = c;
		else
			o += snprintf(out + o, 5, "\\x%02x", c);
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/*
 * The key jansson found twice, shown into out (REQUEST_SHOW_MAX bytes).
 * json_loadb stops right after that key's string token, so its closing
 * quote is byte pos - 1 of the payload p (len bytes): the token is found
 * back from there to its opening quote (the first one no odd run of
 * backslashes escapes) and decoded by jansson again.  -1 when the bytes
 * there are not a string token (the caller then quotes jansson).
 */
static int
dup_name(const char *p, size_t len, int pos, char *out)
{
	json_t	*name;
	size_t	 end, i, bs;

	if (pos < 2 || (size_t)pos > len || p[pos - 1] != '"')
		return -1;
	end = (size_t)pos - 1;
	for (i = end; i > 0; i--) {
		if (p[i - 1] != '"')
			continue;
		for (bs = 0; bs < i - 1 && p[i - 2 - bs] == '\\'; bs++)
			;
		if (bs % 2 == 0)
			break;
	}
	if (i == 0)
		return -1;
	/* The token is p[i - 1] to p[end], both quotes included. */
	name = json_loadb(p + i - 1, end - i + 2, JSON_DECODE_ANY, NULL);
	if (!json_is_string(name)) {
		json_decref(name);
		return -1;
	}
	show(out, json_string_value(name), json_string_length(name),
	    REQUEST_NAME_SHOW, 1);
	json_decref(name);
	return 0;
}

/*
 * The message for a payload (p, len bytes) that json_loadb refused with
 * je: jansson's text (at most JSON_ERROR_TEXT_LENGTH bytes, quoting up
 * to 20 of the payload's), escaped, after "near byte N", N its position
 * (the bytes it had read: the fault is byte N or N + 1, counting from
 * 1); in this file's words for a trailing byte, a key given twice and
 * \u0000 in a key.  ERR_INTERNAL when jansson ran out of memory.
 */
static int
load_fail(struct err *e, const char *p, size_t len, const json_error_t *je)
{
	char	text[REQUEST_TEXT_SHOW_MAX], name[REQUEST_SHOW_MAX];

	switch (json_error_code(je)) {
	case json_error_out_of_memory:
		return err_set(e, ERR_INTERNAL, "out of memory");
	case json_error_end_of_input_expected:
		return err_set(e, ERR_BAD_REQUEST, "trailing bytes after the "
		    "JSON object, near byte %d", je->position);
	case json_error_duplicate_key:
		if (dup_name(p, len, je->position, name) == 0)
			return err_set(e, ERR_BAD_REQUEST, "duplicate field "
			    "\"%s\"", name);
		break;
	case json_error_null_byte_in_key:
		return err_set(e, ERR_BAD_REQUEST, "a field name contains NUL "
		    "(\\u0000)");
	default:
		break;
	}
	/* text ends in a NUL before its last byte, which holds the code. */
	show(text, je->text, strnlen(je->text, sizeof(je->text) - 1),
	    REQUEST_TEXT_SHOW, 0);
	return err_set(e, ERR_BAD_REQUEST, "invalid JSON near byte %d: %s",
	    je->position, text);
}

/* Does the string item hold a NUL byte (a \u0000 escape)? */
static int
has_nul(const json_t *item)
{
	return memchr(json_string_value(item), '\0',
	    json_string_length(item)) != NULL;
}

/*
 * A string member into a malloc'd copy of its json_string_length bytes
 * with a NUL after it.  Refuses \u0000 unless nulok.
 */
static int
get_string(const json_t *item, const char *name, int nulok, char **out,
    size_t *lenp, struct err *e)
{
	size_t	len;

	if (!json_is_string(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"%s\": must be a "
		    "string", name);
	if (!nulok && has_nul(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"%s\": contains NUL "
		    "(\\u0000)", name);
	/* len is bounded by the payload, itself by max_request_bytes. */
	len = json_string_length(item);
	if ((*out = malloc(len + 1)) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	memcpy(*out, json_string_value(item), len + 1);
	*lenp = len;
	return 0;
}

/*
 * An integer member, min..max, written without fraction or exponent
 * (json_is_integer), into *out.  With out NULL, only its type, the range
 * left for later.  The message gives the range either way.
 */
static int
get_int(const json_t *item, const char *name, int min, int max, int *out,
    struct err *e)
{
	json_int_t	v;

	if (!json_is_integer(item))
		goto bad;
	if (out == NULL)
		return 0;
	v = json_integer_value(item);
	if (v < min || v > max)
		goto bad;
	*out = (int)v;
	return 0;
 bad:
	return err_set(e, ERR_BAD_REQUEST, "field \"%s\": must be an integer "
	    "from %d to %d", name, min, max);
}

/*
 * The limits of limit_fields[] (lim holds REQUEST_NLIMITS) as the
 * language l has them (its override lines', else the global
 * directives'), or, when l is NULL (a language that is not configured,
 * refused once the types are checked), as the global directives give
 * them, for the messages of type errors.
 */
static void
limits_of(const struct config *cfg, const struct language *l,
    struct config_limit *lim)
{
	if (l != NULL) {
		lim[0] = l->timeout_ms;
		lim[1] = l->memory_mb;
		lim[2] = l->compile_timeout_ms;
		lim[3] = l->compile_memory_mb;
		return;
	}
	lim[0].def = cfg->timeout_ms;
	lim[0].max = cfg->timeout_max_ms;
	lim[1].def = cfg->memory_mb;
	lim[1].max = cfg->memory_max_mb;
	lim[2].def = cfg->compile_timeout_ms;
	lim[2].max = cfg->compile_timeout_max_ms;
	lim[3].def = cfg->compile_memory_mb;
	lim[3].max = cfg->compile_memory_max_mb;
}

/* The args array: at most REQUEST_MAX_ARGS strings, none with \u0000. */
static int
get_args(const json_t *item, struct request *req, struct err *e)
{
	const json_t	*el;
	size_t		 n, count, len;

	if (!json_is_array(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"args\": must be "
		    "an array of strings");
	count = json_array_size(item);
	if (count > REQUEST_MAX_ARGS)
		return err_set(e, ERR_BAD_REQUEST, "field \"args\": more than "
		    "%d elements", REQUEST_MAX_ARGS);
	json_array_foreach(item, n, el) {
		if (!json_is_string(el))
			return err_set(e, ERR_BAD_REQUEST, "field \"args\": "
			    "element %zu is not a string", n);
		if (has_nul(el))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"args[%zu]\": an argument cannot hold a NUL "
			    "byte (\\u0000)", n);
	}
	if (count == 0)
		return 0;
	if ((req->args = calloc(count, sizeof(*req->args))) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	json_array_foreach(item, n, el) {
		len = json_string_length(el);
		if ((req->args[n] = malloc(len + 1)) == NULL)
			return err_set(e, ERR_INTERNAL, "out of memory");
		memcpy(req->args[n], json_string_value(el), len + 1);
		req->nargs = n + 1;	/* request_free frees what is there */
	}
	return 0;
}

/*
 * Does element n of the array field hold no member but a and b?  -1 with
 * e set (naming the element and the first other member) when not.
 */
static int
only_members(json_t *el, const char *a, const char *b, const char *field,
    size_t n, struct err *e)
{
	const char	*k;
	json_t		*m;
	char		 shown[REQUEST_SHOW_MAX];

	/* jansson refuses \u0000 in a key: k is a C string. */
	json_object_foreach(el, k, m)
		if (strcmp(k, a) != 0 && strcmp(k, b) != 0) {
			show(shown, k, strlen(k), REQUEST_NAME_SHOW, 1);
			return err_set(e, ERR_BAD_REQUEST, "field \"%s[%zu]\": "
			    "unknown member \"%s\"", field, n, shown);
		}
	return 0;
}

/*
 * Is name a relative path of REQUEST_FILE_CHARS segments separated by
 * '/', none of them empty, "." or "..", of 1..REQUEST_FILE_NAME_MAX bytes?
 */
static int
file_name_ok(const char *name)
{
	const char	*seg = name, *end;
	size_t		 n;

	if (*name == '\0' || strlen(name) > REQUEST_FILE_NAME_MAX)
		return 0;
	for (;;) {
		end = strchr(seg, '/');
		n = end == NULL ? strlen(seg) : (size_t)(end - seg);
		if (n == 0 || strspn(seg, REQUEST_FILE_CHARS) < n ||
		    (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (end == NULL)
			return 1;
		seg = end + 1;
	}
}

/*
 * The files array: objects of exactly "name" and "content", strings
 * without \u0000.  Each name a good path (file_name_ok), none twice and
 * none a directory of another; the contents, with the code's code_len
 * bytes, within max_code bytes.
 */
static int
get_files(json_t *item, struct request *req, size_t max_code,
    struct err *e)
{
	json_t		*el;
	const json_t	*name, *content;
	const char	*nm;
	char		 shown[REQUEST_SHOW_MAX];
	size_t		 n, i, count, len, total = req->code_len, nl;

	if (!json_is_array(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"files\": must be "
		    "an array of {\"name\", \"content\"} objects");
	count = json_array_size(item);
	if (count > REQUEST_MAX_FILES)
		return err_set(e, ERR_BAD_REQUEST, "field \"files\": more than "
		    "%d files", REQUEST_MAX_FILES);
	if (count == 0)
		return 0;
	if ((req->files = calloc(count, sizeof(*req->files))) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	json_array_foreach(item, n, el) {
		if (!json_is_object(el))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": must be an object with \"name\" "
			    "and \"content\"", n);
		if (only_members(el, "name", "content", "files", n, e) == -1)
			return -1;
		name = json_object_get(el, "name");
		content = json_object_get(el, "content");
		if (!json_is_string(name) || !json_is_string(content))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": needs one string \"name\" and one "
			    "string \"content\"", n);
		if (has_nul(name) || has_nul(content))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": a file cannot hold a NUL byte "
			    "(\\u0000)", n);
		nm = json_string_value(name);
		nl = json_string_length(name);
		show(shown, nm, nl, REQUEST_NAME_SHOW, 1);
		if (!file_name_ok(nm))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": bad name \"%s\" "
			    REQUEST_FILE_NAME_RULE, n, shown,
			    REQUEST_FILE_NAME_MAX);
		for (i = 0; i < n; i++) {
			len = strlen(req->files[i].name);
			if (strcmp(req->files[i].name, nm) == 0)
				return err_set(e, ERR_BAD_REQUEST, "field "
				    "\"files[%zu]\": \"%s\" is given twice", n,
				    shown);
			/* "a" and "a/b": one would be a directory. */
			if ((len < nl && nm[len] == '/' &&
			    strncmp(nm, req->files[i].name, len) == 0) ||
			    (nl < len && req->files[i].name[nl] == '/' &&
			    strncmp(req->files[i].name, nm, nl) == 0))
				return err_set(e, ERR_BAD_REQUEST, "field "
				    "\"files[%zu]\": \"%s\" is a file and a "
				    "directory at once", n, shown);
		}
		len = json_string_length(content);
		total += len;
		if (total > max_code)
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": the code and the files are longer "
			    "than %zu bytes", n, max_code);
		req->nfiles = n + 1;	/* request_free frees what is there */
		if ((req->files[n].name = strdup(nm)) == NULL ||
		    (req->files[n].content = malloc(len + 1)) == NULL)
			return err_set(e, ERR_INTERNAL, "out of memory");
		memcpy(req->files[n].content, json_string_value(content),
		    len + 1);
		req->files[n].content_len = len;
	}
	return 0;
}

/*
 * The tests array (judge mode): 1..max objects whose only members are
 * "input" and "expectedOutput", strings kept as they decode, NULs
 * included.  A test without input gets "" (never NULL); one without
 * expectedOutput keeps a NULL expected.
 */
static int
get_tests(json_t *item, struct request *req, size_t max, struct err *e)
{
	json_t			*el, *m;
	struct request_test	*t;
	char			 name[REQUEST_ELEMENT_NAME_MAX];
	size_t			 n, count;

	if (!json_is_array(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"tests\": must be "
		    "an array of {\"input\", \"expectedOutput\"} objects");
	count = json_array_size(item);
	if (count == 0)
		return err_set(e, ERR_BAD_REQUEST, "field \"tests\": must "
		    "hold 1 to %zu tests", max);
	if (count > max)
		return err_set(e, ERR_BAD_REQUEST, "field \"tests\": more "
		    "than %zu tests (max_tests)", max);
	if ((req->tests = calloc(count, sizeof(*req->tests))) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	json_array_foreach(item, n, el) {
		if (!json_is_object(el))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"tests[%zu]\": must be an object with \"input\" "
			    "and \"expectedOutput\", both optional", n);
		if (only_members(el, "input", "expectedOutput", "tests", n,
		    e) == -1)
			return -1;
		t = &req->tests[n];
		req->ntests = n + 1;	/* request_free frees what is there */
		(void)snprintf(name, sizeof(name), "tests[%zu].input", n);
		if ((m = json_object_get(el, "input")) == NULL) {
			if ((t->input = strdup("")) == NULL)
				return err_set(e, ERR_INTERNAL,
				    "out of memory");
		} else if (get_string(m, name, 1, &t->input, &t->input_len,
		    e) == -1)
			return -1;
		(void)snprintf(name, sizeof(name), "tests[%zu].expectedOutput",
		    n);
		if ((m = json_object_get(el, "expectedOutput")) != NULL &&
		    get_string(m, name, 1, &t->expected, &t->expected_len,
		    e) == -1)
			return -1;
	}
	return 0;
}

/*
 * The returnFiles array: at most REQUEST_MAX_RETURN_FILES strings
 * without \u0000, each a name file_name_ok accepts, none twice.
 */
static int
get_return_files(const json_t *item, struct request *req, struct err *e)
{
	const json_t	*el;
	char		 name[REQUEST_ELEMENT_NAME_MAX];
	char		 shown[REQUEST_SHOW_MAX], *nm;
	size_t		 n, i, count, len;

	if (!json_is_array(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"returnFiles\": "
		    "must be an array of file names");
	count = json_array_size(item);
	if (count > REQUEST_MAX_RETURN_FILES)
		return err_set(e, ERR_BAD_REQUEST, "field \"returnFiles\": "
		    "more than %d names", REQUEST_MAX_RETURN_FILES);
	if (count == 0)
		return 0;
	if ((req->return_files = calloc(count,
	    sizeof(*req->return_files))) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	json_array_foreach(item, n, el) {
		(void)snprintf(name, sizeof(name), "returnFiles[%zu]", n);
		if (get_string(el, name, 0, &nm, &len, e) == -1)
			return -1;
		req->return_files[n] = nm;
		req->nreturn_files = n + 1;	/* request_free frees it */
		show(shown, nm, len, REQUEST_NAME_SHOW, 1);
		if (!file_name_ok(nm))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"returnFiles[%zu]\": bad name \"%s\" "
			    REQUEST_FILE_NAME_RULE, n, shown,
			    REQUEST_FILE_NAME_MAX);
		for (i = 0; i < n; i++)
			if (strcmp(req->return_files[i], nm) == 0)
				return err_set(e, ERR_BAD_REQUEST, "field "
				    "\"returnFiles[%zu]\": \"%s\" is given "
				    "twice", n, shown);
	}
	return 0;
}

/*
 * Judge mode's fields of a run (items as in request_parse): tests (at
 * most max_tests), stopOnFailure, only beside tests, and returnFiles.
 * The top-level input, which tests replace, is refused beside them by
 * the caller, before it is read.
 */
static int
get_judge(json_t *const *items, struct request *req, size_t max_tests,
    struct err *e)
{
	const json_t	*stop = items[F_STOP_ON_FAILURE];

	if (items[F_TESTS] != NULL && get_tests(items[F_TESTS], req,
	    max_tests, e) == -1)
		return -1;
	if (stop != NULL) {
		if (items[F_TESTS] == NULL)
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"stopOnFailure\": only with \"tests\"");
		if (!json_is_boolean(stop))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"stopOnFailure\": must be true or false");
		req->stop_on_failure = json_is_true(stop);
	}
	if (items[F_RETURN_FILES] != NULL &&
	    get_return_files(items[F_RETURN_FILES], req, e) == -1)
		return -1;
	return 0;
}

/*
 * A listing: "list" names what is listed, and "key" is the only other
 * field it may have (what a run's fields would mean there is nothing).
 * items as in request_parse.
 */
static int
get_list(json_t *const *items, struct request *req, struct err *e)
{
	char	*what = NULL, shown[REQUEST_SHOW_MAX];
	size_t	 len, i;
	int	 ret = -1;

	for (i = 0; i < REQUEST_NFIELDS; i++) {
		if (i != F_KEY && i != F_LIST && items[i] != NULL) {
			err_set(e, ERR_BAD_REQUEST, "field \"%s\": not allowed "
			    "with \"list\" (a listing takes \"key\" only)",
			    field_names[i]);
			goto out;
		}
	}
	if (get_string(items[F_LIST], "list", 0, &what, &len, e) == -1)
		goto out;
	if (len != strlen(REQUEST_LIST_LANGUAGES_NAME) || memcmp(what,
	    REQUEST_LIST_LANGUAGES_NAME, len) != 0) {
		show(shown, what, len, REQUEST_NAME_SHOW, 1);
		err_set(e, ERR_BAD_REQUEST, "field \"list\": \"%s\" is not "
		    "a list runbox has; it has \"%s\"", shown,
		    REQUEST_LIST_LANGUAGES_NAME);
		goto out;
	}
	if (items[F_KEY] != NULL && get_string(items[F_KEY], "key", 0,
	    &req->key, &req->key_len, e) == -1)
		goto out;
	req->kind = REQUEST_LIST_LANGUAGES;
	ret = 0;
 out:
	free(what);
	return ret;
}

int
request_parse(struct request *req, const char *payload, size_t len,
    const struct config *cfg, struct err *e)
{
	json_t		*items[REQUEST_NFIELDS];
	json_t		*root = NULL, *child;
	const json_t	*item;
	json_error_t	 je;
	const char	*k;
	char		 name[REQUEST_SHOW_MAX], list[CONFIG_MAX_LANGUAGES *
			    (CONFIG_NAME_MAX + 2)];
	char		*lang = NULL;
	const char	*nul;
	size_t		 i, langlen = 0, flen;
	struct config_limit lim[REQUEST_NLIMITS];
	int		*limit_out[REQUEST_NLIMITS];
	int		 ret = -1;

	memset(req, 0, sizeof(*req));
	memset(items, 0, sizeof(items));
	/*
	 * JSON has no raw NUL byte anywhere, but Debian's jansson (2.14)
	 * passes one over after a number or a literal ("timeoutMs": 200\0).
	 */
	if ((nul = memchr(payload, '\0', len)) != NULL) {
		err_set(e, ERR_BAD_REQUEST, "invalid JSON near byte %zu: a raw "
		    "NUL byte (JSON has it only as \\u0000)",
		    (size_t)(nul - payload));
		goto out;
	}
	if ((root = json_loadb(payload, len, REQUEST_JSON_FLAGS, &je)) ==
	    NULL) {
		load_fail(e, payload, len, &je);
		goto out;
	}
	if (!json_is_object(root)) {
		err_set(e, ERR_BAD_REQUEST, "request must be a JSON object");
		goto out;
	}

	/*
	 * Names first, all known, before any value (jansson has refused
	 * any twice, and \u0000 in one: k is a C string).
	 */
	json_object_foreach(root, k, child) {
		for (i = 0; i < REQUEST_NFIELDS; i++)
			if (strcmp(k, field_names[i]) == 0)
				break;
		if (i == REQUEST_NFIELDS) {
			show(name, k, strlen(k), REQUEST_NAME_SHOW, 1);
			err_set(e, ERR_BAD_REQUEST, "unknown field \"%s\"",
			    name);
			goto out;
		}
		items[i] = child;
	}
	if (items[F_LIST] != NULL) {
		ret = get_list(items, req, e);
		goto out;
	}

	if (items[F_KEY] != NULL && get_string(items[F_KEY], "key", 0,
	    &req->key, &req->key_len, e) == -1)
		goto out;
	if (items[F_LANGUAGE] != NULL && get_string(items[F_LANGUAGE],
	    "language", 0, &lang, &langlen, e) == -1)
		goto out;
	if (items[F_CODE] == NULL) {
		err_set(e, ERR_BAD_REQUEST, "field \"code\" is required");
		goto out;
	}
	if (get_string(items[F_CODE], "code", 0, &req->code, &req->code_len,
	    e) == -1)
		goto out;
	if (req->code_len == 0) {
		err_set(e, ERR_BAD_REQUEST, "field \"code\": must not be "
		    "empty");
		goto out;
	}
	if (req->code_len > cfg->max_code_bytes) {
		err_set(e, ERR_BAD_REQUEST, "field \"code\": longer than %zu "
		    "bytes", cfg->max_code_bytes);
		goto out;
	}
	if (items[F_INPUT] != NULL && items[F_TESTS] != NULL) {
		err_set(e, ERR_BAD_REQUEST, "field \"input\": not allowed "
		    "with \"tests\" (each test has its own input)");
		goto out;
	}
	/* The program's stdin: bytes, NULs included. */
	if (items[F_INPUT] != NULL && get_string(items[F_INPUT], "input", 1,
	    &req->input, &req->input_len, e) == -1)
		goto out;
	if (items[F_ARGS] != NULL && get_args(items[F_ARGS], req, e) == -1)
		goto out;
	if (items[F_FILES] != NULL && get_files(items[F_FILES], req,
	    cfg->max_code_bytes, e) == -1)
		goto out;
	if (get_judge(items, req, cfg->max_tests, e) == -1)
		goto out;

	/*
	 * The language is looked up now, since the limits' ranges are its
	 * own, but refused only after their types are checked, so that a
	 * malformed request is bad_request first.
	 */
	req->language = config_language_or_alias(cfg, lang != NULL ? lang :
	    cfg->default_language);
	limits_of(cfg, req->language, lim);
	for (i = 0; i < REQUEST_NLIMITS; i++) {
		item = items[limit_fields[i].field];
		if (item != NULL && get_int(item,
		    field_names[limit_fields[i].field], limit_fields[i].min,
		    lim[i].max, NULL, e) == -1)
			goto out;
	}
	if (req->language == NULL) {
		config_language_list(cfg, list, sizeof(list));
		if (lang != NULL)
			show(name, lang, langlen, REQUEST_NAME_SHOW, 1);
		else
			show(name, cfg->default_language,
			    strlen(cfg->default_language), REQUEST_NAME_SHOW,
			    1);
		err_set(e, ERR_UNSUPPORTED_LANGUAGE, "language \"%s\" is not "
		    "configured; configured: %s", name, list);
		goto out;
	}
	/*
	 * Given or the language's default, the compile ones also for a
	 * language without a compile step (which leaves them unused).
	 */
	limit_out[0] = &req->timeout_ms;
	limit_out[1] = &req->memory_mb;
	limit_out[2] = &req->compile_timeout_ms;
	limit_out[3] = &req->compile_memory_mb;
	for (i = 0; i < REQUEST_NLIMITS; i++) {
		*limit_out[i] = lim[i].def;
		item = items[limit_fields[i].field];
		if (item != NULL && get_int(item,
		    field_names[limit_fields[i].field], limit_fields[i].min,
		    lim[i].max, limit_out[i], e) == -1)
			goto out;
	}
	flen = strlen(req->language->file);
	for (i = 0; i < req->nfiles; i++)
		if (strncmp(req->files[i].name, req->language->file, flen) ==
		    0 && (req->files[i].name[flen] == '\0' ||
		    req->files[i].name[flen] == '/')) {
			err_set(e, ERR_BAD_REQUEST, "field \"files[%zu]\": "
			    "\"%s\" is the code's own file", i,
			    req->language->file);
			goto out;
		}
	ret = 0;
 out:
	json_decref(root);
	free(lang);
	if (ret == -1)
		request_free(req);
	return ret;
}

void
request_free(struct request *req)
{
	size_t	i;

	if (req->key != NULL) {
		explicit_bzero(req->key, req->key_len);
		free(req->key);
	}
	free(req->code);
	free(req->input);
	for (i = 0; i < req->nargs; i++)
		free(req->args[i]);
	free(req->args);
	for (i = 0; i < req->nfiles; i++) {
		free(req->files[i].name);
		free(req->files[i].content);
	}
	free(req->files);
	for (i = 0; i < req->ntests; i++) {
		free(req->tests[i].input);
		free(req->tests[i].expected);
	}
	free(req->tests);
	for (i = 0; i < req->nreturn_files; i++)
		free(req->return_files[i]);
	free(req->return_files);
	memset(req, 0, sizeof(*req));
}
