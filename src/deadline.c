/* deadline.c: absolute deadlines on the monotonic clock. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <time.h>

#include "deadline.h"

int64_t
deadline_now(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
deadline_in(int64_t ms)
{
	return deadline_now() + ms;
}

int
deadline_left(int64_t d)
{
	int64_t	left = d - deadline_now();

	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

int
deadline_poll(int fd, short events, int64_t deadline)
{
	struct pollfd	pfd;
	int		n;

	pfd.fd = fd;
	pfd.events = events;
	do {
		n = poll(&pfd, 1, deadline_left(deadline));
	} while (n == -1 && errno == EINTR);
	return n;
}
