/*
 * fuzz-frame: libFuzzer target for the netstring reader.  The input goes
 * through a real socket pair, half-closed, as a client would send it.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deadline.h"
#include "frame.h"

#define FUZZ_MAX	1024	/* max_request_bytes for the run */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err	 e;
	char		*p = NULL;
	size_t		 len;
	int		 sv[2];

	/* The socket buffer holds the whole input, so no writer is needed. */
	if (size > 64 * 1024 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return 0;
	if (size > 0 && write(sv[1], data, size) != (ssize_t)size)
		goto out;
	shutdown(sv[1], SHUT_WR);
	memset(&e, 0, sizeof(e));
	if (frame_read(sv[0], NULL, 0, FUZZ_MAX, deadline_in(100), &p, &len, &e) == 0 &&
	    (len == 0 || len > FUZZ_MAX || p[len] != '\0'))
		__builtin_trap();
	free(p);
out:
	close(sv[0]);
	close(sv[1]);
	return 0;
}
