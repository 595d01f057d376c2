/*
 * fuzz-capture: libFuzzer target for the output capture, its frame
 * reader and exit report matcher (capture.c), which read what comes out
 * of the container.  The input is a cap selector, then chunks: a byte
 * (stream in the top bit, length in the others) and that many bytes, as
 * the engine would frame them.  Checks that the kept output of each
 * stage (compile and run) never passes the cap, that its stdout, stderr
 * and combined always agree, that the reports hold only what protocol 6
 * allows, and that the frame reader's state stays in bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture.h"
#include "docker.h"
#include "result.h"

#define FUZZ_TOKEN	"0123456789abcdef0123456789abcdef"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One stage's output: its parts agree, and stay under the cap. */
static void
check_run(const struct result_run *r, size_t total, size_t cap)
{
	if (r->out.len + r->err.len != r->combined.len ||
	    r->combined.len != total || total > cap)
		__builtin_trap();
}

/* A report, when in, holds only what the protocol allows. */
static void
check_report(const struct capture_report *p)
{
	if (p->done && ((p->kind != 'e' && p->kind != 's') ||
	    p->value < 0 || p->value > 255 ||
	    (p->oom != 'y' && p->oom != 'n' && p->oom != '?') ||
	    (p->end != 'n' && p->end != 't' && p->end != 'o') ||
	    p->cpu_ms < 0 || p->rss_kb < 0))
		__builtin_trap();
}

static void
check(const struct capture *c, const struct result *r)
{
	check_run(&r->run, c->total[0], r->max_output_bytes);
	check_run(&r->compile, c->total[1], r->max_output_bytes);
	check_report(&c->run);
	check_report(&c->compile);
	/* A run's report never comes after a failed compile's. */
	if (c->run.done && c->compile.done && capture_failed(&c->compile))
		__builtin_trap();
	if (c->hdr_have > CAPTURE_HDR_LEN || c->left > CAPTURE_FRAME_MAX ||
	    c->report_have > CAPTURE_REPORT_MAX)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result	res;
	struct capture	cap;
	size_t		i = 1, n;
	int		stream, stop = 0;

	if (size < 1)
		return 0;
	memset(&res, 0, sizeof(res));
	res.max_output_bytes = (size_t)data[0] * 8 + 1;
	capture_init(&cap, &res, FUZZ_TOKEN);
	while (i < size && !stop) {
		stream = data[i] & 0x80 ? DOCKER_STDERR : DOCKER_STDOUT;
		n = data[i] & 0x7f;
		i++;
		if (n > size - i)
			n = size - i;
		stop = capture_add(&cap, stream, (const char *)data + i,
		    n) == -1;
		i += n;
		check(&cap, &res);
	}
	result_free(&res);
	return 0;
}
