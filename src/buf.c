/* buf.c: growable byte buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define BUF_MIN_CAP	256

int
buf_append(struct buf *b, const void *p, size_t n)
{
	char	*nd;
	size_t	 ncap;

	if (n >= (size_t)-1 / 2 - b->len)
		return -1;
	if (b->len + n + 1 > b->cap) {
		ncap = b->cap < BUF_MIN_CAP ? BUF_MIN_CAP : b->cap;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((nd = realloc(b->data, ncap)) == NULL)
			return -1;
		b->data = nd;
		b->cap = ncap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *big = NULL;
	int	 n, ret;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_append(b, small, (size_t)n);
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	ret = buf_append(b, big, (size_t)n);
	free(big);
	return ret;
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
	} else {
		memmove(b->data, b->data + n, b->len - n);
		b->len -= n;
	}
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

int
buf_undo(struct buf *b, size_t oldlen)
{
	if (b->data != NULL && oldlen <= b->len) {
		b->len = oldlen;
		b->data[b->len] = '\0';
	}
	return -1;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
