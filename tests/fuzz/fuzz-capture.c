/*
 * fuzz-capture: libFuzzer target for the output capture, its frame
 * reader and exit report matcher (capture.c), which read what comes out
 * of the container.  The input is a cap selector, then chunks: a byte
 * (stream in the top bit, length in the others) and that many bytes, as
 * the engine would frame them.  Checks that the kept output never passes
 * the cap, that stdout, stderr and combined always agree, and that the
 * frame reader's state stays in bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture.h"
#include "docker.h"
#include "result.h"

#define FUZZ_TOKEN	"0123456789abcdef0123456789abcdef"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct capture *c, const struct result *r)
{
	if (r->out.len + r->err.len != r->combined.len ||
	    r->combined.len != c->total || c->total > r->max_output_bytes)
		__builtin_trap();
	if (capture_done(c) && ((c->kind != 'e' && c->kind != 's') ||
	    c->value < 0 || c->value > 255 ||
	    (c->oom != 'y' && c->oom != 'n' && c->oom != '?') ||
	    (c->end != 'n' && c->end != 't' && c->end != 'o')))
		__builtin_trap();
	if (c->hdr_have > CAPTURE_HDR_LEN || c->left > CAPTURE_FRAME_MAX ||
	    c->report_have > CAPTURE_REPORT_MAX ||
	    (capture_done(c) && (c->cpu_ms < 0 || c->rss_kb < 0)))
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
