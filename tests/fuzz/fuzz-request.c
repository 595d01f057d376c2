/* fuzz-request: libFuzzer target for the request parser (SPEC section 2). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "request.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config	cfg;
	static int		ready;
	struct request		req;
	struct err		e;

	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	memset(&req, 0, sizeof(req));
	memset(&e, 0, sizeof(e));
	if (request_parse(&req, (const char *)data, size, &cfg, &e) == 0 &&
	    (req.code == NULL || req.code_len == 0 || req.language == NULL))
		__builtin_trap();	/* a parse that succeeded is complete */
	request_free(&req);
	return 0;
}
