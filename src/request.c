/*
 * request.c: one client request (docs/protocol.md, "Request") from its
 * JSON payload into a plain struct request: a run, or a listing
 * ({"list": "languages"}, docs/protocol.md, "Listing").
 *
 * cJSON alone is too lenient for untrusted input, so a scanner first
 * walks the raw bytes and refuses:
 *  - NUL bytes anywhere (they are not JSON), and \u0000 escapes in field
 *    names (cJSON would cut the name there) or outside an object;
 *  - \u escapes without 4 hex digits (cJSON decodes \uZZZZ as a NUL!)
 *    and of lone surrogates (cJSON refuses those, but without saying
 *    where);
 *  - control characters: raw in a string (RFC 8259 wants them escaped)
 *    or outside one (cJSON takes them for white space);
 *  - a byte order mark, and nesting deeper than REQUEST_MAX_DEPTH (no
 *    request needs more than 2, and cJSON recurses);
 *  - numbers that do not follow the JSON grammar (cJSON takes "01", "1.").
 * It also notes, for each top-level member (struct note): where its
 * value's raw string token lies when it is a string; whether it is a
 * number written with a fraction or an exponent ("timeoutMs": 2000.0 and
 * 2e3 are refused like 1.5, as only integers are asked for); and which
 * element of an array value first holds \u0000.  Members are matched by
 * position, which cJSON keeps; the members checked are among the first
 * REQUEST_NFIELDS, since a longer object holds an unknown or duplicate
 * field and is refused before any value is looked at.
 *
 * cJSON then checks the grammar and gives the tree, but a C string of
 * its stops at the first NUL and has no length, so the top-level string
 * values are decoded here from their raw tokens (decode), with their
 * exact length.  "input" may hold \u0000: it is the program's stdin,
 * bytes.  "code", "key" and "language" may not, nor may an element of
 * "args" (a program's argument is a C string).
 *
 * Untrusted names and values quoted in messages are bounded and escaped.
 * Array elements are numbered from 0, as in args[0].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "request.h"
#include "utf8.h"

#define REQUEST_MAX_DEPTH	32	/* nesting let through to cJSON */
#define REQUEST_NAME_SHOW	40	/* bytes of an untrusted name */
#define REQUEST_SHOW_MAX	(REQUEST_NAME_SHOW * 4 + 4)
#define REQUEST_MEMORY_MIN_MB	16	/* docs/protocol.md */

enum field {
	F_KEY, F_LANGUAGE, F_CODE, F_INPUT, F_ARGS, F_TIMEOUT, F_MEMORY,
	F_LIST, F_FILES, F_COMPILE_TIMEOUT, F_COMPILE_MEMORY, REQUEST_NFIELDS
};

static const char *const field_names[REQUEST_NFIELDS] = {
	"key", "language", "code", "input", "args", "timeoutMs",
	"memoryLimitMb", "list", "files", "compileTimeoutMs",
	"compileMemoryLimitMb"
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

#define REQUEST_LIST_LANGUAGES_NAME	"languages"	/* {"list": ...} */

/*
 * What scan notes about one of the first REQUEST_NFIELDS top-level
 * members: a string value's raw bytes between the quotes (raw is NULL
 * for any other value); frac, a number with a fraction or an exponent;
 * nul, a \u0000 inside an array or object value, first in element nulel.
 */
struct note {
	const char	*raw;
	size_t		 rawlen;
	int		 frac;
	int		 nul;
	size_t		 nulel;
};

static void	show(char *, const char *, size_t);
static int	scan(const char *, size_t, struct note *, struct err *);
static int	scan_fail(struct err *, const char *, size_t, int,
		    const char *);
static size_t	scan_number(const char *, size_t, int *, int *);
static int	is_ws(char);
static long	hex4(const char *, size_t);
static int	decode(const char *, size_t, char *, size_t *);
static int	get_string(const cJSON *, const struct note *, const char *,
		    int, char **, size_t *, struct err *);
static int	get_int(const cJSON *, const struct note *, const char *, int,
		    int, int *, struct err *);
static void	limits_of(const struct config *, const struct language *,
		    struct config_limit *);
static int	get_files(const cJSON *, const struct note *, struct request *,
		    size_t, struct err *);
static int	file_name_ok(const char *);
static int	get_args(const cJSON *, const struct note *, struct request *,
		    struct err *);
static int	get_list(const cJSON *const *, const struct note *,
		    const size_t *, struct request *, struct err *);

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The value of 4 hex digits at p (n bytes available), or -1. */
static long
hex4(const char *p, size_t n)
{
	long	v = 0;
	size_t	i;
	int	c;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)p[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		v = v * 16 + c;
	}
	return v;
}

/*
 * Escape at most REQUEST_NAME_SHOW bytes of s for a message: printable
 * ASCII as is (with \" and \\), anything else as \xNN, "..." when cut.
 * out holds REQUEST_SHOW_MAX bytes.
 */
static void
show(char *out, const char *s, size_t len)
{
	size_t		i, o = 0;
	unsigned char	c;

	for (i = 0; i < len && i < REQUEST_NAME_SHOW; i++) {
		c = s[i];
		if (c == '"' || c == '\\') {
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
 * The message for a fault the scanner found: inside the value of the
 * top-level field key (keylen bytes, raw), in a field name (inkey), or
 * where no field is known.
 */
static int
scan_fail(struct err *e, const char *key, size_t keylen, int inkey,
    const char *what)
{
	char	name[REQUEST_SHOW_MAX];

	if (inkey)
		return err_set(e, ERR_BAD_REQUEST, "a field name %s", what);
	if (key == NULL)
		return err_set(e, ERR_BAD_REQUEST, "request %s", what);
	show(name, key, keylen);
	return err_set(e, ERR_BAD_REQUEST, "field \"%s\": %s", name, what);
}

/*
 * Length of the number token at p (the longest run of the characters
 * cJSON takes for a number), in *okp whether it follows the JSON grammar
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and in *fracp whether it
 * has a fraction or an exponent.
 */
static size_t
scan_number(const char *p, size_t len, int *okp, int *fracp)
{
	size_t	n, i = 0, d;

	for (n = 0; n < len && strchr("0123456789+-.eE", p[n]) != NULL &&
	    p[n] != '\0'; n++)
		;
	*okp = 0;
	*fracp = 0;
	if (i < n && p[i] == '-')
		i++;
	if (i < n && p[i] == '0')
		i++;
	else {
		for (d = i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == d)
			return n;
	}
	if (i < n && p[i] == '.') {
		*fracp = 1;
		for (d = ++i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == d)
			return n;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		*fracp = 1;
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		for (d = i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			;
		if (i == d)
			return n;
	}
	*okp = i == n;
	return n;
}

/*
 * The raw pass described at the top.  Fills notes[i] (REQUEST_NFIELDS of
 * them, zeroed here) for the i-th top-level member; raw points into p.
 */
static int
scan(const char *p, size_t len, struct note *notes, struct err *e)
{
	const char	*key = NULL;
	struct note	*nt = NULL;	/* the member's, when noted */
	size_t		 i, keystart = 0, keylen = 0, member = 0, n;
	size_t		 elem = 0;	/* in the member's array */
	int		 depth = 0, instr = 0, esc = 0, inkey = 0, inval = 0;
	int		 wantkey = 0, object = 0, numok, frac;
	long		 cp;
	unsigned char	 c;

	memset(notes, 0, REQUEST_NFIELDS * sizeof(*notes));
	for (i = 0; i < len && is_ws(p[i]); i++)
		;
	if (len - i >= 3 && memcmp(p + i, "\xef\xbb\xbf", 3) == 0)
		return err_set(e, ERR_BAD_REQUEST, "invalid JSON: byte order "
		    "mark");
	object = i < len && p[i] == '{';
	for (i = 0; i < len; i++) {
		c = p[i];
		if (c == '\0')
			return scan_fail(e, key, keylen, inkey,
			    "contains a NUL byte");
		if (instr) {
			if (esc) {
				esc = 0;
				if (c != 'u')
					continue;	/* cJSON judges */
				/* cJSON would decode \uZZZZ as a NUL. */
				if ((cp = hex4(p + i + 1, len - i - 1)) == -1)
					return scan_fail(e, key, keylen, inkey,
					    "contains a malformed \\u escape");
				/*
				 * In a member's value, the field decides:
				 * strings are judged once decoded, args
				 * elements by the index noted here.
				 */
				if (cp == 0 && (inkey || key == NULL))
					return scan_fail(e, key, keylen, inkey,
					    "contains NUL (\\u0000)");
				if (cp == 0 && depth > 1 && nt != NULL &&
				    !nt->nul) {
					nt->nul = 1;
					nt->nulel = elem;
				}
				if (cp >= 0xdc00 && cp <= 0xdfff)
					return scan_fail(e, key, keylen, inkey,
					    "contains a lone surrogate escape");
				if (cp >= 0xd800 && cp <= 0xdbff) {
					/* Must be \uDC00..\uDFFF next. */
					if (len - i < 11 || p[i + 5] != '\\' ||
					    p[i + 6] != 'u')
						cp = -1;
					else
						cp = hex4(p + i + 7, 4);
					if (cp < 0xdc00 || cp > 0xdfff)
						return scan_fail(e, key, keylen,
						    inkey, "contains a lone "
						    "surrogate escape");
					i += 10;
				}
			} else if (c == '\\')
				esc = 1;
			else if (c == '"') {
				instr = 0;
				if (inkey) {
					inkey = 0;
					key = p + keystart;
					keylen = i - keystart;
				} else if (inval) {
					inval = 0;
					nt->rawlen = p + i - nt->raw;
				}
			} else if (c < 0x20)
				return scan_fail(e, key, keylen, inkey,
				    "contains a raw control character (escape "
				    "it)");
			continue;
		}
		switch (c) {
		case '"':
			instr = 1;
			if (depth == 1 && object && wantkey) {
				wantkey = 0;
				inkey = 1;
				keystart = i + 1;
			} else if (depth == 1 && nt != NULL) {
				inval = 1;
				nt->raw = p + i + 1;
			}
			break;
		case '{':
		case '[':
			if (++depth > REQUEST_MAX_DEPTH)
				return scan_fail(e, key, keylen, 0,
				    "is nested too deeply");
			if (depth == 1) {
				wantkey = 1;
				nt = object ? &notes[0] : NULL;
			}
			if (depth == 2)
				elem = 0;
			break;
		case '}':
		case ']':
			/* Past the root, nothing more is noted. */
			if (depth > 0 && --depth == 0) {
				key = NULL;
				object = 0;
				nt = NULL;
			}
			break;
		case ',':
			if (depth == 2)
				elem++;
			if (depth == 1) {
				key = NULL;
				wantkey = 1;
				member++;
				nt = object && member < REQUEST_NFIELDS ?
				    &notes[member] : NULL;
			}
			break;
		case '-':
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			n = scan_number(p + i, len - i, &numok, &frac);
			if (!numok)
				return scan_fail(e, key, keylen, 0,
				    "holds a malformed number");
			if (depth == 1 && nt != NULL)
				nt->frac = frac;
			i += n - 1;
			break;
		default:
			if (c < 0x20 && !is_ws(c))
				return scan_fail(e, key, keylen, 0,
				    "contains a control character outside "
				    "a string");
			break;
		}
	}
	return 0;
}

/*
 * Decode the raw string token at raw (len bytes, between the quotes)
 * into out, which holds len + 1 bytes: every escape is longer than the
 * bytes it stands for (\n 2 for 1, \u00e9 6 for 2, a pair 12 for 4), so
 * the text fits with a NUL after it.  *outlen is its length, NULs inside
 * included.  scan and cJSON have checked the token; a malformed one is
 * -1 all the same.
 */
static int
decode(const char *raw, size_t len, char *out, size_t *outlen)
{
	size_t	i, o = 0, n;
	long	cp, lo;

	for (i = 0; i < len; i++) {
		if (raw[i] != '\\') {
			out[o++] = raw[i];
			continue;
		}
		if (++i == len)
			return -1;
		switch (raw[i]) {
		case '"':
		case '\\':
		case '/':
			out[o++] = raw[i];
			break;
		case 'b':
			out[o++] = '\b';
			break;
		case 'f':
			out[o++] = '\f';
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'u':
			/* i is at the u; its 4 digits are i + 1..i + 4. */
			if ((cp = hex4(raw + i + 1, len - i - 1)) == -1)
				return -1;
			i += 4;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (len - i < 7 || raw[i + 1] != '\\' ||
				    raw[i + 2] != 'u')
					return -1;
				lo = hex4(raw + i + 3, 4);
				if (lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			}
			if ((n = utf8_encode((unsigned char *)out + o,
			    (unsigned long)cp)) == 0)
				return -1;	/* a lone low surrogate */
			o += n;
			break;
		default:
			return -1;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return 0;
}

/*
 * A string member, decoded from its raw token (nt), into a malloc'd copy
 * with a NUL after it.  Refuses \u0000 unless nulok, and invalid UTF-8.
 */
static int
get_string(const cJSON *item, const struct note *nt, const char *name,
    int nulok, char **out, size_t *lenp, struct err *e)
{
	char	*s = NULL;
	size_t	 len;
	int	 ret = -1;

	if (!cJSON_IsString(item)) {
		err_set(e, ERR_BAD_REQUEST, "field \"%s\": must be a string",
		    name);
		goto out;
	}
	if (nt->raw == NULL) {
		err_set(e, ERR_INTERNAL, "field \"%s\": no string token noted",
		    name);
		goto out;
	}
	/* rawlen is bounded by the payload, itself by max_request_bytes. */
	if ((s = malloc(nt->rawlen + 1)) == NULL) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	if (decode(nt->raw, nt->rawlen, s, &len) == -1) {
		err_set(e, ERR_INTERNAL, "field \"%s\": cannot decode the "
		    "string", name);
		goto out;
	}
	if (!nulok && memchr(s, '\0', len) != NULL) {
		err_set(e, ERR_BAD_REQUEST, "field \"%s\": contains NUL "
		    "(\\u0000)", name);
		goto out;
	}
	if (!utf8_valid(s, len)) {
		err_set(e, ERR_BAD_REQUEST, "field \"%s\": not valid UTF-8",
		    name);
		goto out;
	}
	*out = s;
	*lenp = len;
	s = NULL;
	ret = 0;
 out:
	/* A refused key is still a secret. */
	if (s != NULL)
		freezero(s, nt->rawlen + 1);
	return ret;
}

/*
 * An integer member, min..max, written without fraction or exponent,
 * into *out.  With out NULL, only its type: a number written without
 * fraction or exponent, the range left for later.  The message gives
 * the range either way.
 */
static int
get_int(const cJSON *item, const struct note *nt, const char *name,
    int min, int max, int *out, struct err *e)
{
	double	d;

	if (!cJSON_IsNumber(item) || nt->frac)
		goto bad;
	if (out == NULL)
		return 0;
	d = item->valuedouble;
	/* Written so that NaN and the infinities fail too. */
	if (!(d >= min && d <= max) || (double)(int)d != d)
		goto bad;
	*out = (int)d;
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

/*
 * The args array.  cJSON's strings serve here: an element that held
 * \u0000 (noted in nt) is refused before its string is looked at.
 */
static int
get_args(const cJSON *item, const struct note *nt, struct request *req,
    struct err *e)
{
	const cJSON	*el;
	size_t		 n, len;
	int		 count;

	if (!cJSON_IsArray(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"args\": must be "
		    "an array of strings");
	count = cJSON_GetArraySize(item);
	if (count > REQUEST_MAX_ARGS)
		return err_set(e, ERR_BAD_REQUEST, "field \"args\": more than "
		    "%d elements", REQUEST_MAX_ARGS);
	n = 0;
	cJSON_ArrayForEach(el, item) {
		if (!cJSON_IsString(el) || el->valuestring == NULL)
			return err_set(e, ERR_BAD_REQUEST, "field \"args\": "
			    "element %zu is not a string", n);
		if (nt->nul && nt->nulel == n)
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"args[%zu]\": an argument cannot hold a NUL "
			    "byte (\\u0000)", n);
		if (!utf8_valid(el->valuestring, strlen(el->valuestring)))
			return err_set(e, ERR_BAD_REQUEST, "field \"args\": "
			    "element %zu is not valid UTF-8", n);
		n++;
	}
	if (n == 0)
		return 0;
	if ((req->args = calloc(n, sizeof(*req->args))) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	cJSON_ArrayForEach(el, item) {
		len = strlen(el->valuestring);
		if ((req->args[req->nargs] = malloc(len + 1)) == NULL)
			return err_set(e, ERR_INTERNAL, "out of memory");
		memcpy(req->args[req->nargs++], el->valuestring, len + 1);
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
 * The files array: objects of exactly "name" and "content", strings.
 * Each name a good path (file_name_ok), none twice and none a directory
 * of another; the contents, with the code's code_len bytes, within
 * max_code bytes.  An element that held \u0000 (noted in nt) is refused
 * first.
 */
static int
get_files(const cJSON *item, const struct note *nt, struct request *req,
    size_t max_code, struct err *e)
{
	const cJSON	*el, *m, *name, *content;
	char		 shown[REQUEST_SHOW_MAX];
	size_t		 n, k, len, total = req->code_len, nl;
	int		 count;

	if (!cJSON_IsArray(item))
		return err_set(e, ERR_BAD_REQUEST, "field \"files\": must be "
		    "an array of {\"name\", \"content\"} objects");
	count = cJSON_GetArraySize(item);
	if (count > REQUEST_MAX_FILES)
		return err_set(e, ERR_BAD_REQUEST, "field \"files\": more than "
		    "%d files", REQUEST_MAX_FILES);
	if (count == 0)
		return 0;
	if ((req->files = calloc((size_t)count, sizeof(*req->files))) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	n = 0;
	cJSON_ArrayForEach(el, item) {
		if (nt->nul && nt->nulel == n)
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": a file cannot hold a NUL byte "
			    "(\\u0000)", n);
		if (!cJSON_IsObject(el))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": must be an object with \"name\" "
			    "and \"content\"", n);
		cJSON_ArrayForEach(m, el)
			if (m->string == NULL ||
			    (strcmp(m->string, "name") != 0 &&
			    strcmp(m->string, "content") != 0)) {
				show(shown, m->string != NULL ? m->string : "",
				    m->string != NULL ? strlen(m->string) : 0);
				return err_set(e, ERR_BAD_REQUEST, "field "
				    "\"files[%zu]\": unknown member \"%s\"", n,
				    shown);
			}
		name = cJSON_GetObjectItemCaseSensitive(el, "name");
		content = cJSON_GetObjectItemCaseSensitive(el, "content");
		if (cJSON_GetArraySize(el) != 2 || !cJSON_IsString(name) ||
		    !cJSON_IsString(content) || name->valuestring == NULL ||
		    content->valuestring == NULL)
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": needs one string \"name\" and one "
			    "string \"content\"", n);
		nl = strlen(name->valuestring);
		show(shown, name->valuestring, nl);
		if (!utf8_valid(name->valuestring, nl) ||
		    !file_name_ok(name->valuestring))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": bad name \"%s\" (a relative path "
			    "of [A-Za-z0-9._-] segments, no . or .., at most "
			    "%d bytes)", n, shown, REQUEST_FILE_NAME_MAX);
		for (k = 0; k < n; k++) {
			len = strlen(req->files[k].name);
			if (strcmp(req->files[k].name, name->valuestring) == 0)
				return err_set(e, ERR_BAD_REQUEST, "field "
				    "\"files[%zu]\": \"%s\" is given twice", n,
				    shown);
			/* "a" and "a/b": one would be a directory. */
			if ((len < nl && name->valuestring[len] == '/' &&
			    strncmp(name->valuestring, req->files[k].name,
			    len) == 0) || (nl < len &&
			    req->files[k].name[nl] == '/' &&
			    strncmp(req->files[k].name, name->valuestring,
			    nl) == 0))
				return err_set(e, ERR_BAD_REQUEST, "field "
				    "\"files[%zu]\": \"%s\" is a file and a "
				    "directory at once", n, shown);
		}
		len = strlen(content->valuestring);
		if (!utf8_valid(content->valuestring, len))
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": content is not valid UTF-8", n);
		total += len;
		if (total > max_code)
			return err_set(e, ERR_BAD_REQUEST, "field "
			    "\"files[%zu]\": the code and the files are longer "
			    "than %zu bytes", n, max_code);
		req->nfiles = n + 1;	/* request_free frees what is there */
		if ((req->files[n].name = strdup(name->valuestring)) == NULL ||
		    (req->files[n].content = strdup(content->valuestring)) ==
		    NULL)
			return err_set(e, ERR_INTERNAL, "out of memory");
		req->files[n++].content_len = len;
	}
	return 0;
}

/*
 * A listing: "list" names what is listed, and "key" is the only other
 * field it may have (what a run's fields would mean there is nothing).
 * items, notes and pos as in request_parse.
 */
static int
get_list(const cJSON *const *items, const struct note *notes,
    const size_t *pos, struct request *req, struct err *e)
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
	if (get_string(items[F_LIST], &notes[pos[F_LIST]], "list", 0, &what,
	    &len, e) == -1)
		goto out;
	if (len != strlen(REQUEST_LIST_LANGUAGES_NAME) || memcmp(what,
	    REQUEST_LIST_LANGUAGES_NAME, len) != 0) {
		show(shown, what, len);
		err_set(e, ERR_BAD_REQUEST, "field \"list\": \"%s\" is not "
		    "a list runbox has; it has \"%s\"", shown,
		    REQUEST_LIST_LANGUAGES_NAME);
		goto out;
	}
	if (items[F_KEY] != NULL && get_string(items[F_KEY],
	    &notes[pos[F_KEY]], "key", 0, &req->key, &req->key_len, e) == -1)
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
	const cJSON	*items[REQUEST_NFIELDS];
	const cJSON	*child, *item;
	cJSON		*root = NULL;
	const char	*end = NULL;
	char		 name[REQUEST_SHOW_MAX], list[CONFIG_MAX_LANGUAGES *
			    (CONFIG_NAME_MAX + 2)];
	const char	*s;
	char		*lang = NULL;
	size_t		 i, member, langlen = 0, nlen, flen;
	size_t		 pos[REQUEST_NFIELDS];
	struct note	 notes[REQUEST_NFIELDS];
	struct config_limit lim[REQUEST_NLIMITS];
	int		*limit_out[REQUEST_NLIMITS];
	int		 ret = -1;

	memset(req, 0, sizeof(*req));
	memset(items, 0, sizeof(items));
	memset(pos, 0, sizeof(pos));
	if (scan(payload, len, notes, e) == -1)
		goto out;
	root = cJSON_ParseWithLengthOpts(payload, len, &end, 0);
	if (root == NULL) {
		err_set(e, ERR_BAD_REQUEST, "invalid JSON near byte %zu",
		    end != NULL && end >= payload && end <= payload + len ?
		    (size_t)(end - payload) : (size_t)0);
		goto out;
	}
	while (end != NULL && end < payload + len && is_ws(*end))
		end++;
	if (end != payload + len) {
		err_set(e, ERR_BAD_REQUEST, "trailing bytes after the JSON "
		    "object");
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		err_set(e, ERR_BAD_REQUEST, "request must be a JSON object");
		goto out;
	}

	/* Names first: all known, none twice, before any value. */
	member = 0;
	cJSON_ArrayForEach(child, root) {
		s = child->string != NULL ? child->string : "";
		nlen = strlen(s);
		show(name, s, nlen);
		if (!utf8_valid(s, nlen)) {
			err_set(e, ERR_BAD_REQUEST, "field name \"%s\" is not "
			    "valid UTF-8", name);
			goto out;
		}
		for (i = 0; i < REQUEST_NFIELDS; i++)
			if (strcmp(s, field_names[i]) == 0)
				break;
		if (i == REQUEST_NFIELDS) {
			err_set(e, ERR_BAD_REQUEST, "unknown field \"%s\"",
			    name);
			goto out;
		}
		if (items[i] != NULL) {
			err_set(e, ERR_BAD_REQUEST, "duplicate field \"%s\"",
			    name);
			goto out;
		}
		items[i] = child;
		pos[i] = member++;
	}
	if (items[F_LIST] != NULL) {
		ret = get_list(items, notes, pos, req, e);
		goto out;
	}

	if (items[F_KEY] != NULL && get_string(items[F_KEY],
	    &notes[pos[F_KEY]], "key", 0, &req->key, &req->key_len, e) == -1)
		goto out;
	if (items[F_LANGUAGE] != NULL && get_string(items[F_LANGUAGE],
	    &notes[pos[F_LANGUAGE]], "language", 0, &lang, &langlen, e) == -1)
		goto out;
	if (items[F_CODE] == NULL) {
		err_set(e, ERR_BAD_REQUEST, "field \"code\" is required");
		goto out;
	}
	if (get_string(items[F_CODE], &notes[pos[F_CODE]], "code", 0,
	    &req->code, &req->code_len, e) == -1)
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
	/* The program's stdin: bytes, NULs included. */
	if (items[F_INPUT] != NULL && get_string(items[F_INPUT],
	    &notes[pos[F_INPUT]], "input", 1, &req->input, &req->input_len,
	    e) == -1)
		goto out;
	if (items[F_ARGS] != NULL && get_args(items[F_ARGS],
	    &notes[pos[F_ARGS]], req, e) == -1)
		goto out;
	if (items[F_FILES] != NULL && get_files(items[F_FILES],
	    &notes[pos[F_FILES]], req, cfg->max_code_bytes, e) == -1)
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
		    &notes[pos[limit_fields[i].field]],
		    field_names[limit_fields[i].field], limit_fields[i].min,
		    lim[i].max, NULL, e) == -1)
			goto out;
	}
	if (req->language == NULL) {
		config_language_list(cfg, list, sizeof(list));
		if (lang != NULL)
			show(name, lang, langlen);
		else
			show(name, cfg->default_language,
			    strlen(cfg->default_language));
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
		    &notes[pos[limit_fields[i].field]],
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
	cJSON_Delete(root);
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
	memset(req, 0, sizeof(*req));
}
