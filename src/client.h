/* client.h: who the client is (SPEC section 5), for limits and logs. */
#ifndef RUNBOX_CLIENT_H
#define RUNBOX_CLIENT_H

#include <stddef.h>

#define CLIENT_NAME_MAX	64	/* an address, "local" or a --client NAME */

/*
 * The client's name for logs and limits, into out (CLIENT_NAME_MAX):
 * forced when the transport already authenticated it (--client NAME),
 * else getpeername() of fd (IPv4-mapped IPv6 written as IPv4), else the
 * first word of SSH_CONNECTION or SSH_CLIENT, else "local".
 */
void	client_identify(int fd, const char *forced, char *out, size_t size);

#endif
