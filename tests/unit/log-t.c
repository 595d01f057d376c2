/* log-t: untrusted text in the log line is escaped and bounded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

int
main(void)
{
	char	 out[1024], big[LOG_FIELD_MAX * 3], msg[LOG_MSG_MAX * 2];
	FILE	*f;
	char	 line[4096];
	int	 fd;

	log_escape(out, sizeof(out), "plain text", 10);
	is_string(out, "plain text", "printable ASCII is kept as it is");
	log_escape(out, sizeof(out), "a\nb\"c\\d\x1b[31m", 12);
	is_string(out, "a\\x0ab\\x22c\\x5cd\\x1b[31m",
	    "newlines, quotes, backslashes and escapes become \\xNN");
	log_escape(out, sizeof(out), "\xff\x00z", 3);
	is_string(out, "\\xff\\x00z", "non-ASCII and NUL bytes become \\xNN");
	memset(big, 'a', sizeof(big));
	log_escape(out, sizeof(out), big, sizeof(big));
	is_int((long long)strlen(out), LOG_FIELD_MAX + 3,
	    "long text is cut at LOG_FIELD_MAX bytes");
	ok(strcmp(out + LOG_FIELD_MAX, "...") == 0, "a cut is marked with ...");
	log_escape(out, 8, "\n\n\n\n", 4);
	ok(strlen(out) < 8, "the output never overflows a small buffer");

	/* The whole line: one line, every field, nothing raw. */
	if ((f = tmpfile()) == NULL)
		bail("tmpfile");
	fd = dup(2);
	dup2(fileno(f), 2);
	log_conn(&(struct logline){ .client = "192.0.2.7", .key = "alice",
	    .language = "python", .outcome = "bad_request",
	    .message = "field \"x\"\nsecond line", .duration_ms = 12,
	    .reply_ms = 9, .container = "abc", .pool = "hit", .api_calls = 5,
	    .cpu_us = 2100, .maxrss_kb = 5400 });
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	rewind(f);
	if (fgets(line, sizeof(line), f) == NULL)
		bail("no log line");
	ok(strstr(line, "client=\"192.0.2.7\"") != NULL &&
	    strstr(line, "key=\"alice\"") != NULL &&
	    strstr(line, "language=\"python\"") != NULL &&
	    strstr(line, "outcome=\"bad_request\"") != NULL &&
	    strstr(line, "duration_ms=12") != NULL,
	    "the line names client, key, language, outcome and duration");
	ok(strstr(line, "reply_ms=9 ") != NULL &&
	    strstr(line, "pool=\"hit\"") != NULL &&
	    strstr(line, "api_calls=5 cpu_us=2100 maxrss_kb=5400") != NULL,
	    "the line has the reply time, pool use, API calls, CPU and RSS");
	ok(fgets(line, sizeof(line), f) == NULL,
	    "a message with a newline still makes exactly one line");
	fclose(f);

	/* A log_msg line: an engine's answer after a path and an id. */
	if ((f = tmpfile()) == NULL)
		bail("tmpfile");
	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	fd = dup(2);
	dup2(fileno(f), 2);
	log_msg("%.*s: cause", LOG_FIELD_MAX + 50, msg);
	log_msg("%s", msg);
	log_msg("engine said: %s", "no\nrunbox: forged");
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	rewind(f);
	if (fgets(line, sizeof(line), f) == NULL)
		bail("no log_msg line");
	ok(strncmp(line, "runbox: mmm", 11) == 0 &&
	    strstr(line, "m: cause\n") != NULL,
	    "a log_msg line longer than a field keeps its end (the cause)");
	if (fgets(line, sizeof(line), f) == NULL)
		bail("no second log_msg line");
	is_int((long long)strlen(line), (long long)strlen("runbox: ") +
	    LOG_MSG_MAX + 3 + 1, "a longer one is cut at LOG_MSG_MAX bytes");
	ok(strcmp(line + strlen(line) - 4, "...\n") == 0,
	    "and the cut is marked with ...");
	ok(fgets(line, sizeof(line), f) != NULL &&
	    strcmp(line, "runbox: engine said: no\\x0arunbox: forged\n") == 0 &&
	    fgets(line, sizeof(line), f) == NULL,
	    "a newline in a log_msg line cannot start another line");
	fclose(f);
	done_testing();
	return exit_status();
}
