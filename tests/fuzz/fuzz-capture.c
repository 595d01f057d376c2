/*
 * fuzz-capture: libFuzzer target for the output capture, its frame
 * reader and its exit and file report matchers (capture.c), which read
 * what comes out of the container.  The input is a cap selector, a shape
 * (a plain run or a batch of up to FUZZ_TESTS tests, and up to
 * FUZZ_FILES returned files), then chunks: a byte (stream in the top
 * bit, length in the others) and that many bytes, as the engine would
 * frame them.  Checks that the kept output of the compile, and of the
 * tests and the files together, never passes its cap, that each stage's
 * stdout, stderr and combined always agree, that the reports hold only
 * what protocol 7 allows and come in its order, that a file's content
 * is never longer than its report says, that nothing changes once the
 * end is in, and that the frame reader's state stays in bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "docker.h"
#include "result.h"

#define FUZZ_TOKEN	"0123456789abcdef0123456789abcdef"
#define FUZZ_TESTS	3	/* the most tests of a batch here */
#define FUZZ_FILES	2	/* the most files asked for */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One stage's output: its parts agree. */
static size_t
check_run(const struct result_run *r)
{
	if (r->out.len + r->err.len != r->combined.len)
		__builtin_trap();
	return r->combined.len;
}

/* A report, when in, holds only what the protocol allows. */
static void
check_report(const struct capture_report *p)
{
	if (p->done && ((p->kind != 'e' && p->kind != 's') ||
	    p->value < 0 || p->value > 255 ||
	    (p->oom != 'y' && p->oom != 'n' && p->oom != '?') ||
	    (p->end != 'n' && p->end != 't' && p->end != 'o') ||
	    p->cpu_ms < 0 || p->rss_kb < 0 || p->wall_ms < 0))
		__builtin_trap();
}

/* A file's report, when in: a kind, and a size its content fits in. */
static void
check_file(const struct result_file *f, int in)
{
	if (f->done != in)
		__builtin_trap();
	if (!f->done)
		return;
	if (f->kind < RESULT_FILE_REGULAR || f->kind > RESULT_FILE_UNREADABLE ||
	    f->size < 0 || (long long)f->content.len > f->size ||
	    (f->kind != RESULT_FILE_REGULAR && f->size != 0))
		__builtin_trap();
}

/* What has been kept so far: the tests' and files', the compile's. */
static void
kept(const struct result *r, size_t out[2])
{
	size_t	i;

	out[0] = check_run(&r->run);
	for (i = 0; i < r->ntests; i++)
		out[0] += check_run(&r->tests[i].run);
	for (i = 0; i < r->nfiles; i++)
		out[0] += r->files[i].content.len;
	out[1] = check_run(&r->compile);
}

static void
check(const struct capture *c, const struct result *r)
{
	size_t	total[2], i;

	kept(r, total);
	if (total[0] != c->total[0] || total[1] != c->total[1] ||
	    total[0] > r->max_output_bytes || total[1] > r->max_output_bytes)
		__builtin_trap();
	/* A batch's output is its tests'. */
	if (r->ntests > 0 && r->run.combined.len != 0)
		__builtin_trap();
	if (c->ntests != (r->ntests > 0 ? r->ntests : 1) ||
	    c->ntested > c->ntests || c->nfiles > r->nfiles)
		__builtin_trap();
	/* Reports in order: those in, then none. */
	for (i = 0; i < c->ntests; i++) {
		check_report(&c->tests[i]);
		if (c->tests[i].done != (i < c->ntested))
			__builtin_trap();
	}
	/* No test's output past the one to come. */
	for (i = c->ntested + 1; i < r->ntests; i++)
		if (r->tests[i].run.combined.len != 0 ||
		    r->tests[i].run.truncated)
			__builtin_trap();
	check_report(&c->compile);
	/* No test's report comes after a failed compile's. */
	if (c->compile.done && capture_failed(&c->compile) && c->ntested > 0)
		__builtin_trap();
	for (i = 0; i < r->nfiles; i++)
		check_file(&r->files[i], i < c->nfiles);
	/* Nothing of a file past the one to come. */
	for (i = c->nfiles + 1; i < r->nfiles; i++)
		if (r->files[i].content.len != 0)
			__builtin_trap();
	if (capture_done(c) && (c->nfiles != r->nfiles || c->bad))
		__builtin_trap();
	if (capture_last(c) != (c->ntested > 0 ?
	    &c->tests[c->ntested - 1] : &c->compile))
		__builtin_trap();
	if (c->hdr_have > CAPTURE_HDR_LEN || c->left > CAPTURE_FRAME_MAX ||
	    c->report_have > CAPTURE_REPORT_MAX ||
	    c->report_have > c->report_len)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result		res;
	struct capture		cap;
	struct capture_report	reports[FUZZ_TESTS];
	size_t			i = 2, n, ntests, nfiles, end[2] = { 0, 0 };
	int			stream, ret, ended = 0;

	if (size < 2)
		return 0;
	memset(&res, 0, sizeof(res));
	memset(reports, 0, sizeof(reports));
	res.max_output_bytes = (size_t)data[0] * 8 + 1;
	/* As runbox sets them up: 0 tests is a plain run. */
	ntests = (size_t)data[1] % (FUZZ_TESTS + 1);
	nfiles = (size_t)(data[1] >> 2) % (FUZZ_FILES + 1);
	if (ntests > 0 &&
	    (res.tests = calloc(ntests, sizeof(*res.tests))) == NULL)
		goto out;
	res.ntests = ntests;
	if (nfiles > 0 &&
	    (res.files = calloc(nfiles, sizeof(*res.files))) == NULL)
		goto out;
	res.nfiles = nfiles;
	capture_init(&cap, &res, FUZZ_TOKEN, reports);
	while (i < size) {
		stream = data[i] & 0x80 ? DOCKER_STDERR : DOCKER_STDOUT;
		n = data[i] & 0x7f;
		i++;
		if (n > size - i)
			n = size - i;
		ret = capture_add(&cap, stream, (const char *)data + i, n);
		i += n;
		check(&cap, &res);
		/* Once the end is in, nothing is taken or refused. */
		if (ended && (ret != 0 || cap.total[0] != end[0] ||
		    cap.total[1] != end[1]))
			__builtin_trap();
		if (capture_done(&cap) && !ended) {
			ended = 1;
			end[0] = cap.total[0];
			end[1] = cap.total[1];
		}
		if (ret == -1) {
			/* Refused, out of memory, or the cap is passed. */
			if (!cap.bad && !cap.nomem &&
			    cap.total[0] != res.max_output_bytes)
				__builtin_trap();
			break;
		}
		if (cap.bad)
			__builtin_trap();
	}
out:
	result_free(&res);
	return 0;
}
