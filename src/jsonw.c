/* jsonw.c: writing JSON string literals from untrusted bytes, for replies. */
#include <stddef.h>

#include "buf.h"
#include "jsonw.h"
#include "utf8.h"

static const char	jsonw_hex[] = "0123456789abcdef";
static const char	jsonw_fffd[] = "\xef\xbf\xbd";

static size_t	jsonw_badlen(const unsigned char *, size_t);
static int	jsonw_escape(struct buf *, unsigned int);

/*
 * Length of the maximal ill-formed subpart at s (n > 0 bytes, not the start
 * of a well-formed sequence): the lead byte plus the continuation bytes that
 * still fit a well-formed prefix (Unicode 3.9, "U+FFFD substitution of
 * maximal subparts").  Bytes that can never start a sequence stand alone.
 */
static size_t
jsonw_badlen(const unsigned char *s, size_t n)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		len, k;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 1;
	if (s[0] < 0xe0)
		len = 2;
	else if (s[0] < 0xf0) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	}
	if (n < 2 || s[1] < lo || s[1] > hi)
		return 1;
	for (k = 2; k < len && k < n; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			break;
	return k;
}

/* Append the escape for code point c (a control, quote, backslash, ...). */
static int
jsonw_escape(struct buf *b, unsigned int c)
{
	char	e[6];

	switch (c) {
	case '"':
		return buf_append(b, "\\\"", 2);
	case '\\':
		return buf_append(b, "\\\\", 2);
	case '\b':
		return buf_append(b, "\\b", 2);
	case '\f':
		return buf_append(b, "\\f", 2);
	case '\n':
		return buf_append(b, "\\n", 2);
	case '\r':
		return buf_append(b, "\\r", 2);
	case '\t':
		return buf_append(b, "\\t", 2);
	}
	e[0] = '\\';
	e[1] = 'u';
	e[2] = jsonw_hex[(c >> 12) & 0xf];
	e[3] = jsonw_hex[(c >> 8) & 0xf];
	e[4] = jsonw_hex[(c >> 4) & 0xf];
	e[5] = jsonw_hex[c & 0xf];
	return buf_append(b, e, sizeof(e));
}

int
jsonw_string(struct buf *b, const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i = 0, run = 0, len, oldlen = b->len;
	unsigned char		 c;

	if (buf_append(b, "\"", 1) == -1)
		return -1;
	/*
	 * Bytes that go out unchanged are collected into a run [run, i) and
	 * appended in one call when something needs rewriting, so the work
	 * stays linear with few appends.
	 */
	while (i < n) {
		c = s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		len = c >= 0x80 ? utf8_seqlen(s + i, n - i) : 0;
		if (len != 0 && !(len == 3 && c == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))) {
			i += len;
			continue;
		}
		if (i > run && buf_append(b, s + run, i - run) == -1)
			goto fail;
		if (c < 0x80) {
			if (jsonw_escape(b, c) == -1)
				goto fail;
			i++;
		} else if (len != 0) {
			/* U+2028, U+2029: valid JSON, but not valid JS. */
			if (jsonw_escape(b, s[i + 2] == 0xa8 ?
			    0x2028 : 0x2029) == -1)
				goto fail;
			i += len;
		} else {
			if (buf_append(b, jsonw_fffd, 3) == -1)
				goto fail;
			i += jsonw_badlen(s + i, n - i);
		}
		run = i;
	}
	if (i > run && buf_append(b, s + run, i - run) == -1)
		goto fail;
	if (buf_append(b, "\"", 1) == -1)
		goto fail;
	return 0;
fail:
	/* Leave the buffer as it was, like buf_append does. */
	return buf_undo(b, oldlen);
}

int
jsonw_field(struct buf *b, const char *name, const struct buf *v)
{
	if (buf_appendf(b, ",\"%s\":", name) == -1)
		return -1;
	return jsonw_string(b, v->data == NULL ? "" : v->data, v->len);
}
