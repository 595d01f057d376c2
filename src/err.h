/*
 * err.h: the error codes of docs/protocol.md (Refusals and failures) and
 * the error a call fills in.
 */
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

/* Set code and a printf-style message (truncated), clearing the detail. */
void		 err_setf(struct err *, enum err_code, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
/* Set the detail for the log only (host paths, engine messages). */
void		 err_detailf(struct err *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * err_set and err_detail do the same and are expressions worth -1, seen
 * as such by the compiler and the static analysers (which do not follow a
 * variadic call): `return err_set(e, ...);` is the usual failure return.
 */
#define err_set(e, ...)		__extension__ ({		\
	err_setf((e), __VA_ARGS__);				\
	-1;							\
})
#define err_detail(e, ...)	__extension__ ({		\
	err_detailf((e), __VA_ARGS__);				\
	-1;							\
})

/* The spec's word for a code ("bad_frame", ...). */
const char	*err_name(enum err_code);

#endif
