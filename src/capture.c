/*
 * capture.c: the framed output off the attach stream, kept up to the
 * cap, and runbox-handoff's exit report (see capture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "docker.h"

#define CAPTURE_VALUE_MAX	255

static int	capture_keep(struct capture *, int, const char *, size_t);
static int	capture_report(struct capture *);

void
capture_init(struct capture *c, struct result *res, const char *token)
{
	memset(c, 0, sizeof(*c));
	c->res = res;
	memcpy(c->token, token, CAPTURE_TOKEN_LEN);
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

/*
 * A decimal of 1 to CAPTURE_NUM_DIGITS digits at *p, before end, then a
 * space (moved past) or end.  -1 when there is none.
 */
static long long
capture_num(const char **p, const char *end)
{
	long long	v = 0;
	int		n = 0;

	while (*p < end && **p >= '0' && **p <= '9' &&
	    n++ < CAPTURE_NUM_DIGITS)
		v = v * 10 + (*(*p)++ - '0');
	if (n == 0 || n > CAPTURE_NUM_DIGITS ||
	    (*p < end && *(*p)++ != ' '))
		return -1;
	return v;
}

/* The report is whole: is it ours, and well formed? */
static int
capture_report(struct capture *c)
{
	const char	*t = c->report + CAPTURE_TOKEN_LEN, *q;
	const char	*end = c->report + c->report_len;
	int		 v;

	if (memcmp(c->report, c->token, CAPTURE_TOKEN_LEN) != 0 ||
	    t[0] != ' ' || (t[1] != 'e' && t[1] != 's') ||
	    t[2] < '0' || t[2] > '9' || t[3] < '0' || t[3] > '9' ||
	    t[4] < '0' || t[4] > '9' ||
	    (t[5] != 'y' && t[5] != 'n' && t[5] != '?') ||
	    (t[6] != 'n' && t[6] != 't' && t[6] != 'o') || t[7] != ' ')
		return -1;
	v = (t[2] - '0') * 100 + (t[3] - '0') * 10 + (t[4] - '0');
	q = t + 8;
	if (v > CAPTURE_VALUE_MAX || (c->cpu_ms = capture_num(&q, end)) == -1 ||
	    q == end || (c->rss_kb = capture_num(&q, end)) == -1 || q != end ||
	    end[-1] == ' ')
		return -1;
	c->kind = t[1];
	c->value = v;
	c->oom = t[5];
	c->end = t[6];
	c->done = 1;
	return 0;
}

int
capture_add(void *arg, int stream, const char *p, size_t n)
{
	struct capture	*c = arg;
	size_t		 take, len;
	int		 tag;

	if (stream == DOCKER_STDERR)
		return c->done ? 0 : capture_keep(c, DOCKER_STDERR, p, n);
	while (n > 0 && !c->done) {
		if (c->hdr_have < CAPTURE_HDR_LEN) {
			take = CAPTURE_HDR_LEN - c->hdr_have;
			take = take < n ? take : n;
			memcpy(c->hdr + c->hdr_have, p, take);
			c->hdr_have += take;
			p += take;
			n -= take;
			if (c->hdr_have < CAPTURE_HDR_LEN)
				break;
			len = (size_t)c->hdr[1] << 24 |
			    (size_t)c->hdr[2] << 16 | (size_t)c->hdr[3] << 8 |
			    c->hdr[4];
			tag = c->hdr[0];
			/* Nothing of a refused header is kept. */
			if ((tag != 'o' && tag != 'e' && tag != 'x') ||
			    len > CAPTURE_FRAME_MAX ||
			    (tag == 'x' && (len < CAPTURE_REPORT_MIN ||
			    len > CAPTURE_REPORT_MAX))) {
				c->bad = 1;
				return -1;
			}
			c->left = c->report_len = len;
		}
		take = c->left < n ? c->left : n;
		if (c->hdr[0] == 'x') {
			memcpy(c->report + c->report_have, p, take);
			c->report_have += take;
		} else if (take > 0 && capture_keep(c, c->hdr[0] == 'e' ?
		    DOCKER_STDERR : DOCKER_STDOUT, p, take) == -1)
			return -1;
		p += take;
		n -= take;
		c->left -= take;
		if (c->left > 0)
			break;
		if (c->hdr[0] == 'x' && capture_report(c) == -1) {
			c->bad = 1;
			return -1;
		}
		c->hdr_have = 0;
	}
	return 0;
}

int
capture_done(const struct capture *c)
{
	return c->done;
}
