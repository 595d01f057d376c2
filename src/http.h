/*
 * http.h: one HTTP/1.1 request in and one response out on the client
 * connection (RFC 9112 message syntax, RFC 9110 semantics), for a client
 * that speaks HTTP instead of netstrings.  Requests are tokenized by
 * Debian's http-parser 2.9.4 as built (non-strict); docs/http-transport.md
 * has the table of hostile shapes and what each gets.
 */
#ifndef RUNBOX_HTTP_H
#define RUNBOX_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define HTTP_METHOD_MAX	16	/* bytes of a method name, NUL included */

/* One request, as http_read read it (RFC 9112). */
struct http_request {
	char	 method[HTTP_METHOD_MAX];	/* as sent: "GET", "POST", "PUT", ... */
	char	*target;	/* the request-target as sent (origin form "/run?x=1"), malloc'd, NUL-terminated */
	char	*api_key;	/* X-API-Key's value, NULL when absent */
	char	*authorization;	/* Authorization's value, NULL when absent */
	char	*content_type;	/* NULL when absent */
	char	*accept;	/* NULL when absent */
	char	*body;		/* body_len bytes and a NUL after them; NULL when there is no body */
	size_t	 body_len;
	int	 http_minor;	/* 0 or 1: HTTP/1.0 or HTTP/1.1 */
};

/*
 * Read one request from fd before deadline (monotonic ms, see deadline.h).
 * first holds the nfirst bytes (0 to 8) the caller already read from fd to
 * tell HTTP from a netstring; they are the start of the request.
 * The request line and header fields together are at most max_header
 * bytes; a body only with Content-Length, at most max_body bytes.
 * Returns 0, or -1 with *status the HTTP status code to answer and e set
 * (e->code and a short e->msg saying what was wrong, for the client):
 *   400 ERR_BAD_FRAME   malformed (whatever http-parser refuses: a bad
 *                       request line or header, two Content-Length fields,
 *                       Transfer-Encoding with Content-Length, a NUL, ...),
 *                       or bytes already waiting after the body (one request
 *                       per connection: pipelining or smuggling), or a
 *                       header line runbox reads given twice (X-API-Key,
 *                       Authorization, Content-Type)
 *   408 ERR_READ_TIMEOUT the request did not arrive before deadline
 *   411 ERR_BAD_FRAME   a body without Content-Length (Transfer-Encoding:
 *                       chunked, or any Transfer-Encoding), or a POST
 *                       without Content-Length
 *   413 ERR_TOO_LARGE   Content-Length over max_body: refused as soon as
 *                       the header section is in, before a byte of the body
 *                       is read
 *   417 ERR_BAD_FRAME   an Expect other than 100-continue
 *   431 ERR_TOO_LARGE   the request line and headers pass max_header
 *   505 ERR_BAD_FRAME   not HTTP/1.0 or HTTP/1.1
 * With "Expect: 100-continue" and a body, writes "HTTP/1.1 100 Continue\r\n\r\n"
 * to out_fd before reading the body (curl sends it for bodies over 1 KiB and
 * waits a second for it otherwise); not when the request is refused first.
 * Reads never consume a byte past the end of the request when it is whole
 * (read only what is still missing: the header section byte by byte, or in
 * small chunks with care, and then exactly Content-Length bytes), except
 * to find bytes already waiting after it (a non-blocking check: poll with
 * timeout 0 then a recv/read of 1 byte) for the 400 above.
 * req is zeroed first; on error it holds nothing to free (calling
 * http_request_free on it is harmless).
 *
 * In detail (docs/http-transport.md has the table):
 * - max_header counts every byte before the body: the request line, the
 *   header fields and the empty line that ends them (and any empty lines
 *   http-parser skips before the request line); first's bytes count too.
 *   A section of exactly max_header bytes is read, a longer one is 431
 *   as soon as byte max_header + 1 would be needed, so an overlong
 *   request line is 431 too (not 414).  http-parser's own limit (80 KiB,
 *   global, left as built) is 431 as well.
 * - On a socket the header section is peeked at (recv MSG_PEEK) in chunks
 *   and only the bytes up to its end are consumed; on a pipe it is read a
 *   byte at a time.  The body is read exactly.
 * - Line ends: CRLF or a bare LF (RFC 9112, 2.2 lets a recipient accept
 *   LF alone); a CR not followed by LF is 400.  A header line that starts
 *   with a space or tab (obs-fold, or whitespace before the first field)
 *   is 400 (RFC 9112, 5.2).  A header name must be a token: whitespace
 *   before the colon ("Content-Length : 5") is 400 (RFC 9112, 5.1).
 * - Names are compared case-insensitively; values lose leading and
 *   trailing spaces and tabs (RFC 9110, 5.5) and are kept as bytes
 *   (obs-text included); a field given with an empty value is "".
 *   Accept given twice is joined with ", " (RFC 9110, 5.3).
 * - An HTTP/1.1 request without Host, or any request with two, is 400
 *   (RFC 9112, 3.2).
 * - The request-target is any form http-parser accepts (origin,
 *   absolute "http://host/run", authority for CONNECT, "*"), as sent;
 *   control characters in it (tab, form feed, which non-strict
 *   http-parser lets through) are 400; bytes over 0x7f pass.
 * - Any method http-parser knows is read (routing answers 405); an
 *   unknown token, or one in lower case, is 400; so is the HTTP/2
 *   preface ("PRI * HTTP/2.0": PRI is no method to http-parser 2.9).
 *   A well-formed version other than 1.0 and 1.1 ("HTTP/2.0", "HTTP/1.9",
 *   a request line without a version, which is HTTP/0.9) is 505; a
 *   malformed one ("HTTP/10.0") is 400.
 * - Expect: 100-continue is honoured only in HTTP/1.1 and only with a
 *   body (Content-Length above 0); HTTP/1.0 ignores it (RFC 9110,
 *   10.1.1).  The 100 is written after every check of the header section
 *   passed, so never before a 413.  Upgrade (h2c, websocket) is ignored.
 * - Also: 400 when the connection closes before the request is whole,
 *   and 500 ERR_INTERNAL when memory runs out or poll fails.
 */
int	http_read(int fd, int out_fd, const char *first, size_t nfirst,
	    size_t max_header, size_t max_body, int64_t deadline,
	    struct http_request *req, int *status, struct err *e);

/* Free what http_read allocated, and wipe api_key and authorization (secrets: explicit_bzero). */
void	http_request_free(struct http_request *);

/*
 * Write one response to fd before deadline: the status line "HTTP/1.1
 * status reason", then Content-Type (content_type), Content-Length (len),
 * Connection: close, Cache-Control: no-store, X-Content-Type-Options:
 * nosniff, each line of extra ("Name: value", a NULL-terminated array, NULL
 * for none; e.g. "Retry-After: 2", a Content-Security-Policy), a blank
 * line and the body (len bytes; head_only: the headers alone, for HEAD).
 * Works on sockets and pipes without blocking past the deadline and without
 * SIGPIPE (reuse what frame_write does in src/frame.c; factor a shared
 * write-all helper out of frame.c rather than copying it).  Returns 0, or
 * -1 with errno set (ETIMEDOUT at the deadline).
 *
 * Lines end in CRLF (RFC 9112, 2.1).  content_type NULL leaves the
 * Content-Type line out.  EINVAL, before a byte is written: status
 * outside 100-599, a CR or LF in content_type or in an extra line (a
 * response split), an empty extra line, or a NULL body with len above 0
 * when the body is to be written.  A body up to 64 KiB goes out in the
 * same write as the head, so that a small answer is one segment.
 */
int	http_write(int fd, int status, const char *content_type,
	    const char *const extra[], const char *body, size_t len,
	    int head_only, int64_t deadline);

/* The reason phrase of a status code (RFC 9110, section 15): "OK", "Not Found", ...; "Unknown" for others. */
const char *http_reason(int status);

#endif
