/* client.c: the client's address or name. */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "client.h"

/* The first word of an SSH_CONNECTION-style value, if it is an address. */
static int
client_from_ssh(const char *v, char *out, size_t size)
{
	char		word[INET6_ADDRSTRLEN];
	struct in6_addr	a6;
	struct in_addr	a4;
	size_t		n;

	if (v == NULL || (n = strcspn(v, " ")) == 0 || n >= sizeof(word))
		return -1;
	memcpy(word, v, n);
	word[n] = '\0';
	if (inet_pton(AF_INET, word, &a4) != 1 &&
	    inet_pton(AF_INET6, word, &a6) != 1)
		return -1;
	strlcpy(out, word, size);
	return 0;
}

void
client_identify(int fd, const char *forced, char *out, size_t size)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&ss;
	socklen_t		 len = sizeof(ss);

	if (forced != NULL) {
		strlcpy(out, forced, size);
		return;
	}
	memset(&ss, 0, sizeof(ss));
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET &&
		    inet_ntop(AF_INET, &s4->sin_addr, out, (socklen_t)size))
			return;
		if (ss.ss_family == AF_INET6 &&
		    IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) &&
		    inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out,
		    (socklen_t)size))
			return;
		if (ss.ss_family == AF_INET6 &&
		    inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)size))
			return;
	}
	if (client_from_ssh(getenv("SSH_CONNECTION"), out, size) == 0 ||
	    client_from_ssh(getenv("SSH_CLIENT"), out, size) == 0)
		return;
	strlcpy(out, "local", size);
}
