/* jsonw-t.c: unit tests for JSON string literals from untrusted bytes. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "buf.h"
#include "jsonw.h"
#include "tap.h"
#include "utf8.h"

#define RANDOM_STRINGS	4000
#define RANDOM_MAXLEN	64
#define BIG_INPUT	(1024 * 1024)

struct jsonw_case {
	const char	*what;
	const char	*in;
	size_t		 inlen;
	const char	*want;		/* with the quotes */
};

#define C(what, in, want) { what, in, sizeof(in) - 1, want }
#define FFFD	"\xef\xbf\xbd"

static const struct jsonw_case cases[] = {
	C("the empty string is two quotes", "", "\"\""),
	C("plain ASCII is copied between quotes", "hello, world",
	    "\"hello, world\""),
	C("space, slash and tilde are not escaped", " /~", "\" /~\""),
	C("well-formed multibyte UTF-8 is copied as-is",
	    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf",
	    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\""),
	C("U+FFFD in the input is copied as-is", FFFD, "\"" FFFD "\""),
	C("a truncated three-byte sequence E1 80 becomes one U+FFFD",
	    "\xe1\x80", "\"" FFFD "\""),
	C("a truncated sequence followed by ASCII keeps the ASCII",
	    "\xe1\x80" "A", "\"" FFFD "A\""),
	C("a lone continuation byte 80 becomes one U+FFFD", "\x80",
	    "\"" FFFD "\""),
	C("overlong C0 AF becomes two U+FFFD", "\xc0\xaf",
	    "\"" FFFD FFFD "\""),
	C("overlong E0 80 AF becomes three U+FFFD", "\xe0\x80\xaf",
	    "\"" FFFD FFFD FFFD "\""),
	C("surrogate ED A0 80 becomes three U+FFFD", "\xed\xa0\x80",
	    "\"" FFFD FFFD FFFD "\""),
	C("F4 90 80 80 (above U+10FFFF) becomes four U+FFFD",
	    "\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""),
	C("a four-byte sequence cut after three bytes becomes one U+FFFD",
	    "\xf0\x9f\x98", "\"" FFFD "\""),
	C("a four-byte sequence cut by ASCII becomes one U+FFFD",
	    "\xf0\x9f\x98" "x", "\"" FFFD "x\""),
	C("F5 and FF each become one U+FFFD", "\xf5\xff",
	    "\"" FFFD FFFD "\""),
	C("two lone continuation bytes become two U+FFFD", "\x80\xbf",
	    "\"" FFFD FFFD "\""),
	C("a two-byte lead before a new lead becomes one U+FFFD",
	    "\xc3\xc3\xa9", "\"" FFFD "\xc3\xa9\""),
	C("a double quote is escaped", "\"", "\"\\\"\""),
	C("a backslash is escaped", "\\", "\"\\\\\""),
	C("newline is escaped as \\n", "\n", "\"\\n\""),
	C("carriage return is escaped as \\r", "\r", "\"\\r\""),
	C("tab is escaped as \\t", "\t", "\"\\t\""),
	C("backspace is escaped as \\b", "\b", "\"\\b\""),
	C("form feed is escaped as \\f", "\f", "\"\\f\""),
	C("NUL is escaped as \\u0000", "\0", "\"\\u0000\""),
	C("0x01 is escaped as \\u0001", "\x01", "\"\\u0001\""),
	C("0x0b (vertical tab) is escaped as \\u000b", "\x0b",
	    "\"\\u000b\""),
	C("0x1b (escape) is escaped as \\u001b", "\x1b", "\"\\u001b\""),
	C("0x1f is escaped as \\u001f", "\x1f", "\"\\u001f\""),
	C("DEL (0x7f) is escaped as \\u007f", "\x7f", "\"\\u007f\""),
	C("U+2028 is escaped as \\u2028", "\xe2\x80\xa8", "\"\\u2028\""),
	C("U+2029 is escaped as \\u2029", "\xe2\x80\xa9", "\"\\u2029\""),
	C("U+2027 and U+202A are copied as-is", "\xe2\x80\xa7\xe2\x80\xaa",
	    "\"\xe2\x80\xa7\xe2\x80\xaa\""),
	C("NUL bytes in the middle of text are escaped and kept",
	    "a\0b\0\0c", "\"a\\u0000b\\u0000\\u0000c\""),
	C("a mix of text, escapes, multibyte and bad bytes",
	    "say \"h\xc3\xa9\"\n\x80\tC:\\x\xe2\x80\xa8\xed\xa0\x80" "end\0",
	    "\"say \\\"h\xc3\xa9\\\"\\n" FFFD "\\tC:\\\\x\\u2028"
	    FFFD FFFD FFFD "end\\u0000\""),
};

/*
 * Reference for the expected decoded text, written differently from
 * jsonw.c: a prefix is kept while the code points it can still reach
 * include a scalar value of its length (Unicode table 3-7 as ranges).
 */
static int
ref_prefix_ok(const unsigned char *s, size_t k)
{
	unsigned long	lo, hi, min, max;
	size_t		len, i;

	if (s[0] < 0x80)
		return k == 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		lo = hi = s[0] & 0x1f;
		min = 0x80;
		max = 0x7ff;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		lo = hi = s[0] & 0x0f;
		min = 0x800;
		max = 0xffff;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		lo = hi = s[0] & 0x07;
		min = 0x10000;
		max = 0x10ffff;
	} else
		return 0;
	if (k > len)
		return 0;
	for (i = 1; i < len; i++) {
		if (i < k) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			lo = lo << 6 | (s[i] & 0x3f);
			hi = hi << 6 | (s[i] & 0x3f);
		} else {
			lo = lo << 6;
			hi = hi << 6 | 0x3f;
		}
	}
	if (hi < min || lo > max)
		return 0;
	/* Not entirely inside the surrogates. */
	return !(lo >= 0xd800 && hi <= 0xdfff);
}

static size_t
ref_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	return 4;
}

/* Decoded text expected from the JSON string for input s. */
static void
ref_sanitize(const unsigned char *s, size_t n, struct buf *out)
{
	size_t	i = 0, k, best;

	while (i < n) {
		best = 0;
		for (k = 1; k <= 4 && i + k <= n; k++)
			if (ref_prefix_ok(s + i, k))
				best = k;
		if (best > 0 && best == ref_len(s[i])) {
			(void)buf_append(out, s + i, best);
			i += best;
		} else {
			(void)buf_append(out, FFFD, 3);
			i += best > 0 ? best : 1;
		}
	}
}

/* Some bytes: random, ASCII, controls, and whole or cut UTF-8. */
static size_t
random_input(unsigned char *s, size_t max, int allow_nul)
{
	static const char *const pieces[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xe0\x80\xaf", "\xc0\xaf", "\"", "\\",
		"\\u0000", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf"
	};
	size_t	n, len, i, plen;
	long	r;

	len = (size_t)(random() % (long)(max + 1));
	for (n = 0; n < len;) {
		r = random() % 8;
		if (r < 3)
			s[n++] = (unsigned char)(random() & 0xff);
		else if (r < 5)
			s[n++] = (unsigned char)(0x20 + random() % 0x5f);
		else if (r < 6)
			s[n++] = (unsigned char)(random() % 0x20);
		else {
			i = (size_t)random() %
			    (sizeof(pieces) / sizeof(pieces[0]));
			plen = strlen(pieces[i]);
			if (r == 6 && plen > 1)
				plen = 1 + (size_t)random() % (plen - 1);
			if (plen > len - n)
				plen = len - n;
			memcpy(s + n, pieces[i], plen);
			n += plen;
		}
	}
	if (!allow_nul)
		for (i = 0; i < n; i++)
			if (s[i] == '\0')
				s[i] = 'N';
	return n;
}

/* Count \u0000 escapes, reading escapes the way a JSON parser does. */
static size_t
count_nul_escapes(const char *s, size_t n)
{
	size_t	i, count = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 >= n)
			continue;
		i++;
		if (s[i] == 'u' && i + 4 < n &&
		    memcmp(s + i + 1, "0000", 4) == 0)
			count++;
	}
	return count;
}

static int
raw_controls(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] == 0x7f)
			return 1;
	return 0;
}

/* Parse out as one JSON string; returns the tree or NULL. */
static cJSON *
parse_string(const struct buf *out)
{
	cJSON		*v;
	const char	*end = NULL;

	v = cJSON_ParseWithLengthOpts(out->data, out->len, &end, 0);
	if (v == NULL)
		return NULL;
	if (!cJSON_IsString(v) || end != out->data + out->len) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

static void
test_property(void)
{
	unsigned char	 in[RANDOM_MAXLEN];
	struct buf	 out = { 0 }, want = { 0 };
	cJSON		*v;
	size_t		 n, nuls, i, cut;
	int		 t, bad_quotes = 0, bad_utf8 = 0, bad_ctl = 0;
	int		 bad_parse = 0, bad_value = 0, bad_nul = 0;
	int		 fails = 0;
	int		 with_nul = 0;

	srandom(1);
	for (t = 0; t < RANDOM_STRINGS; t++) {
		n = random_input(in, sizeof(in), t % 2);
		out.len = 0;
		want.len = 0;
		if (jsonw_string(&out, in, n) == -1) {
			fails++;
			continue;
		}
		if (out.len < 2 || out.data[0] != '"' ||
		    out.data[out.len - 1] != '"') {
			bad_quotes++;
			continue;
		}
		if (!utf8_valid(out.data + 1, out.len - 2))
			bad_utf8++;
		if (raw_controls(out.data, out.len))
			bad_ctl++;
		ref_sanitize(in, n, &want);
		for (nuls = 0, i = 0; i < n; i++)
			nuls += in[i] == '\0';
		if (nuls > 0) {
			with_nul++;
			if (count_nul_escapes(out.data, out.len) != nuls)
				bad_nul++;
		}
		if ((v = parse_string(&out)) == NULL) {
			if (bad_parse++ == 0)
				diag("cJSON refused %s", out.data);
			continue;
		}
		/* cJSON's C string ends at the first \u0000. */
		cut = want.len;
		if (want.data != NULL && nuls > 0)
			cut = strlen(want.data);
		if (strlen(v->valuestring) != cut || (cut > 0 &&
		    memcmp(v->valuestring, want.data, cut) != 0)) {
			if (bad_value++ == 0)
				diag("decoded \"%s\", want \"%.*s\"",
				    v->valuestring, (int)cut, want.data);
		}
		cJSON_Delete(v);
	}
	buf_free(&out);
	buf_free(&want);
	is_int(fails, 0, "random inputs: jsonw_string never fails");
	is_int(bad_quotes, 0, "random inputs: output is always quoted");
	is_int(bad_utf8, 0, "random inputs: output is valid UTF-8");
	is_int(bad_ctl, 0, "random inputs: output holds no raw control byte");
	is_int(bad_parse, 0, "random inputs: cJSON parses the output as one "
	    "string");
	is_int(bad_value, 0, "random inputs: the parsed string is the input "
	    "with each maximal ill-formed subpart replaced by U+FFFD");
	ok(with_nul > 100, "random inputs: many of them hold NUL bytes (%d)",
	    with_nul);
	is_int(bad_nul, 0, "random inputs: each NUL byte comes out as one "
	    "\\u0000 escape");
}

static void
test_big(void)
{
	unsigned char	*in;
	struct buf	 out = { 0 };
	cJSON		*v;
	clock_t		 start;
	size_t		 i;
	int		 rc;

	if ((in = malloc(BIG_INPUT)) == NULL)
		bail("out of memory");
	srandom(2);
	for (i = 0; i < BIG_INPUT; i++)
		in[i] = (unsigned char)(random() & 0xff);
	start = clock();
	rc = jsonw_string(&out, in, BIG_INPUT);
	diag("1 MiB of random bytes took %.3f s",
	    (double)(clock() - start) / CLOCKS_PER_SEC);
	is_int(rc, 0, "1 MiB of random bytes is written");
	ok(out.len >= BIG_INPUT + 2, "1 MiB of random bytes gives at least "
	    "as many output bytes (%zu)", out.len);
	ok(out.len >= 2 && utf8_valid(out.data + 1, out.len - 2),
	    "1 MiB of random bytes gives valid UTF-8");
	v = parse_string(&out);
	ok(v != NULL, "1 MiB of random bytes gives a string cJSON parses");
	cJSON_Delete(v);
	free(in);
	buf_free(&out);
}

int
main(void)
{
	const struct jsonw_case	*c;
	struct buf		 b = { 0 };
	size_t			 i, ncases;

	ncases = sizeof(cases) / sizeof(cases[0]);
	for (i = 0; i < ncases; i++) {
		c = &cases[i];
		b.len = 0;
		if (jsonw_string(&b, c->in, c->inlen) == -1)
			bail("jsonw_string failed on \"%s\"", c->what);
		is_bytes(b.data, b.len, c->want, strlen(c->want), "%s",
		    c->what);
	}

	b.len = 0;
	(void)buf_append(&b, "{\"k\":", 5);
	is_int(jsonw_string(&b, "v", 1), 0, "appending returns 0");
	is_string(b.data, "{\"k\":\"v\"",
	    "jsonw_string appends after what the buffer holds");
	buf_free(&b);

	test_property();
	test_big();
	done_testing();
	return exit_status();
}
