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
static int	capture_report(struct capture *, struct capture_report *);

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

/*
 * Keep what fits under the cap of the stage that tag names (upper case:
 * the compile); say when the cap is reached.
 */
static int
capture_keep(struct capture *c, int tag, const char *p, size_t n)
{
	int			 compile = tag == 'O' || tag == 'E';
	struct result_run	*r = compile ? &c->res->compile : &c->res->run;
	struct buf		*b = tag == 'e' || tag == 'E' ? &r->err :
				    &r->out;
	size_t			*total = &c->total[compile];
	size_t			 room = c->res->max_output_bytes - *total;
	int			 full = 0;

	if (n > room) {
		n = room;
		full = 1;
	}
	if (n > 0) {
		if (buf_append(b, p, n) == -1 ||
		    buf_append(&r->combined, p, n) == -1) {
			c->nomem = 1;
			return -1;
		}
		*total += n;
	}
	if (full) {
		r->truncated = 1;
		/* The compile's report is still to come. */
		return compile ? 0 : -1;
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

/* The report is whole: is it ours, and well formed?  Into r. */
static int
capture_report(struct capture *c, struct capture_report *r)
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
	if (v > CAPTURE_VALUE_MAX || (r->cpu_ms = capture_num(&q, end)) == -1 ||
	    q == end || (r->rss_kb = capture_num(&q, end)) == -1 || q != end ||
	    end[-1] == ' ')
		return -1;
	r->kind = t[1];
	r->value = v;
	r->oom = t[5];
	r->end = t[6];
	r->done = 1;
	return 0;
}

/* A frame tag of protocol 6: output, or a report after its stage's output. */
static int
capture_tag_ok(const struct capture *c, int tag)
{
	switch (tag) {
	case 'o':
	case 'e':
	case 'x':
		return !c->compile.done || !capture_failed(&c->compile);
	case 'O':
	case 'E':
	case 'X':
		return !c->compile.done && !c->run.done;
	}
	return 0;
}

int
capture_add(void *arg, int stream, const char *p, size_t n)
{
	struct capture	*c = arg;
	size_t		 take, len;
	int		 tag;

	if (stream == DOCKER_STDERR)
		return capture_done(c) ? 0 : capture_keep(c, 'e', p, n);
	while (n > 0 && !capture_done(c)) {
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
			if (!capture_tag_ok(c, tag) ||
			    len > CAPTURE_FRAME_MAX ||
			    ((tag == 'x' || tag == 'X') &&
			    (len < CAPTURE_REPORT_MIN ||
			    len > CAPTURE_REPORT_MAX))) {
				c->bad = 1;
				return -1;
			}
			c->left = c->report_len = len;
			c->report_have = 0;
		}
		tag = c->hdr[0];
		take = c->left < n ? c->left : n;
		if (tag == 'x' || tag == 'X') {
			memcpy(c->report + c->report_have, p, take);
			c->report_have += take;
		} else if (take > 0 && capture_keep(c, tag, p, take) == -1)
			return -1;
		p += take;
		n -= take;
		c->left -= take;
		if (c->left > 0)
			break;
		if ((tag == 'x' || tag == 'X') && capture_report(c,
		    tag == 'x' ? &c->run : &c->compile) == -1) {
			c->bad = 1;
			return -1;
		}
		c->hdr_have = 0;
	}
	return 0;
}

int
capture_failed(const struct capture_report *r)
{
	return r->kind != 'e' || r->value != 0 || r->end != 'n';
}

int
capture_done(const struct capture *c)
{
	return c->run.done || (c->compile.done && capture_failed(&c->compile));
}
