/* fuzz-proxy: libFuzzer target for the PROXY protocol v1 and v2 parsers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "proxy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum proxy_kind	kind;
	struct addr	a;
	struct err	e;
	char		text[ADDR_TEXT_MAX];

	memset(&e, 0, sizeof(e));
	if (proxy_parse_v1((const char *)data, size, &kind, &a, &e) == 0 &&
	    kind == PROXY_CLIENT)
		addr_limit_unit(&a, text, sizeof(text));
	memset(&e, 0, sizeof(e));
	if (proxy_parse_v2(data, size, &kind, &a, &e) == 0 &&
	    kind == PROXY_CLIENT)
		addr_limit_unit(&a, text, sizeof(text));
	return 0;
}
