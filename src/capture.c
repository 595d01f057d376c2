/*
 * capture.c: output off the attach stream up to the cap, and runbox-
 * handoff's exit report at the end of each stream (see capture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "docker.h"

#define CAPTURE_MAGIC		"\0RBX"
#define CAPTURE_MAGIC_LEN	4
#define CAPTURE_FIXED		(CAPTURE_MAGIC_LEN + CAPTURE_TOKEN_LEN)
#define CAPTURE_VALUE_MAX	255

static int	capture_keep(struct capture *, int, const char *, size_t);
static int	capture_report(struct capture *, int);

void
capture_init(struct capture *c, struct result *res, const char *token)
{
	memset(c, 0, sizeof(*c));
	c->res = res;
	memcpy(c->report, CAPTURE_MAGIC, CAPTURE_MAGIC_LEN);
	memcpy(c->report + CAPTURE_MAGIC_LEN, token, CAPTURE_TOKEN_LEN);
}

int
capture_token(char *out, size_t len)
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		rnd[CAPTURE_TOKEN_LEN / 2];
	size_t			i;

	if (len < CAPTURE_TOKEN_LEN + 1 || getentropy(rnd, sizeof(rnd)) == -1)
		return -1;
	for (i = 0; i < sizeof(rnd); i++) {
		out[2 * i] = hex[rnd[i] >> 4];
		out[2 * i + 1] = hex[rnd[i] & 0xf];
	}
	out[CAPTURE_TOKEN_LEN] = '\0';
	explicit_bzero(rnd, sizeof(rnd));
	return 0;
}

/* Keep what fits under the cap; say when the cap is reached. */
static int
capture_keep(struct capture *c, int stream, const char *p, size_t n)
{
	struct buf	*b;
	size_t		 room = c->res->max_output_bytes - c->total;
	int		 full = 0;

	if (n > room) {
		n = room;
		full = 1;
	}
	if (n > 0) {
		b = stream == DOCKER_STDERR ? &c->res->err : &c->res->out;
		if (buf_append(b, p, n) == -1 ||
		    buf_append(&c->res->combined, p, n) == -1) {
			c->nomem = 1;
			return -1;
		}
		c->total += n;
	}
	if (full) {
		c->res->truncated = 1;
		return -1;
	}
	return 0;
}

/* The pending bytes are a whole report: is its tail well formed? */
static int
capture_report(struct capture *c, int s)
{
	const char	*t = c->pending[s] + CAPTURE_FIXED;
	int		 v;

	if (t[0] != ' ' || (t[1] != 'e' && t[1] != 's') ||
	    t[2] < '0' || t[2] > '9' || t[3] < '0' || t[3] > '9' ||
	    t[4] < '0' || t[4] > '9' ||
	    (t[5] != 'y' && t[5] != 'n' && t[5] != '?') || t[6] != '\n')
		return 0;
	v = (t[2] - '0') * 100 + (t[3] - '0') * 10 + (t[4] - '0');
	if (v > CAPTURE_VALUE_MAX)
		return 0;
	if (!c->ended[0] && !c->ended[1]) {
		c->kind = t[1];
		c->value = v;
		c->oom = t[5];
	}
	c->ended[s] = 1;
	return 1;
}

int
capture_add(void *arg, int stream, const char *p, size_t n)
{
	struct capture	*c = arg;
	const char	*z;
	size_t		 run, *np;
	int		 s = stream == DOCKER_STDERR ? 1 : 0;

	np = &c->npending[s];
	while (n > 0 && !c->ended[s]) {
		if (*np == 0) {
			/* Output up to the next NUL, the only way in. */
			z = memchr(p, '\0', n);
			run = z == NULL ? n : (size_t)(z - p);
			if (run > 0 && capture_keep(c, stream, p, run) == -1)
				return -1;
			p += run;
			n -= run;
			if (n == 0)
				break;
		}
		if (p[0] == c->report[*np] || *np >= CAPTURE_FIXED) {
			c->pending[s][(*np)++] = p[0];
			p++;
			n--;
			if (*np == CAPTURE_REPORT_LEN) {
				if (!capture_report(c, s) &&
				    capture_keep(c, stream, c->pending[s],
				    *np) == -1)
					return -1;
				*np = 0;
			}
			continue;
		}
		/*
		 * Not a report after all: the held bytes are output.  Only
		 * the first byte of a report is a NUL, so the one that broke
		 * the match can only start a new one if it is a NUL: it
		 * goes round again.
		 */
		if (capture_keep(c, stream, c->pending[s], *np) == -1)
			return -1;
		*np = 0;
	}
	return 0;
}

int
capture_done(const struct capture *c)
{
	return c->ended[0] && c->ended[1];
}

int
capture_flush(struct capture *c)
{
	int	s, stream;

	for (s = 0; s < CAPTURE_STREAMS; s++) {
		stream = s == 0 ? DOCKER_STDOUT : DOCKER_STDERR;
		if (c->npending[s] > 0 && !c->ended[s] &&
		    capture_keep(c, stream, c->pending[s],
		    c->npending[s]) == -1)
			return -1;
		c->npending[s] = 0;
	}
	return 0;
}
