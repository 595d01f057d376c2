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

/*
 * Wait until fd is ready for events (POLLIN, POLLOUT) or the deadline
 * passes, retrying on EINTR.  Returns 1 when ready, 0 at the deadline,
 * -1 on error.
 */
int	deadline_poll(int fd, short events, int64_t deadline);

#endif
