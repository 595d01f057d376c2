/*
 * rbclient: a small test client.  Sends the bytes of FILE (or stdin) to
 * HOST PORT as one netstring (or as they are with -r, or as the body of
 * an HTTP/1.1 POST with -H), half-closes, reads the reply netstring (the
 * HTTP response with -H) and prints its payload (its body).  Exit 0 when
 * a well-formed reply came back whole, 1 otherwise (a message on stderr
 * says why).
 *
 * usage: rbclient [-kr] [-d MS] [-w MS] [-s SRC] [-P HEADER] [-H PATH]
 *            HOST PORT [FILE]
 *   -k     keep the sending side open (no half-close) while waiting
 *   -s SRC connect from this local address (e.g. 127.0.0.2)
 *   -P HDR send HDR first, as it is (a PROXY header; \r and \n are
 *          written as the two-character escapes and turned into CR, LF)
 *   -r     send the bytes raw, without framing
 *   -H PATH send the bytes as `POST PATH HTTP/1.1` with Host (HOST:PORT),
 *          Content-Type: application/json and Content-Length, and read
 *          the response until the server closes: a well-formed
 *          HTTP/1.1 response with Content-Length, whole, is a reply,
 *          whatever its status (docs/http.md); its body is printed as
 *          a netstring's payload is.  Not with -r.
 *   -d MS  send one byte at a time with MS milliseconds between bytes
 *   -w MS  give up waiting for the reply after MS milliseconds (10000)
 */
#include <sys/socket.h>

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

/* The most digits of a Content-Length taken (2^63 - 1 has 19). */
#define HTTP_LEN_DIGITS	19

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

/* Whether p holds n > 0 bytes, each a decimal digit. */
static int
digits(const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return n > 0;
}

/* The payload of the one netstring in out, or -1 with a message. */
static int
netstring_payload(const struct buf *out, const char **p, size_t *len)
{
	char		*colon;
	unsigned long	 n;

	errno = 0;
	n = strtoul(out->data, &colon, 10);
	if (colon == out->data || *colon != ':' || errno != 0 ||
	    n > out->len || (size_t)(colon - out->data) + 2 + n != out->len) {
		fprintf(stderr, "rbclient: reply is not one netstring: "
		    "%.200s\n", out->data);
		return -1;
	}
	if (colon[1 + n] != ',') {
		fprintf(stderr, "rbclient: reply frame lacks its comma\n");
		return -1;
	}
	*p = colon + 1;
	*len = n;
	return 0;
}

static int
http_bad(const struct buf *out, const char *why)
{
	fprintf(stderr, "rbclient: not a whole HTTP/1.1 response (%s): "
	    "%.200s\n", why, out->data);
	return -1;
}

/*
 * The body of the HTTP/1.1 response in out: a status line, field lines
 * (NAME: VALUE, one of them Content-Length), the empty line, then exactly
 * Content-Length bytes, lines ending in CRLF.  -1 with a message when out
 * holds anything else.
 */
static int
http_payload(const struct buf *out, const char **p, size_t *len)
{
	const char	*line, *eol, *end, *colon, *v, *errstr;
	char		 num[HTTP_LEN_DIGITS + 1];
	long long	 clen = -1;
	size_t		 vlen, blen;

	if (out->len < 13 || memcmp(out->data, "HTTP/1.1 ", 9) != 0 ||
	    !digits(out->data + 9, 3) || out->data[12] != ' ')
		return http_bad(out, "no status line");
	if ((end = memmem(out->data, out->len, "\r\n\r\n", 4)) == NULL)
		return http_bad(out, "the header section does not end");
	/* Each line of [data, end + 2) ends in CRLF, the status line first. */
	line = (const char *)memmem(out->data, out->len, "\r\n", 2) + 2;
	for (; line < end + 2; line = eol + 2) {
		eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
		colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL || colon == line ||
		    memchr(line, ' ', (size_t)(colon - line)) != NULL ||
		    memchr(line, '\t', (size_t)(colon - line)) != NULL)
			return http_bad(out, "a field line is not NAME: VALUE");
		if (colon - line != 14 ||
		    strncasecmp(line, "Content-Length", 14) != 0)
			continue;
		if (clen != -1)
			return http_bad(out, "two Content-Length fields");
		for (v = colon + 1; v < eol && (*v == ' ' || *v == '\t'); v++)
			;
		for (vlen = (size_t)(eol - v); vlen > 0 &&
		    (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'); vlen--)
			;
		if (vlen > HTTP_LEN_DIGITS || !digits(v, vlen))
			return http_bad(out, "Content-Length is not a length");
		memcpy(num, v, vlen);
		num[vlen] = '\0';
		clen = strtonum(num, 0, LLONG_MAX, &errstr);
		if (errstr != NULL)
			return http_bad(out, "Content-Length is not a length");
	}
	if (clen == -1)
		return http_bad(out, "no Content-Length");
	*p = end + 4;
	blen = out->len - (size_t)(*p - out->data);
	if ((unsigned long long)clen != blen) {
		fprintf(stderr, "rbclient: the response's body is %zu bytes, "
		    "its Content-Length says %lld\n", blen, clen);
		return -1;
	}
	*len = blen;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct addrinfo	 hints, *ai = NULL;
	struct buf	 req = { 0 }, head = { 0 }, out = { 0 };
	struct pollfd	 pfd;
	FILE		*in = stdin;
	char		 chunk[65536];
	const char	*payload;
	size_t		 len;
	ssize_t		 n;
	struct addrinfo	*src = NULL;
	const char	*srcaddr = NULL, *prefix = NULL, *path = NULL;
	int		 ch, keep = 0, raw = 0, delay = 0, wait_ms = 10000, fd;
	int		 v6, ret;

	while ((ch = getopt(argc, argv, "krd:w:s:H:P:")) != -1) {
		switch (ch) {
		case 'H':
			path = optarg;
			break;
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
	if (argc < 2 || argc > 3 || (path != NULL && (raw ||
	    path[0] == '\0' || strpbrk(path, " \t\r\n") != NULL)))
		goto usage;
	if (argc == 3 && (in = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	if (readall(in, &req) == -1) {
		perror("read");
		return 1;
	}
	/* What goes before the bytes: the HTTP head, the netstring length. */
	v6 = strchr(argv[0], ':') != NULL;
	if ((path != NULL && buf_appendf(&head, "POST %s HTTP/1.1\r\n"
	    "Host: %s%s%s:%s\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\n\r\n", path, v6 ? "[" : "", argv[0],
	    v6 ? "]" : "", argv[1], req.len) == -1) || (path == NULL &&
	    !raw && buf_appendf(&head, "%zu:", req.len) == -1)) {
		fprintf(stderr, "rbclient: out of memory\n");
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
	if (head.len > 0 && sendall(fd, head.data, head.len, delay) == -1)
		goto sendfail;
	if (sendall(fd, req.data != NULL ? req.data : "", req.len, delay) ==
	    -1 || (!raw && path == NULL && sendall(fd, ",", 1, delay) == -1))
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
	ret = (path != NULL ? http_payload(&out, &payload, &len) :
	    netstring_payload(&out, &payload, &len)) == -1;
	if (ret == 0) {
		fwrite(payload, 1, len, stdout);
		putchar('\n');
	}
	buf_free(&req);
	buf_free(&head);
	buf_free(&out);
	return ret;
usage:
	fprintf(stderr, "usage: rbclient [-kr] [-d MS] [-w MS] [-s SRC] "
	    "[-P HEADER] [-H PATH] HOST PORT [FILE]\n");
	return 2;
}
