/* proxy-t: the PROXY protocol v1 and v2 parsers and the header reader. */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"
#include "proxy.h"
#include "tap.h"

#define REST		"5:hello,"
#define SLOW_MS		200	/* the deadline of the timeout tests */
#define PATIENT_MS	5000	/* a deadline no passing test should reach */

/* The longest valid line, 107 bytes with the CRLF (the spec's example). */
#define FFFF6	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
#define V1_LONGEST	"PROXY UNKNOWN " FFFF6 " " FFFF6 " 65535 65535\r\n"

struct v1 {
	const char	*line;
	int		 ok;
	enum proxy_kind	 kind;
	const char	*src;		/* when ok and PROXY_CLIENT */
	int		 family;
	const char	*what;
};

static const struct v1 v1[] = {
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n", 1,
	  PROXY_CLIENT, "192.0.2.7", AF_INET,
	  "a TCP4 line names the IPv4 client" },
	{ "PROXY TCP6 2001:db8::7 2001:db8::1 56324 443\r\n", 1,
	  PROXY_CLIENT, "2001:db8::7", AF_INET6,
	  "a TCP6 line names the IPv6 client" },
	{ "PROXY TCP6 ::ffff:10.1.2.3 2001:db8::1 1 2\r\n", 1,
	  PROXY_CLIENT, "10.1.2.3", AF_INET,
	  "a mapped TCP6 source becomes IPv4" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 0 65535\r\n", 1,
	  PROXY_CLIENT, "192.0.2.7", AF_INET,
	  "ports 0 and 65535 are accepted" },
	{ "PROXY TCP6 " FFFF6 " " FFFF6 " 65535 65535\r\n", 1,
	  PROXY_CLIENT, FFFF6, AF_INET6,
	  "the longest TCP6 line is accepted" },
	{ "PROXY UNKNOWN\r\n", 1, PROXY_LOCAL, NULL, 0,
	  "UNKNOWN alone is the proxy's own connection" },
	{ "PROXY UNKNOWN 192.0.2.7 whatever follows\r\n", 1, PROXY_LOCAL,
	  NULL, 0, "UNKNOWN ignores the rest of the line" },
	{ V1_LONGEST, 1, PROXY_LOCAL, NULL, 0,
	  "a 107-byte UNKNOWN line is accepted" },

	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443", 0, 0, NULL, 0,
	  "a line without CRLF is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324\r\n", 0, 0, NULL, 0,
	  "a line without the destination port is refused" },
	{ "PROXY TCP4 192.0.2.7\r\n", 0, 0, NULL, 0,
	  "a line with only the source is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\n", 0, 0, NULL, 0,
	  "a line ending in LF without CR is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r", 0, 0, NULL, 0,
	  "a line ending in CR without LF is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443 80\r\n", 0, 0, NULL, 0,
	  "a line with an extra field is refused" },
	{ "PROXY  TCP4 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "two spaces after PROXY are refused" },
	{ "PROXY TCP4 192.0.2.7  198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "two spaces between the addresses are refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443 \r\n", 0, 0, NULL, 0,
	  "a trailing space is refused" },
	{ " PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "a leading space is refused" },
	{ "PROXY\tTCP4 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "a tab for a space is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 65536 443\r\n", 0, 0, NULL, 0,
	  "port 65536 is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 -1 443\r\n", 0, 0, NULL, 0,
	  "port -1 is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 +1 443\r\n", 0, 0, NULL, 0,
	  "port +1 is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 01 443\r\n", 0, 0, NULL, 0,
	  "port 01 (a leading zero) is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 56324 00\r\n", 0, 0, NULL, 0,
	  "destination port 00 is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 100000 443\r\n", 0, 0, NULL, 0,
	  "a six-digit port is refused" },
	{ "PROXY TCP4 192.0.2.7 198.51.100.1 0x50 443\r\n", 0, 0, NULL, 0,
	  "a hexadecimal port is refused" },
	{ "PROXY TCP4 2001:db8::7 2001:db8::1 56324 443\r\n", 0, 0, NULL, 0,
	  "TCP4 with IPv6 addresses is refused" },
	{ "PROXY TCP6 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "TCP6 with IPv4 addresses is refused" },
	{ "PROXY TCP4 192.0.2.7 2001:db8::1 56324 443\r\n", 0, 0, NULL, 0,
	  "TCP4 with an IPv6 destination is refused" },
	{ "PROXY TCP4 192.0.2 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "a three-part IPv4 address is refused" },
	{ "PROXY TCP4 192.0.2.256 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "an IPv4 octet over 255 is refused" },
	{ "PROXY TCP4 localhost 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "a host name for an address is refused" },
	{ "PROXY UDP4 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "an unknown protocol (UDP4) is refused" },
	{ "PROXY tcp4 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "a lowercase protocol is refused" },
	{ "proxy TCP4 192.0.2.7 198.51.100.1 56324 443\r\n", 0, 0, NULL, 0,
	  "a lowercase PROXY is refused" },
	{ "PROXY UNKNOWNX\r\n", 0, 0, NULL, 0,
	  "UNKNOWN glued to more letters is refused" },
	{ "PROXY UNKNOWN " FFFF6 " " FFFF6 " 65535 655350\r\n", 0, 0, NULL,
	  0, "a 108-byte line is refused as oversized" },
	{ "GET / HTTP/1.0\r\n", 0, 0, NULL, 0, "an HTTP request is refused" },
	{ "5:hello,", 0, 0, NULL, 0, "a netstring is refused" },
	{ "PROXY", 0, 0, NULL, 0, "\"PROXY\" alone is refused" },
	{ "PROXY\r\n", 0, 0, NULL, 0, "\"PROXY\" and CRLF are refused" },
	{ "PROXY \r\n", 0, 0, NULL, 0, "\"PROXY \" and CRLF are refused" },
	{ "\r\n", 0, 0, NULL, 0, "an empty line is refused" },
	{ "", 0, 0, NULL, 0, "no bytes at all are refused" },
};

static void
test_v1(void)
{
	const struct v1	*t;
	enum proxy_kind	 kind;
	struct addr	 a;
	struct err	 e;
	char		 text[ADDR_TEXT_MAX];
	size_t		 i;
	int		 r;

	is_int(strlen(V1_LONGEST), PROXY_V1_MAX,
	    "the longest line of the spec is PROXY_V1_MAX bytes");
	for (i = 0; i < sizeof(v1) / sizeof(v1[0]); i++) {
		t = &v1[i];
		memset(&e, 0, sizeof(e));
		r = proxy_parse_v1(t->line, strlen(t->line), &kind, &a, &e);
		if (!t->ok) {
			ok(r == -1 && e.code == ERR_BAD_FRAME, "v1: %s",
			    t->what);
			continue;
		}
		if (!ok(r == 0 && kind == t->kind, "v1: %s", t->what)) {
			diag("returned %d: %s", r, e.msg);
			continue;
		}
		if (t->kind == PROXY_CLIENT) {
			addr_format(&a, text, sizeof(text));
			is_string(text, t->src, "v1: the client of \"%.20s...\" "
			    "is %s", t->line, t->src);
			is_int(a.family, t->family,
			    "v1: the client %s has the right family", t->src);
		}
	}
}

static void
test_v1_bytes(void)
{
	static const char	 nul[] =
	    "PROXY TCP4 192.0.2.7\0198.51.100.1 56324 443\r\n";
	static const char	 cr[] =
	    "PROXY TCP4 192.0.2.7\r198.51.100.1 56324 443\r\n";
	char			 big[PROXY_V1_MAX + 16];
	enum proxy_kind		 kind;
	struct addr		 a;
	struct err		 e;

	is_int(proxy_parse_v1(nul, sizeof(nul) - 1, &kind, &a, &e), -1,
	    "v1: a NUL byte inside the line is refused");
	is_int(proxy_parse_v1(cr, sizeof(cr) - 1, &kind, &a, &e), -1,
	    "v1: a CR inside the line is refused");

	/* A valid line longer than PROXY_V1_MAX only by spaces in UNKNOWN. */
	memset(big, ' ', sizeof(big));
	memcpy(big, "PROXY UNKNOWN", 13);
	memcpy(big + PROXY_V1_MAX - 1, "\r\n", 2);
	is_int(proxy_parse_v1(big, PROXY_V1_MAX + 1, &kind, &a, &e), -1,
	    "v1: a %d-byte line is refused", PROXY_V1_MAX + 1);
	is_int(e.code, ERR_BAD_FRAME, "v1: an oversized line is bad_frame");
	is_string(e.msg, "PROXY v1 header too long",
	    "v1: an oversized line says the header is too long");
}

static const uint8_t	sig[12] = {
    0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a };

/* An IPv4 block: 192.0.2.7 -> 198.51.100.1, 56324 -> 443. */
static const uint8_t	ip4[12] = {
    192, 0, 2, 7, 198, 51, 100, 1, 0xdc, 0x04, 0x01, 0xbb };

/* An IPv6 block: 2001:db8::7 -> 2001:db8::1. */
static const uint8_t	ip6[36] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7,
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0xdc, 0x04, 0x01, 0xbb };

/* ::ffff:10.1.2.3 -> ::1. */
static const uint8_t	mapped6[36] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0xdc, 0x04, 0x01, 0xbb };

/* A NOOP TLV and an AUTHORITY TLV. */
static const uint8_t	tlvs[] = {
    0x04, 0x00, 0x02, 0xaa, 0xbb,
    0x02, 0x00, 0x0b, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'o', 'r', 'g' };

/*
 * Build a v2 header in out: the signature, ver_cmd, fam, the declared
 * length, then n bytes of body (zeros when body is NULL).  Returns the
 * header's size.
 */
static size_t
v2(uint8_t *out, uint8_t ver_cmd, uint8_t fam, size_t declared,
    const uint8_t *body, size_t n)
{
	memcpy(out, sig, sizeof(sig));
	out[12] = ver_cmd;
	out[13] = fam;
	out[14] = (uint8_t)(declared >> 8);
	out[15] = (uint8_t)declared;
	if (body != NULL)
		memcpy(out + PROXY_V2_HEAD, body, n);
	else
		memset(out + PROXY_V2_HEAD, 0, n);
	return PROXY_V2_HEAD + n;
}

static void
v2_good(const uint8_t *h, size_t len, enum proxy_kind want, const char *src,
    const char *what)
{
	enum proxy_kind	kind;
	struct addr	a;
	struct err	e;
	char		text[ADDR_TEXT_MAX];
	int		r;

	memset(&e, 0, sizeof(e));
	r = proxy_parse_v2(h, len, &kind, &a, &e);
	if (!ok(r == 0 && kind == want, "v2: %s", what)) {
		diag("returned %d: %s", r, e.msg);
		return;
	}
	if (src != NULL) {
		addr_format(&a, text, sizeof(text));
		is_string(text, src, "v2: the client is %s (%s)", src, what);
	}
}

static void
v2_bad(const uint8_t *h, size_t len, const char *msg, const char *what)
{
	enum proxy_kind	kind;
	struct addr	a;
	struct err	e;
	int		r;

	memset(&e, 0, sizeof(e));
	r = proxy_parse_v2(h, len, &kind, &a, &e);
	ok(r == -1 && e.code == ERR_BAD_FRAME, "v2: %s", what);
	if (msg != NULL)
		is_string(e.msg, msg, "v2: the message says why (%s)", what);
}

static void
test_v2(void)
{
	uint8_t		h[PROXY_V2_HEAD + PROXY_V2_MAX_BODY + 64];
	uint8_t		body[PROXY_V2_MAX_BODY + 64];
	struct addr	a;
	size_t		n;

	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	v2_good(h, n, PROXY_CLIENT, "192.0.2.7", "a TCP over IPv4 header");
	n = v2(h, 0x21, 0x21, 36, ip6, 36);
	v2_good(h, n, PROXY_CLIENT, "2001:db8::7", "a TCP over IPv6 header");
	proxy_parse_v2(h, n, &(enum proxy_kind){ 0 }, &a,
	    &(struct err){ 0 });
	is_int(a.family, AF_INET6, "v2: the IPv6 client is AF_INET6");
	n = v2(h, 0x21, 0x21, 36, mapped6, 36);
	v2_good(h, n, PROXY_CLIENT, "10.1.2.3",
	    "a mapped IPv6 source becomes IPv4");
	proxy_parse_v2(h, n, &(enum proxy_kind){ 0 }, &a,
	    &(struct err){ 0 });
	is_int(a.family, AF_INET, "v2: the mapped client is AF_INET");

	n = v2(h, 0x20, 0x00, 0, NULL, 0);
	v2_good(h, n, PROXY_LOCAL, NULL, "a LOCAL header is the proxy's own");
	n = v2(h, 0x20, 0x11, 12, ip4, 12);
	v2_good(h, n, PROXY_LOCAL, NULL,
	    "LOCAL with IPv4 addresses is still the proxy's own");
	n = v2(h, 0x20, 0x12, 0, NULL, 0);
	v2_good(h, n, PROXY_LOCAL, NULL,
	    "LOCAL ignores the family, even UDP");
	n = v2(h, 0x21, 0x00, 0, NULL, 0);
	v2_good(h, n, PROXY_LOCAL, NULL,
	    "PROXY over UNSPEC is treated as the proxy's own");
	n = v2(h, 0x21, 0x31, 216, NULL, 216);
	v2_good(h, n, PROXY_LOCAL, NULL,
	    "PROXY over a UNIX stream is treated as the proxy's own");

	memcpy(body, ip4, 12);
	memcpy(body + 12, tlvs, sizeof(tlvs));
	n = v2(h, 0x21, 0x11, 12 + sizeof(tlvs), body, 12 + sizeof(tlvs));
	v2_good(h, n, PROXY_CLIENT, "192.0.2.7",
	    "TLVs after the IPv4 addresses are skipped");
	memcpy(body, ip6, 36);
	memcpy(body + 36, tlvs, sizeof(tlvs));
	n = v2(h, 0x21, 0x21, 36 + sizeof(tlvs), body, 36 + sizeof(tlvs));
	v2_good(h, n, PROXY_CLIENT, "2001:db8::7",
	    "TLVs after the IPv6 addresses are skipped");
	n = v2(h, 0x21, 0x11, PROXY_V2_MAX_BODY, ip4, 12);
	memset(h + PROXY_V2_HEAD + 12, 0, PROXY_V2_MAX_BODY - 12);
	n = PROXY_V2_HEAD + PROXY_V2_MAX_BODY;
	v2_good(h, n, PROXY_CLIENT, "192.0.2.7",
	    "a body of exactly PROXY_V2_MAX_BODY bytes is accepted");

	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	h[11] ^= 0xff;
	v2_bad(h, n, "PROXY v2 header has a wrong signature",
	    "a wrong signature is refused");
	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	h[4] = 0x01;
	v2_bad(h, n, NULL, "a wrong byte inside the signature is refused");
	n = v2(h, 0x11, 0x11, 12, ip4, 12);
	v2_bad(h, n, NULL, "version 1 in the version byte is refused");
	n = v2(h, 0x31, 0x11, 12, ip4, 12);
	v2_bad(h, n, NULL, "version 3 is refused");
	n = v2(h, 0x01, 0x11, 12, ip4, 12);
	v2_bad(h, n, NULL, "version 0 is refused");
	n = v2(h, 0x22, 0x11, 12, ip4, 12);
	v2_bad(h, n, NULL, "command 2 is refused");
	n = v2(h, 0x2f, 0x11, 12, ip4, 12);
	v2_bad(h, n, NULL, "command 15 is refused");
	n = v2(h, 0x21, 0x12, 12, ip4, 12);
	v2_bad(h, n, NULL, "UDP over IPv4 is refused");
	n = v2(h, 0x21, 0x22, 36, ip6, 36);
	v2_bad(h, n, NULL, "UDP over IPv6 is refused");
	n = v2(h, 0x21, 0x32, 216, NULL, 216);
	v2_bad(h, n, NULL, "a UNIX datagram socket is refused");
	n = v2(h, 0x21, 0x41, 12, ip4, 12);
	v2_bad(h, n, NULL, "an unknown family is refused");
	n = v2(h, 0x21, 0x13, 12, ip4, 12);
	v2_bad(h, n, NULL, "an unknown transport is refused");
	n = v2(h, 0x21, 0x11, 11, ip4, 11);
	v2_bad(h, n, "PROXY v2 header shorter than its address block",
	    "a length of 11 for IPv4 is refused");
	n = v2(h, 0x21, 0x11, 0, NULL, 0);
	v2_bad(h, n, NULL, "a length of 0 for IPv4 is refused");
	n = v2(h, 0x21, 0x21, 35, ip6, 35);
	v2_bad(h, n, NULL, "a length of 35 for IPv6 is refused");
	n = v2(h, 0x21, 0x21, 12, ip6, 12);
	v2_bad(h, n, NULL, "an IPv4-sized block for IPv6 is refused");
	n = v2(h, 0x21, 0x31, 215, NULL, 215);
	v2_bad(h, n, NULL, "a length of 215 for UNIX is refused");
	n = v2(h, 0x21, 0x11, PROXY_V2_MAX_BODY + 1, NULL,
	    PROXY_V2_MAX_BODY + 1);
	memcpy(h + PROXY_V2_HEAD, ip4, 12);
	v2_bad(h, n, "PROXY v2 header too long",
	    "a length over PROXY_V2_MAX_BODY is refused");
	n = v2(h, 0x21, 0x11, 0xffff, ip4, 12);
	v2_bad(h, n, "PROXY v2 header too long",
	    "a declared length of 65535 is refused");
	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	v2_bad(h, 15, "PROXY v2 header truncated",
	    "a 15-byte header is refused");
	v2_bad(h, 0, NULL, "an empty header is refused");
	v2_bad(h, n - 1, NULL, "a body one byte short is refused");
	memcpy(body, ip4, 12);
	body[12] = 0;
	n = v2(h, 0x21, 0x11, 12, body, 13);
	v2_bad(h, n, NULL, "a body one byte longer than declared is refused");
}

/* A connected pair; fd 0 is ours, fd 1 the peer's. */
static void
pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		bail("socketpair: %s", strerror(errno));
}

static void
put(int fd, const void *p, size_t n)
{
	if (n > 0 && write(fd, p, n) != (ssize_t)n)
		bail("write: %s", strerror(errno));
}

/* Read what is left on fd until EOF (the peer has closed). */
static size_t
drain(int fd, char *buf, size_t size)
{
	struct pollfd	pfd;
	size_t		off = 0;
	ssize_t		r;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (off < size) {
		if (poll(&pfd, 1, PATIENT_MS) != 1)
			bail("drain: nothing to read");
		if ((r = read(fd, buf + off, size - off)) == -1)
			bail("drain: read: %s", strerror(errno));
		if (r == 0)
			break;
		off += (size_t)r;
	}
	return off;
}

/*
 * Send bytes (and REST after them when rest is set) to proxy_read over a
 * socketpair whose writer is then closed; check the result and that
 * exactly REST is left on the socket.
 */
static void
read_then_rest(const void *bytes, size_t n, int want, enum proxy_kind wkind,
    const char *src, const char *what)
{
	enum proxy_kind	kind;
	struct addr	a;
	struct err	e;
	char		text[ADDR_TEXT_MAX], rest[64];
	size_t		got;
	int		sv[2], r;

	pair(sv);
	put(sv[1], bytes, n);
	put(sv[1], REST, strlen(REST));
	close(sv[1]);
	memset(&e, 0, sizeof(e));
	r = proxy_read(sv[0], deadline_in(PATIENT_MS), &kind, &a, &e);
	if (want == 0) {
		if (!ok(r == 0 && kind == wkind, "read: %s is read", what))
			diag("returned %d: %s", r, e.msg);
		if (src != NULL) {
			addr_format(&a, text, sizeof(text));
			is_string(text, src, "read: %s names %s", what, src);
		}
	} else
		ok(r == -1 && e.code == ERR_BAD_FRAME, "read: %s", what);
	got = drain(sv[0], rest, sizeof(rest));
	if (want == 0)
		is_bytes(rest, got, REST, strlen(REST),
		    "read: %s leaves the request on the socket", what);
	close(sv[0]);
}

static void
test_read(void)
{
	static const char	v1ok[] =
	    "PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\n";
	uint8_t			h[PROXY_V2_HEAD + 64], body[64];
	char			big[PROXY_V1_MAX + 8];
	enum proxy_kind		kind;
	struct addr		a;
	struct err		e;
	size_t			n;
	int			p[2], r;

	read_then_rest(v1ok, strlen(v1ok), 0, PROXY_CLIENT, "192.0.2.7",
	    "a v1 TCP4 header");
	read_then_rest("PROXY UNKNOWN\r\n", 15, 0, PROXY_LOCAL, NULL,
	    "a v1 UNKNOWN header");
	n = v2(h, 0x21, 0x21, 36, ip6, 36);
	read_then_rest(h, n, 0, PROXY_CLIENT, "2001:db8::7",
	    "a v2 IPv6 header");
	memcpy(body, ip4, 12);
	memcpy(body + 12, tlvs, sizeof(tlvs));
	n = v2(h, 0x21, 0x11, 12 + sizeof(tlvs), body, 12 + sizeof(tlvs));
	read_then_rest(h, n, 0, PROXY_CLIENT, "192.0.2.7",
	    "a v2 IPv4 header with TLVs");
	n = v2(h, 0x20, 0x00, 0, NULL, 0);
	read_then_rest(h, n, 0, PROXY_LOCAL, NULL, "a v2 LOCAL header");

	read_then_rest("", 0, -1, 0, NULL, "a bare netstring is refused");
	read_then_rest("POST / HTTP/1.1\r\n", 17, -1, 0, NULL,
	    "an HTTP request is refused");
	read_then_rest("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\n", 44,
	    -1, 0, NULL, "a v1 line ending in a bare LF is refused");
	read_then_rest("PROXY\n", 6, -1, 0, NULL, "\"PROXY\" and LF are refused");
	read_then_rest("PROXY UDP4 192.0.2.7 198.51.100.1 56324 443\r\n", 45,
	    -1, 0, NULL, "a v1 line of an unknown protocol is refused");
	memset(big, ' ', sizeof(big));
	memcpy(big, "PROXY UNKNOWN", 13);
	memcpy(big + PROXY_V1_MAX - 1, "\r\n", 2);
	read_then_rest(big, PROXY_V1_MAX + 1, -1, 0, NULL,
	    "a 108-byte v1 line is refused");
	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	h[11] = 0;
	read_then_rest(h, n, -1, 0, NULL, "a wrong v2 signature is refused");
	n = v2(h, 0x21, 0x12, 12, ip4, 12);
	read_then_rest(h, n, -1, 0, NULL, "a v2 UDP header is refused");

	/* Garbage says what was expected. */
	pair(p);
	put(p[1], REST, strlen(REST));
	r = proxy_read(p[0], deadline_in(PATIENT_MS), &kind, &a, &e);
	is_int(r, -1, "read: a client without a header is refused");
	is_string(e.msg, "expected a PROXY protocol header from a trusted proxy",
	    "read: a client without a header is told what was expected");
	close(p[0]);
	close(p[1]);

	/* A pipe works as well as a socket. */
	if (pipe(p) == -1)
		bail("pipe: %s", strerror(errno));
	put(p[1], v1ok, strlen(v1ok));
	put(p[1], REST, strlen(REST));
	close(p[1]);
	r = proxy_read(p[0], deadline_in(PATIENT_MS), &kind, &a, &e);
	is_int(r, 0, "read: a v1 header arrives over a pipe");
	n = drain(p[0], big, sizeof(big));
	is_bytes(big, n, REST, strlen(REST),
	    "read: the pipe still holds the request after the header");
	close(p[0]);
}

/* A forked writer sends bytes one at a time, then REST, then exits. */
static void
test_slow(const void *bytes, size_t n, const char *src, const char *what)
{
	const uint8_t	*b = bytes;
	struct timespec	 ts = { 0, 2000000 };
	enum proxy_kind	 kind;
	struct addr	 a;
	struct err	 e;
	char		 text[ADDR_TEXT_MAX], rest[64];
	size_t		 i, got;
	pid_t		 pid;
	int		 sv[2], r, status;

	pair(sv);
	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(sv[0]);
		for (i = 0; i < n; i++) {
			if (write(sv[1], b + i, 1) != 1)
				_exit(1);
			nanosleep(&ts, NULL);
		}
		if (write(sv[1], REST, strlen(REST)) != (ssize_t)strlen(REST))
			_exit(1);
		_exit(0);
	}
	close(sv[1]);
	memset(&e, 0, sizeof(e));
	r = proxy_read(sv[0], deadline_in(PATIENT_MS), &kind, &a, &e);
	if (!ok(r == 0 && kind == PROXY_CLIENT,
	    "slow: %s delivered a byte at a time is read", what))
		diag("returned %d: %s", r, e.msg);
	addr_format(&a, text, sizeof(text));
	is_string(text, src, "slow: %s names %s", what, src);
	got = drain(sv[0], rest, sizeof(rest));
	is_bytes(rest, got, REST, strlen(REST),
	    "slow: %s leaves the request on the socket", what);
	close(sv[0]);
	if (waitpid(pid, &status, 0) == -1)
		bail("waitpid: %s", strerror(errno));
	is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
	    "slow: the writer of %s finished", what);
}

/*
 * Send bytes and keep the writer open (or close it when eof): check the
 * error code and how long proxy_read took.
 */
static void
test_stall(const void *bytes, size_t n, int eof, enum err_code want,
    int64_t ms, const char *what)
{
	enum proxy_kind	kind;
	struct addr	a;
	struct err	e;
	int64_t		t0, took;
	int		sv[2], r;

	pair(sv);
	put(sv[1], bytes, n);
	if (eof)
		shutdown(sv[1], SHUT_WR);
	memset(&e, 0, sizeof(e));
	t0 = deadline_now();
	r = proxy_read(sv[0], t0 + ms, &kind, &a, &e);
	took = deadline_now() - t0;
	ok(r == -1 && e.code == want, "stall: %s is %s", what,
	    err_name(want));
	if (want == ERR_READ_TIMEOUT)
		ok(took >= ms - 10 && took < ms + 1000,
		    "stall: %s waits for the deadline (%lld ms)", what,
		    (long long)took);
	else
		ok(took < ms / 5, "stall: %s returns at once (%lld ms)", what,
		    (long long)took);
	close(sv[0]);
	close(sv[1]);
}

static void
test_stalls(void)
{
	uint8_t		h[PROXY_V2_HEAD + 64];
	enum proxy_kind	kind;
	struct addr	a;
	struct err	e;
	char		rest[8];
	size_t		n;
	int		sv[2], r;

	test_stall("", 0, 0, ERR_READ_TIMEOUT, SLOW_MS, "a silent peer");
	test_stall("PROXY TCP4 192.0", 16, 0, ERR_READ_TIMEOUT, SLOW_MS,
	    "a v1 line that stops");
	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	test_stall(h, 10, 0, ERR_READ_TIMEOUT, SLOW_MS,
	    "a v2 head that stops");
	test_stall(h, n - 3, 0, ERR_READ_TIMEOUT, SLOW_MS,
	    "a v2 body that stops");
	test_stall("", 0, 1, ERR_BAD_FRAME, PATIENT_MS, "EOF before a header");
	test_stall("PROXY TCP4 192.0", 16, 1, ERR_BAD_FRAME, PATIENT_MS,
	    "EOF inside a v1 line");
	test_stall("PROXY", 5, 1, ERR_BAD_FRAME, PATIENT_MS,
	    "EOF after \"PROXY\"");
	test_stall(h, 10, 1, ERR_BAD_FRAME, PATIENT_MS,
	    "EOF inside a v2 head");
	test_stall(h, n - 3, 1, ERR_BAD_FRAME, PATIENT_MS,
	    "EOF inside a v2 body");
	n = v2(h, 0x21, 0x11, 0xffff, ip4, 12);
	test_stall(h, n, 0, ERR_BAD_FRAME, PATIENT_MS,
	    "a v2 head declaring 65535 bytes");
	n = v2(h, 0x21, 0x11, PROXY_V2_MAX_BODY + 1, NULL, 0);
	test_stall(h, n, 0, ERR_BAD_FRAME, PATIENT_MS,
	    "a v2 head declaring PROXY_V2_MAX_BODY + 1 bytes");

	/* The over-long head is refused without reading into the body. */
	pair(sv);
	n = v2(h, 0x21, 0x11, 0xffff, NULL, 0);
	put(sv[1], h, n);
	put(sv[1], "xyz", 3);
	close(sv[1]);
	memset(&e, 0, sizeof(e));
	r = proxy_read(sv[0], deadline_in(PATIENT_MS), &kind, &a, &e);
	is_int(r, -1, "stall: a v2 head declaring 65535 bytes is refused");
	is_string(e.msg, "PROXY v2 header too long",
	    "stall: a v2 head declaring 65535 bytes is too long");
	n = drain(sv[0], rest, sizeof(rest));
	is_bytes(rest, n, "xyz", 3,
	    "stall: the refused v2 head is read but nothing after it");
	close(sv[0]);
}

int
main(void)
{
	static const char	v1ok[] =
	    "PROXY TCP6 2001:db8::7 2001:db8::1 56324 443\r\n";
	uint8_t			h[PROXY_V2_HEAD + 64];
	size_t			n;

	test_v1();
	test_v1_bytes();
	test_v2();
	test_read();
	test_slow(v1ok, strlen(v1ok), "2001:db8::7", "a v1 TCP6 header");
	n = v2(h, 0x21, 0x11, 12, ip4, 12);
	test_slow(h, n, "192.0.2.7", "a v2 IPv4 header");
	test_stalls();
	done_testing();
	return exit_status();
}
