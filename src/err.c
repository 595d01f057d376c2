/* err.c: filling in an error and naming its code. */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

void
err_setf(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list	ap;

	e->code = code;
	e->detail[0] = '\0';
	va_start(ap, fmt);
	(void)vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void
err_detailf(struct err *e, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
	va_end(ap);
}

const char *
err_name(enum err_code code)
{
	switch (code) {
	case ERR_NONE:
		return "none";
	case ERR_BAD_FRAME:
		return "bad_frame";
	case ERR_TOO_LARGE:
		return "too_large";
	case ERR_READ_TIMEOUT:
		return "read_timeout";
	case ERR_BAD_REQUEST:
		return "bad_request";
	case ERR_UNAUTHORIZED:
		return "unauthorized";
	case ERR_FORBIDDEN:
		return "forbidden";
	case ERR_RATE_LIMITED:
		return "rate_limited";
	case ERR_BUSY:
		return "busy";
	case ERR_UNSUPPORTED_LANGUAGE:
		return "unsupported_language";
	case ERR_UNAVAILABLE:
		return "unavailable";
	case ERR_INTERNAL:
		break;
	}
	return "internal";
}
