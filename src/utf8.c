/*
 * utf8.c: UTF-8 validation (well-formed sequences per Unicode table 3-7)
 * and encoding.
 */
#include "utf8.h"

size_t
utf8_seqlen(const unsigned char *s, size_t n)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0)
		len = 2;
	else if (s[0] < 0xf0) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] < 0xf5) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (n < 2 || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (i >= n || s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int
utf8_valid(const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i = 0, len;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_seqlen(s + i, n - i)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

size_t
utf8_encode(unsigned char *s, unsigned long cp)
{
	if (cp < 0x80) {
		s[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = 0xc0 | cp >> 6;
		s[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		s[0] = 0xe0 | cp >> 12;
		s[1] = 0x80 | (cp >> 6 & 0x3f);
		s[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	s[0] = 0xf0 | cp >> 18;
	s[1] = 0x80 | (cp >> 12 & 0x3f);
	s[2] = 0x80 | (cp >> 6 & 0x3f);
	s[3] = 0x80 | (cp & 0x3f);
	return 4;
}
