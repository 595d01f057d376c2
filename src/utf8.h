/* utf8.h: UTF-8 validation and encoding. */
#ifndef RUNBOX_UTF8_H
#define RUNBOX_UTF8_H

#include <stddef.h>

#define UTF8_MAX	4	/* bytes in the longest sequence */

/*
 * Length (1..4) of the well-formed UTF-8 sequence at s (n bytes
 * available), or 0 when s does not start one (overlong forms, surrogates
 * U+D800..U+DFFF and code points above U+10FFFF are not well formed).
 */
size_t	utf8_seqlen(const unsigned char *s, size_t n);

/* 1 when all n bytes are well-formed UTF-8, else 0. */
int	utf8_valid(const void *, size_t n);

/*
 * Write code point cp as UTF-8 into s, which has room for UTF8_MAX
 * bytes.  Returns the number of bytes written (1..4), or 0 (nothing
 * written) for a surrogate or a value above U+10FFFF.
 */
size_t	utf8_encode(unsigned char *s, unsigned long cp);

#endif
