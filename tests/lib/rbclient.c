/*
 * rbclient: a small test client.  Sends the bytes of FILE (or stdin) to
 * HOST PORT as one netstring (or as they are with -r), half-closes, reads
 * the reply netstring and prints its payload.  Exit 0 when a well-formed
 * reply frame came back, 1 otherwise (a message on stderr says why).
 *
 * usage: rbclient [-kr] [-d MS] [-w MS] [-s SRC] [-P HEADER] HOST PORT [FILE]
 *   -k     keep the sending side open (no half-close) while waiting
 *   -s SRC connect from this local address (e.g. 127.0.0.2)
 *   -P HDR send HDR first, as it is (a PROXY header; \r and \n are
 *          written as the two-character escapes and turned into CR, LF)
 *   -r     send the bytes raw, without framing
 *   -d MS  send one byte at a time with MS milliseconds between bytes
 *   -w MS  give up waiting for the reply after MS milliseconds (10000)
 */
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

static int
readall(FILE *f, struct buf *b)
{
	char	chunk[65536];
	size_t	n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n) == -1)
			return -1;
	return ferror(f) ? -1 : 0;
}

/* Copy s to out turning the escapes \r and \n into CR and LF. */
static size_t
unescape(const char *s, char *out, size_t size)
{
	size_t	n = 0;

	for (; *s != '\0' && n < size; s++) {
		if (s[0] == '\\' && (s[1] == 'r' || s[1] == 'n')) {
			out[n++] = s[1] == 'r' ? '\r' : '\n';
			s++;
		} else
			out[n++] = *s;
	}
	return n;
}

static int
sendall(int fd, const char *p, size_t n, int delay_ms)
{
	struct timespec	ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };
	ssize_t		w;

	while (n > 0) {
		w = send(fd, p, delay_ms > 0 ? 1 : n, MSG_NOSIGNAL);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		if (delay_ms > 0)
			nanosleep(&ts, NULL);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct addrinfo	 hints, *ai = NULL;
	struct buf	 req = { 0 }, out = { 0 };
	struct pollfd	 pfd;
	FILE		*in = stdin;
	char		 chunk[65536], *colon, *end;
	unsigned long	 len;
	ssize_t		 n;
	struct addrinfo	*src = NULL;
	const char	*srcaddr = NULL, *prefix = NULL;
	int		 ch, keep = 0, raw = 0, delay = 0, wait_ms = 10000, fd;

	while ((ch = getopt(argc, argv, "krd:w:s:P:")) != -1) {
		switch (ch) {
		case 's':
			srcaddr = optarg;
			break;
		case 'P':
			prefix = optarg;
			break;
		case 'k':
			keep = 1;
			break;
		case 'r':
			raw = 1;
			break;
		case 'd':
			delay = atoi(optarg);
			break;
		case 'w':
			wait_ms = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || argc > 3)
		goto usage;
	if (argc == 3 && (in = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	if (readall(in, &req) == -1) {
		perror("read");
		return 1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(argv[0], argv[1], &hints, &ai) != 0) {
		fprintf(stderr, "rbclient: cannot resolve %s\n", argv[0]);
		return 1;
	}
	if ((fd = socket(ai->ai_family, SOCK_STREAM, 0)) == -1) {
		perror("rbclient: socket");
		return 1;
	}
	if (srcaddr != NULL && (getaddrinfo(srcaddr, NULL, &hints, &src) != 0 ||
	    bind(fd, src->ai_addr, src->ai_addrlen) == -1)) {
		fprintf(stderr, "rbclient: cannot bind to %s\n", srcaddr);
		return 1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		perror("rbclient: connect");
		return 1;
	}
	freeaddrinfo(ai);
	if (src != NULL)
		freeaddrinfo(src);
	if (prefix != NULL && sendall(fd, chunk, unescape(prefix, chunk,
	    sizeof(chunk)), delay) == -1)
		goto sendfail;
	if (!raw) {
		n = snprintf(chunk, sizeof(chunk), "%zu:", req.len);
		if (sendall(fd, chunk, (size_t)n, delay) == -1)
			goto sendfail;
	}
	if (sendall(fd, req.data != NULL ? req.data : "", req.len, delay) ==
	    -1 || (!raw && sendall(fd, ",", 1, delay) == -1))
		goto sendfail;
	if (!keep)
		shutdown(fd, SHUT_WR);
	goto reply;
sendfail:
	/*
	 * The server may answer (too_large, read_timeout, ...) and close
	 * before it has all the bytes: its reply is still to be read.
	 */
	if (errno != EPIPE && errno != ECONNRESET) {
		perror("rbclient: send");
		return 1;
	}
	fprintf(stderr, "rbclient: the server stopped reading: %s\n",
	    strerror(errno));
reply:

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if (poll(&pfd, 1, wait_ms) != 1) {
			fprintf(stderr, "rbclient: no reply in %d ms\n", wait_ms);
			return 1;
		}
		if ((n = read(fd, chunk, sizeof(chunk))) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf_append(&out, chunk, (size_t)n) == -1)
			return 1;
	}
	if (out.len == 0) {
		fprintf(stderr, "rbclient: connection closed without a reply\n");
		return 1;
	}
	errno = 0;
	len = strtoul(out.data, &colon, 10);
	if (colon == out.data || *colon != ':' || errno != 0 ||
	    len > out.len || (size_t)(colon - out.data) + 2 + len != out.len) {
		fprintf(stderr, "rbclient: reply is not one netstring: %.200s\n",
		    out.data);
		return 1;
	}
	end = colon + 1 + len;
	if (*end != ',') {
		fprintf(stderr, "rbclient: reply frame lacks its comma\n");
		return 1;
	}
	fwrite(colon + 1, 1, len, stdout);
	putchar('\n');
	buf_free(&req);
	buf_free(&out);
	return 0;
usage:
	fprintf(stderr, "usage: rbclient [-kr] [-d MS] [-w MS] [-s SRC] "
	    "[-P HEADER] HOST PORT [FILE]\n");
	return 2;
}
