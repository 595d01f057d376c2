/*
 * utf8-t.c: unit tests for UTF-8 validation (well-formed per Unicode 3-7)
 * and encoding.
 */
#include <stddef.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

struct utf8_case {
	const char	*what;
	const char	*s;
	size_t		 n;
	size_t		 seqlen;	/* utf8_seqlen at the start */
	int		 valid;		/* utf8_valid over n bytes */
};

#define C(what, lit, seqlen, valid) \
	{ what, lit, sizeof(lit) - 1, seqlen, valid }

static const struct utf8_case cases[] = {
	C("an ASCII letter is one byte", "A", 1, 1),
	C("NUL is a one-byte sequence", "\x00", 1, 1),
	C("DEL (0x7f) is a one-byte sequence", "\x7f", 1, 1),
	C("plain ASCII text", "hello, world", 1, 1),
	C("U+0080 (C2 80) is the smallest two-byte sequence", "\xc2\x80", 2, 1),
	C("U+00E9 (C3 A9) is a two-byte sequence", "\xc3\xa9", 2, 1),
	C("U+07FF (DF BF) is the largest two-byte sequence", "\xdf\xbf", 2, 1),
	C("U+0800 (E0 A0 80) is the smallest three-byte sequence",
	    "\xe0\xa0\x80", 3, 1),
	C("U+20AC (E2 82 AC) is a three-byte sequence", "\xe2\x82\xac", 3, 1),
	C("U+D7FF (ED 9F BF), just below the surrogates, is well formed",
	    "\xed\x9f\xbf", 3, 1),
	C("U+E000 (EE 80 80), just above the surrogates, is well formed",
	    "\xee\x80\x80", 3, 1),
	C("U+FFFF (EF BF BF) is well formed", "\xef\xbf\xbf", 3, 1),
	C("U+10000 (F0 90 80 80) is the smallest four-byte sequence",
	    "\xf0\x90\x80\x80", 4, 1),
	C("U+1F600 (F0 9F 98 80) is a four-byte sequence",
	    "\xf0\x9f\x98\x80", 4, 1),
	C("U+10FFFF (F4 8F BF BF) is the largest code point",
	    "\xf4\x8f\xbf\xbf", 4, 1),
	C("mixed one- to four-byte text is valid",
	    "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 1, 1),
	C("overlong C0 80 is refused", "\xc0\x80", 0, 0),
	C("overlong C1 BF is refused", "\xc1\xbf", 0, 0),
	C("overlong E0 80 80 is refused", "\xe0\x80\x80", 0, 0),
	C("overlong E0 9F BF is refused", "\xe0\x9f\xbf", 0, 0),
	C("overlong F0 80 80 80 is refused", "\xf0\x80\x80\x80", 0, 0),
	C("overlong F0 8F BF BF is refused", "\xf0\x8f\xbf\xbf", 0, 0),
	C("surrogate U+D800 (ED A0 80) is refused", "\xed\xa0\x80", 0, 0),
	C("surrogate U+DFFF (ED BF BF) is refused", "\xed\xbf\xbf", 0, 0),
	C("U+110000 (F4 90 80 80) is refused", "\xf4\x90\x80\x80", 0, 0),
	C("lead byte F5 is refused", "\xf5\x80\x80\x80", 0, 0),
	C("lead byte F8 is refused", "\xf8\x88\x80\x80\x80", 0, 0),
	C("lead byte FE is refused", "\xfe", 0, 0),
	C("byte FF is refused", "\xff", 0, 0),
	C("a lone continuation byte 80 is refused", "\x80", 0, 0),
	C("a lone continuation byte BF is refused", "\xbf", 0, 0),
	C("a two-byte lead at the end of the buffer is refused", "\xc3", 0, 0),
	C("a three-byte sequence cut after two bytes is refused",
	    "\xe2\x82", 0, 0),
	C("a three-byte sequence cut after one byte is refused", "\xe2", 0, 0),
	C("a four-byte sequence cut after three bytes is refused",
	    "\xf0\x9f\x98", 0, 0),
	C("a lead byte followed by ASCII is refused", "\xc3" "A", 0, 0),
	C("a three-byte lead with a non-continuation third byte is refused",
	    "\xe2\x82" "A", 0, 0),
	C("valid text with a truncated sequence at its end is invalid",
	    "ok\xe2\x82", 1, 0),
	C("valid text with a stray continuation byte inside is invalid",
	    "a\x80" "b", 1, 0),
};

struct enc_case {
	unsigned long	 cp;
	const char	*want;
	size_t		 n;		/* 0: cannot be encoded */
};

#define E(cp, lit)	{ cp, lit, sizeof(lit) - 1 }

static const struct enc_case encs[] = {
	E(0x0, "\x00"),
	E(0x41, "A"),
	E(0x7f, "\x7f"),
	E(0x80, "\xc2\x80"),
	E(0xe9, "\xc3\xa9"),
	E(0x7ff, "\xdf\xbf"),
	E(0x800, "\xe0\xa0\x80"),
	E(0x20ac, "\xe2\x82\xac"),
	E(0xd7ff, "\xed\x9f\xbf"),
	E(0xe000, "\xee\x80\x80"),
	E(0xffff, "\xef\xbf\xbf"),
	E(0x10000, "\xf0\x90\x80\x80"),
	E(0x1f600, "\xf0\x9f\x98\x80"),
	E(0x10ffff, "\xf4\x8f\xbf\xbf"),
	{ 0xd800, "", 0 },
	{ 0xdbff, "", 0 },
	{ 0xdc00, "", 0 },
	{ 0xdfff, "", 0 },
	{ 0x110000, "", 0 },
	{ 0xffffffffUL, "", 0 },
};

static void
test_encode(void)
{
	const struct enc_case	*c;
	unsigned char		 out[UTF8_MAX + 1];
	unsigned long		 cp, back, bad = 0;
	size_t			 i, j, n;

	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		c = &encs[i];
		memset(out, 0xaa, sizeof(out));
		n = utf8_encode(out, c->cp);
		if (c->n == 0) {
			ok(n == 0 && out[0] == 0xaa,
			    "utf8_encode refuses U+%04lX and writes nothing",
			    c->cp);
			continue;
		}
		is_bytes(out, n, c->want, c->n, "utf8_encode writes U+%04lX "
		    "as a %zu-byte sequence", c->cp, c->n);
	}
	/* Every scalar value: one well-formed sequence that decodes back. */
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = utf8_encode(out, cp);
		if (n == 0 || utf8_seqlen(out, n) != n) {
			bad++;
			continue;
		}
		back = n == 1 ? out[0] : out[0] & (0x7f >> n);
		for (j = 1; j < n; j++)
			back = back << 6 | (out[j] & 0x3f);
		if (back != cp)
			bad++;
	}
	is_int((long long)bad, 0, "every code point but the surrogates "
	    "encodes to one well-formed sequence that decodes back to it");
}

int
main(void)
{
	const struct utf8_case	*c;
	size_t			 i, ncases;

	ncases = sizeof(cases) / sizeof(cases[0]);
	plan((int)(2 * ncases + 3 +
	    sizeof(encs) / sizeof(encs[0]) + 1));
	for (i = 0; i < ncases; i++) {
		c = &cases[i];
		is_int((long long)utf8_seqlen((const unsigned char *)c->s,
		    c->n), (long long)c->seqlen, "utf8_seqlen: %s", c->what);
		is_int(utf8_valid(c->s, c->n), c->valid, "utf8_valid: %s",
		    c->what);
	}
	is_int((long long)utf8_seqlen((const unsigned char *)"", 0), 0,
	    "utf8_seqlen of an empty buffer is 0");
	is_int(utf8_valid("", 0), 1, "utf8_valid of an empty buffer is 1");
	is_int((long long)utf8_seqlen((const unsigned char *)"\xe2\x82\xac",
	    2), 0, "utf8_seqlen honours n: a sequence past n is not counted");
	test_encode();
	return exit_status();
}
