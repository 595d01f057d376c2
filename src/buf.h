/* buf.h: a growable byte buffer with a hard size bound. */
#ifndef RUNBOX_BUF_H
#define RUNBOX_BUF_H

#include <stddef.h>

struct buf {
	char	*data;	/* NUL-terminated for convenience; may hold NULs */
	size_t	 len;
	size_t	 cap;
};

/*
 * Append n bytes.  Returns 0, or -1 when memory runs out (the buffer is
 * left as it was).  The caller owns the buffer and frees it with buf_free.
 */
int	buf_append(struct buf *, const void *, size_t);
int	buf_appendf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Take the buffer back to its first oldlen bytes (at most its length),
 * as it was before the appends that followed, and keep its NUL.  Returns
 * -1, so that a failed reply writer can end with `return buf_undo(...)`.
 */
int	buf_undo(struct buf *, size_t oldlen);
/* Drop the first n bytes. */
void	buf_consume(struct buf *, size_t);
void	buf_free(struct buf *);

#endif
