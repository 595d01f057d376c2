/*
 * capture.c: the framed output off the attach stream, kept up to the
 * caps, runbox-handoff's exit reports and the files it returns (see
 * capture.h).
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
static int	capture_file(struct capture *);
static int	capture_frame_done(struct capture *, int);

void
capture_init(struct capture *c, struct result *res, const char *token,
    struct capture_report *reports)
{
	memset(c, 0, sizeof(*c));
	c->res = res;
	c->tests = reports;
	c->ntests = res->ntests > 0 ? res->ntests : 1;
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
 * the compile; 'f' a returned file, under the tests' cap); say when the
 * cap is passed.
 */
static int
capture_keep(struct capture *c, int tag, const char *p, size_t n)
{
	int			 compile = tag == 'O' || tag == 'E';
	struct result		*res = c->res;
	struct result_run	*r;
	struct buf		*b, *both = NULL;
	size_t			*total = &c->total[compile];
	size_t			 room = res->max_output_bytes - *total;
	int			 full = 0;

	if (tag == 'f')
		b = &res->files[c->nfiles].content;
	else {
		r = compile ? &res->compile : res->ntests > 0 ?
		    &res->tests[c->ntested].run : &res->run;
		b = tag == 'e' || tag == 'E' ? &r->err : &r->out;
		both = &r->combined;
	}
	if (n > room) {
		n = room;
		full = 1;
	}
	if (n > 0) {
		if (buf_append(b, p, n) == -1 ||
		    (both != NULL && buf_append(both, p, n) == -1)) {
			c->nomem = 1;
			return -1;
		}
		*total += n;
	}
	if (full) {
		/* The compile's report is still to come. */
		if (compile) {
			res->compile.truncated = 1;
			return 0;
		}
		if (both != NULL)
			r->truncated = 1;
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
	    q == end || (r->rss_kb = capture_num(&q, end)) == -1 ||
	    q == end || (r->wall_ms = capture_num(&q, end)) == -1 ||
	    q != end || end[-1] == ' ')
		return -1;
	r->kind = t[1];
	r->value = v;
	r->oom = t[5];
	r->end = t[6];
	r->done = 1;
	return 0;
}

/* A returned file's report, whole: TOKEN " " KIND " " SIZE. */
static int
capture_file(struct capture *c)
{
	static const char	 kinds[] = "rmldoa";
	static const enum result_file_kind map[] = {
		RESULT_FILE_REGULAR, RESULT_FILE_MISSING, RESULT_FILE_SYMLINK,
		RESULT_FILE_DIRECTORY, RESULT_FILE_OTHER, RESULT_FILE_UNREADABLE
	};
	struct result_file	*f = &c->res->files[c->nfiles];
	const char		*t = c->report + CAPTURE_TOKEN_LEN, *q, *k;
	const char		*end = c->report + c->report_len;
	long long		 size;

	if (memcmp(c->report, c->token, CAPTURE_TOKEN_LEN) != 0 ||
	    t[0] != ' ' || t[1] == '\0' || (k = strchr(kinds, t[1])) == NULL ||
	    t[2] != ' ')
		return -1;
	q = t + 3;
	if ((size = capture_num(&q, end)) == -1 || q != end ||
	    end[-1] == ' ' || (t[1] != 'r' && size != 0) ||
	    (long long)f->content.len > size)
		return -1;
	f->kind = map[k - kinds];
	f->size = size;
	f->done = 1;
	c->nfiles++;
	return 0;
}

/*
 * A frame tag of protocol 7, in its place: the compile's before all
 * else, a test's while tests are to come (none after a failed compile),
 * a file's once the tests are over and the last stage has its report,
 * the end once every file is in and some stage has reported.
 */
static int
capture_tag_ok(const struct capture *c, int tag, size_t len)
{
	int	tests_over = c->files_begun;
	int	report = len >= CAPTURE_REPORT_MIN && len <= CAPTURE_REPORT_MAX;
	int	compile_failed = c->compile.done && capture_failed(&c->compile);

	if (c->ended)
		return 0;
	switch (tag) {
	case 'o':
	case 'e':
		return !tests_over && c->ntested < c->ntests &&
		    c->open != 'c' && !compile_failed;
	case 'x':
		return !tests_over && c->ntested < c->ntests &&
		    c->open != 'c' && !compile_failed && report;
	case 'O':
	case 'E':
		return !c->compile.done && c->ntested == 0 && !tests_over &&
		    c->open != 'r';
	case 'X':
		return !c->compile.done && c->ntested == 0 && !tests_over &&
		    c->open != 'r' && report;
	case 'f':
		return c->nfiles < c->res->nfiles && c->open == 0;
	case 'F':
		return c->nfiles < c->res->nfiles && c->open == 0 &&
		    len >= CAPTURE_FILE_MIN && len <= CAPTURE_FILE_MAX;
	case 'z':
		return c->nfiles == c->res->nfiles && c->open == 0 &&
		    (c->ntested > 0 || compile_failed) &&
		    len == CAPTURE_TOKEN_LEN;
	}
	return 0;
}

/* Is tag one whose whole frame is read before it is looked at? */
static int
capture_whole(int tag)
{
	return tag == 'x' || tag == 'X' || tag == 'F' || tag == 'z';
}

/* A whole report frame of tag is in: take it.  -1 when it is bad. */
static int
capture_frame_done(struct capture *c, int tag)
{
	switch (tag) {
	case 'X':
		return capture_report(c, &c->compile);
	case 'x':
		if (capture_report(c, &c->tests[c->ntested]) == -1)
			return -1;
		c->ntested++;
		return 0;
	case 'F':
		return capture_file(c);
	case 'z':
		if (memcmp(c->report, c->token, CAPTURE_TOKEN_LEN) != 0)
			return -1;
		c->ended = 1;
		return 0;
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
		return capture_done(c) || c->ntested >= c->ntests ? 0 :
		    capture_keep(c, 'e', p, n);
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
			if (!capture_tag_ok(c, tag, len) ||
			    len > CAPTURE_FRAME_MAX) {
				c->bad = 1;
				return -1;
			}
			c->left = c->report_len = len;
			c->report_have = 0;
			if (tag == 'f' || tag == 'F')
				c->files_begun = 1;
			else if (tag == 'o' || tag == 'e')
				c->open = 'r';
			else if (tag == 'O' || tag == 'E')
				c->open = 'c';
			else if (tag == 'x' || tag == 'X')
				c->open = 0;
		}
		tag = c->hdr[0];
		take = c->left < n ? c->left : n;
		if (capture_whole(tag)) {
			memcpy(c->report + c->report_have, p, take);
			c->report_have += take;
		} else if (take > 0 && capture_keep(c, tag, p, take) == -1)
			return -1;
		p += take;
		n -= take;
		c->left -= take;
		if (c->left > 0)
			break;
		if (capture_frame_done(c, tag) == -1) {
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

const struct capture_report *
capture_last(const struct capture *c)
{
	return c->ntested > 0 ? &c->tests[c->ntested - 1] : &c->compile;
}

int
capture_done(const struct capture *c)
{
	return c->ended;
}
