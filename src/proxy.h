/*
 * proxy.h: the PROXY protocol header (versions 1 and 2) that a trusted
 * load balancer sends before the request, naming the real client.
 * https://www.haproxy.org/download/2.8/doc/proxy-protocol.txt
 */
#ifndef RUNBOX_PROXY_H
#define RUNBOX_PROXY_H

#include <stddef.h>
#include <stdint.h>

#include "cidr.h"
#include "err.h"

#define PROXY_V1_MAX		107	/* the whole v1 line, CRLF included */
#define PROXY_V2_HEAD		16	/* signature, version/command, family, length */
#define PROXY_V2_MAX_BODY	1024	/* addresses and TLVs we accept */

enum proxy_kind {
	PROXY_CLIENT,	/* *src names the client */
	PROXY_LOCAL	/* v2 LOCAL or v1 UNKNOWN: the proxy's own connection
			   (a health check): use the socket peer */
};

/*
 * Parse a v1 line (len bytes, ending in CRLF, at most PROXY_V1_MAX):
 * "PROXY TCP4 src dst sport dport\r\n", TCP6, or "PROXY UNKNOWN ...\r\n".
 * Addresses and ports are checked strictly (family matches the address,
 * ports 0..65535 without leading zeros or signs).  Returns 0 with *kind
 * and *src filled, or -1 with ERR_BAD_FRAME and a message.
 */
int	proxy_parse_v1(const char *, size_t, enum proxy_kind *, struct addr *,
	    struct err *);

/*
 * Parse a whole v2 header (len bytes: PROXY_V2_HEAD plus the length its
 * bytes 14-15 give).  Version 2 only; command LOCAL or PROXY; family
 * AF_INET or AF_INET6 over STREAM for PROXY (UNSPEC, or UNIX, with LOCAL
 * or as a LOCAL-like PROXY_LOCAL); the address block must fit the given
 * length; TLVs after it are skipped.  0 or -1 with ERR_BAD_FRAME.
 */
int	proxy_parse_v2(const uint8_t *, size_t, enum proxy_kind *,
	    struct addr *, struct err *);

/*
 * Read exactly one PROXY header (v1 or v2, told apart by the first byte)
 * from fd before the deadline, never a byte more, and parse it.  No
 * header at all (the first byte starts neither signature) is
 * ERR_BAD_FRAME; the deadline is ERR_READ_TIMEOUT.
 */
int	proxy_read(int fd, int64_t deadline, enum proxy_kind *, struct addr *,
	    struct err *);

#endif
