/* client.h: who the client is (docs/admission.md), for the allow-list, the
 * limits and the log. */
#ifndef RUNBOX_CLIENT_H
#define RUNBOX_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "cidr.h"
#include "config.h"
#include "err.h"

#define CLIENT_NAME_MAX		64	/* an address, "local" or NAME */
#define CLIENT_FORCED_MAX	48	/* --client NAME, [A-Za-z0-9_.@-] */
#define CLIENT_UNIT_MAX		64	/* fits the state file's key */

struct client {
	char		name[CLIENT_NAME_MAX];	/* what the log shows */
	char		unit[CLIENT_UNIT_MAX];	/* what the limits count */
	int		has_addr;		/* addr is known (allow-list) */
	struct addr	addr;
	int		has_peer;		/* the socket's peer is an IP */
	struct addr	peer;
	int		proxied;		/* addr came from a PROXY header */
	int		named;			/* --client NAME */
};

/* 1 when NAME is acceptable for --client. */
int	client_name_ok(const char *);

/*
 * What the transport tells, without reading anything: forced (--client
 * NAME, already checked with client_name_ok) names the client and is
 * what the limits count; otherwise getpeername() of fd (IPv4-mapped IPv6
 * as IPv4), else SSH_CONNECTION / SSH_CLIENT, else "local".  An address,
 * when known, is kept for the allow-list in every case.  Limits count an
 * IPv4 address itself and an IPv6 address's /64.
 */
void	client_from_transport(struct client *, int fd, const char *forced);

/*
 * When the socket's peer is inside a trusted_proxy network, read its
 * PROXY header (v1 or v2) from fd before the deadline; the header's source
 * becomes the client (a LOCAL/UNKNOWN header keeps the peer).  A trusted
 * peer that sends no header is ERR_BAD_FRAME.  Does nothing (0) for other
 * peers: their bytes are the request, and a PROXY header there fails as a
 * frame.  Returns 0, or -1 with ERR_BAD_FRAME or ERR_READ_TIMEOUT.
 */
int	client_proxy(struct client *, int fd, const struct config *,
	    int64_t deadline, struct err *);

#endif
