/* utf8.h: UTF-8 validation. */
#ifndef RUNBOX_UTF8_H
#define RUNBOX_UTF8_H

#include <stddef.h>

/*
 * Length (1..4) of the well-formed UTF-8 sequence at s (n bytes
 * available), or 0 when s does not start one (overlong forms, surrogates
 * U+D800..U+DFFF and code points above U+10FFFF are not well formed).
 */
size_t	utf8_seqlen(const unsigned char *s, size_t n);

/* 1 when all n bytes are well-formed UTF-8, else 0. */
int	utf8_valid(const void *, size_t n);

#endif
