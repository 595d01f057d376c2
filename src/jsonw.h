/* jsonw.h: writing JSON text into a buffer, for replies. */
#ifndef RUNBOX_JSONW_H
#define RUNBOX_JSONW_H

#include <stddef.h>

#include "buf.h"

/*
 * Append s (n bytes, any bytes at all) as a JSON string literal with its
 * quotes: ill-formed UTF-8 is replaced by U+FFFD (one per maximal ill-formed
 * subpart, as Unicode recommends), NUL and other control characters are
 * escaped (\u0000), so the text is always valid JSON.  Returns 0 or -1
 * when out of memory.
 */
int	jsonw_string(struct buf *, const void *s, size_t n);

/*
 * Append ,"name":"..." to b: a member after the first of an object, its
 * value v's bytes as jsonw_string writes them ("" when v is empty).
 * name is written as it is: a literal of the caller's, needing no
 * escape.  Returns 0 or -1 when out of memory.
 */
int	jsonw_field(struct buf *, const char *name, const struct buf *v);

#endif
