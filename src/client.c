/* client.c: the client's address or name, from the transport or a proxy. */
#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "proxy.h"

int
client_name_ok(const char *s)
{
	size_t	n = strlen(s);

	return n > 0 && n <= CLIENT_FORCED_MAX &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_.@-") == n;
}

/* The client's address; it names the client unless --client did. */
static void
client_set_addr(struct client *c, const struct addr *a)
{
	char	text[ADDR_TEXT_MAX];

	c->has_addr = 1;
	c->addr = *a;
	if (c->named)
		return;
	addr_format(a, c->name, sizeof(c->name));
	addr_limit_unit(a, text, sizeof(text));
	strlcpy(c->unit, "ip:", sizeof(c->unit));
	strlcat(c->unit, text, sizeof(c->unit));
}

/* The first word of an SSH_CONNECTION-style value, if it is an address. */
static int
client_from_ssh(const char *v, struct addr *a)
{
	char	word[ADDR_TEXT_MAX];
	size_t	n;

	if (v == NULL || (n = strcspn(v, " ")) == 0 || n >= sizeof(word))
		return -1;
	memcpy(word, v, n);
	word[n] = '\0';
	return addr_parse(a, word);
}

void
client_from_transport(struct client *c, int fd, const char *forced)
{
	struct sockaddr_storage	ss;
	struct addr		a;
	socklen_t		len = sizeof(ss);

	memset(c, 0, sizeof(*c));
	strlcpy(c->name, "local", sizeof(c->name));
	strlcpy(c->unit, "local", sizeof(c->unit));
	if (forced != NULL) {
		c->named = 1;
		strlcpy(c->name, forced, sizeof(c->name));
		strlcpy(c->unit, "name:", sizeof(c->unit));
		strlcat(c->unit, forced, sizeof(c->unit));
	}
	memset(&ss, 0, sizeof(ss));
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    addr_from_sockaddr(&a, (struct sockaddr *)&ss, len) == 0) {
		c->has_peer = 1;
		c->peer = a;
		client_set_addr(c, &a);
		return;
	}
	if (client_from_ssh(getenv("SSH_CONNECTION"), &a) == 0 ||
	    client_from_ssh(getenv("SSH_CLIENT"), &a) == 0)
		client_set_addr(c, &a);
}

int
client_proxy(struct client *c, int fd, const struct config *cfg,
    int64_t deadline, struct err *e)
{
	enum proxy_kind	kind;
	struct addr	src;

	if (!c->has_peer || !cidr_match_any(cfg->trusted_proxy,
	    cfg->ntrusted_proxy, &c->peer))
		return 0;
	if (proxy_read(fd, deadline, &kind, &src, e) == -1)
		return -1;
	if (kind == PROXY_CLIENT) {
		c->proxied = 1;
		client_set_addr(c, &src);
	}
	return 0;
}
