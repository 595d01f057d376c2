/* deadline.h: absolute deadlines on the monotonic clock, in milliseconds. */
#ifndef RUNBOX_DEADLINE_H
#define RUNBOX_DEADLINE_H

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t	deadline_now(void);
/* The monotonic time ms milliseconds from now. */
int64_t	deadline_in(int64_t ms);
/* Milliseconds left until deadline d, 0 when it has passed, capped to int. */
int	deadline_left(int64_t d);

#endif
