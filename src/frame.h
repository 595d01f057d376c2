/* frame.h: netstrings on the client connection (docs/protocol.md, Framing). */
#ifndef RUNBOX_FRAME_H
#define RUNBOX_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/*
 * Read one netstring from fd before the monotonic deadline (see
 * deadline.h), whose first nfirst bytes the caller read already (to tell
 * a netstring from HTTP: main.c) and passes in first.  The length is checked against max before a byte of the
 * payload is read (ERR_TOO_LARGE at once); the digits are read one byte
 * at a time and the payload exactly, so nothing past the comma is
 * consumed and EOF is never waited for.  Bytes already waiting after the
 * comma are ERR_BAD_FRAME.  Other errors: ERR_BAD_FRAME (not a netstring,
 * empty, EOF inside the frame), ERR_READ_TIMEOUT.  On success *payload
 * is a malloc'd, NUL-terminated copy of *len bytes that the caller frees.
 */
int	frame_read(int fd, const char *first, size_t nfirst, size_t max,
	    int64_t deadline, char **payload, size_t *len, struct err *);

/*
 * Read at most n bytes without blocking past the deadline: poll, then
 * read (a read after POLLIN returns at once on sockets and pipes alike),
 * so nothing past what is asked for leaves the socket.  Returns the
 * count, 0 at EOF, or -1 with *code: ERR_READ_TIMEOUT at the deadline,
 * ERR_BAD_FRAME when the connection failed, ERR_INTERNAL.
 */
ssize_t	frame_readsome(int fd, void *, size_t n, int64_t deadline,
	    enum err_code *code);

/*
 * Write the n bytes at p to fd before the monotonic deadline: a socket
 * with send(MSG_DONTWAIT | MSG_NOSIGNAL), so no SIGPIPE and no blocking
 * past the deadline; a pipe a page at a time after POLLOUT (where a
 * closed reader raises SIGPIPE unless the caller ignores it, as main.c
 * does).  Shared by the netstring and HTTP writers.  Returns 0, or -1
 * with errno set (ETIMEDOUT at the deadline, EPIPE when the peer left).
 */
int	frame_writeall(int fd, const void *p, size_t n, int64_t deadline);

/*
 * Write payload as one netstring to fd before the deadline.  Works on
 * sockets and pipes without blocking past the deadline and without
 * SIGPIPE.  Returns 0, or -1 with errno set (ETIMEDOUT at the deadline).
 */
int	frame_write(int fd, const char *payload, size_t len, int64_t deadline);

/*
 * After the reply: read and discard what the client may still be sending
 * (the payload of a too_large request, say) until it closes its side, the
 * deadline passes or max bytes went by.  Closing a socket with unread
 * bytes makes the kernel send a reset, which can destroy the reply before
 * the client has read it.
 */
void	frame_drain(int fd, int64_t deadline, size_t max);

#endif
