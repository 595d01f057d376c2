/* err.h: the error codes of SPEC section 4 and the error a call fills in. */
#ifndef RUNBOX_ERR_H
#define RUNBOX_ERR_H

enum err_code {
	ERR_NONE = 0,
	ERR_BAD_FRAME,
	ERR_TOO_LARGE,
	ERR_READ_TIMEOUT,
	ERR_BAD_REQUEST,
	ERR_UNAUTHORIZED,
	ERR_FORBIDDEN,
	ERR_RATE_LIMITED,
	ERR_BUSY,
	ERR_UNSUPPORTED_LANGUAGE,
	ERR_UNAVAILABLE,
	ERR_INTERNAL
};

#define ERR_MSG_MAX	512

/*
 * A failed call sets code and a short message.  For ERR_INTERNAL the
 * message is for the log only; main.c sends the client a generic one.
 */
struct err {
	enum err_code	code;
	long		retry_after_ms;	/* ERR_RATE_LIMITED only */
	char		msg[ERR_MSG_MAX];	/* for the client */
	char		detail[ERR_MSG_MAX];	/* for the log only, or "" */
};

/*
 * Set code and a printf-style message (truncated to fit), clearing the
 * detail.  Returns -1.
 */
int		 err_set(struct err *, enum err_code, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* Add a detail for the log (host paths, engine messages).  Returns -1. */
int		 err_detail(struct err *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* The spec's word for a code ("bad_frame", ...). */
const char	*err_name(enum err_code);

#endif
