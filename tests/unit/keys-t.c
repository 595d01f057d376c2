/* keys-t.c: unit tests for the API keys file (keys.c). */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keys.h"
#include "tap.h"

static char	dir[] = "/tmp/keys-t.XXXXXX";

static const char *write_file(const char *, const void *, size_t, mode_t);
static void	test_good(void);
static void	test_modes(void);
static void	test_malformed(void);
static void	test_check(void);
static void	cleanup(void);

/* Write a file under dir; returns its path (static storage). */
static const char *
write_file(const char *name, const void *text, size_t len, mode_t mode)
{
	static char	path[256];
	int		fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	(void)unlink(path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		bail("open %s failed", path);
	if (write(fd, text, len) != (ssize_t)len)
		bail("write %s failed", path);
	if (fchmod(fd, mode) == -1)
		bail("fchmod %s failed", path);
	close(fd);
	return path;
}

static void
test_good(void)
{
	static const char	text[] =
	    "# runbox keys\n"
	    "\n"
	    "alice:s3cret\n"
	    "   # an indented comment\n"
	    "bob.b-2_x:with:colons and spaces \n"
	    "carol:crlf\r\n"
	    "dave:#not a comment";
	struct keys	 ks;
	struct err	 e;
	const char	*path;

	path = write_file("good", text, sizeof(text) - 1, 0600);
	if (!ok(keys_load(&ks, path, &e) == 0, "a mode 0600 keys file loads"))
		diag("%s", e.msg);
	is_int(ks.n, 4, "comments and blank lines are skipped");
	is_string(ks.v[0].name, "alice", "a key's name is before the colon");
	is_bytes(ks.v[0].secret, ks.v[0].len, "s3cret", 6,
	    "a key's secret is after the colon");
	is_bytes(ks.v[1].secret, ks.v[1].len, "with:colons and spaces ", 23,
	    "a secret is everything after the first colon, exactly");
	is_bytes(ks.v[2].secret, ks.v[2].len, "crlf\r", 5,
	    "a carriage return before the newline is kept");
	is_bytes(ks.v[3].secret, ks.v[3].len, "#not a comment", 14,
	    "a last line without a newline is read");
	ok(ks.v[0].secret[6] == '\0' &&
	    ks.v[0].secret[KEYS_SECRET_MAX - 1] == '\0',
	    "a secret is zero padded");
	keys_free(&ks);
	ok(ks.v == NULL && ks.n == 0, "keys_free empties the set");
	/* A second free must find nothing to free (ASan would see one). */
	keys_free(&ks);
	ok(ks.v == NULL && ks.n == 0,
	    "keys_free of an emptied set leaves it empty");

	path = write_file("owner-only", "a:b\n", 4, 0400);
	ok(keys_load(&ks, path, &e) == 0, "a mode 0400 keys file loads");
	keys_free(&ks);
	path = write_file("others-write", "a:b\n", 4, 0622);
	ok(keys_load(&ks, path, &e) == 0,
	    "a file only writable by others is not refused for that");
	keys_free(&ks);
}

static void
test_modes(void)
{
	struct keys	 ks;
	struct err	 e;
	const char	*path;
	char		 want[400], sub[300];

	path = write_file("m644", "a:b\n", 4, 0644);
	snprintf(want, sizeof(want), "%s: readable by group or others "
	    "(chmod 600)", path);
	ok(keys_load(&ks, path, &e) == -1 && e.code == ERR_INTERNAL &&
	    strcmp(e.msg, want) == 0, "a mode 0644 keys file is refused");
	ok(ks.v == NULL && ks.n == 0, "a refused file leaves no keys");
	path = write_file("m640", "a:b\n", 4, 0640);
	ok(keys_load(&ks, path, &e) == -1 &&
	    strstr(e.msg, "readable by group or others") != NULL,
	    "a mode 0640 keys file is refused");
	path = write_file("m604", "a:b\n", 4, 0604);
	ok(keys_load(&ks, path, &e) == -1 &&
	    strstr(e.msg, "readable by group or others") != NULL,
	    "a mode 0604 keys file is refused");

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	if (mkdir(sub, 0700) == -1)
		bail("mkdir failed");
	snprintf(want, sizeof(want), "%s: not a regular file", sub);
	ok(keys_load(&ks, sub, &e) == -1 && strcmp(e.msg, want) == 0,
	    "a directory is refused as not a regular file");
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/fifo", dir);
	if (mkfifo(sub, 0600) == -1)
		bail("mkfifo failed");
	ok(keys_load(&ks, sub, &e) == -1 && strstr(e.msg,
	    "not a regular file") != NULL,
	    "a FIFO is refused without blocking");
	unlink(sub);

	snprintf(want, sizeof(want), "%s/missing", dir);
	ok(keys_load(&ks, want, &e) == -1 &&
	    strstr(e.msg, "/missing: No such file or directory") != NULL,
	    "a missing file is refused with the reason");

	path = write_file("target", "a:b\n", 4, 0600);
	snprintf(sub, sizeof(sub), "%s/link", dir);
	if (symlink(path, sub) == -1)
		bail("symlink failed");
	ok(keys_load(&ks, sub, &e) == 0 && ks.n == 1,
	    "a symbolic link to a private file is followed");
	keys_free(&ks);
	unlink(sub);
}

struct bad_file {
	const char	*text;
	size_t		 len;		/* 0: strlen */
	const char	*want;		/* message after the path */
};

static void
test_malformed(void)
{
	static char	long_secret[KEYS_SECRET_MAX + 8];
	static char	max_secret[KEYS_SECRET_MAX + 8];
	static char	long_name[KEYS_NAME_MAX + 8];
	const struct bad_file	bad[] = {
		{ "alice\n", 0, ":1: expected NAME:SECRET" },
		{ "# c\n:secret\n", 0, ":2: empty name" },
		{ "alice:\n", 0, ":1: empty secret" },
		{ "a:b\nal ice:x\n", 0, ":2: name may hold only" },
		{ " alice:x\n", 0, ":1: name may hold only" },
		{ "al/ice:x\n", 0, ":1: name may hold only" },
		{ "alice:x\nalice:y\n", 0, ":2: duplicate name \"alice\"" },
		{ "alice:x\nbob:x\n", 0, ":2: same secret as \"alice\"" },
		{ "alice:x\0y\n", 10, ":1: NUL byte" },
		{ long_secret, 0, ":1: secret longer than 255 bytes" },
		{ long_name, 0, ":1: name longer than 63 bytes" },
		{ "# nothing\n\n", 0, ": no keys" },
		{ "", 0, ": no keys" },
	};
	struct keys	 ks;
	struct err	 e;
	const char	*path;
	char		*big;
	size_t		 i, len, plen;

	memset(long_secret, 'x', sizeof(long_secret) - 1);
	/* A secret of KEYS_SECRET_MAX bytes, one too many. */
	memcpy(long_secret, "a:", 2);
	long_secret[2 + KEYS_SECRET_MAX] = '\0';
	memset(long_name, 'n', sizeof(long_name) - 1);
	memcpy(long_name + KEYS_NAME_MAX, ":x", 3);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = bad[i].len != 0 ? bad[i].len : strlen(bad[i].text);
		path = write_file("bad", bad[i].text, len, 0600);
		plen = strlen(path);
		ok(keys_load(&ks, path, &e) == -1 && e.code == ERR_INTERNAL &&
		    strncmp(e.msg, path, plen) == 0 &&
		    strncmp(e.msg + plen, bad[i].want, strlen(bad[i].want)) ==
		    0 && ks.v == NULL,
		    "a malformed keys file is refused with \"FILE%s\"",
		    bad[i].want);
		if (strncmp(e.msg + plen, bad[i].want, strlen(bad[i].want)))
			diag("got \"%s\"", e.msg);
	}

	memset(max_secret, 'y', sizeof(max_secret) - 1);
	/* A secret of KEYS_SECRET_MAX - 1 bytes, the most allowed. */
	memcpy(max_secret, "a:", 2);
	max_secret[2 + KEYS_SECRET_MAX - 1] = '\n';
	max_secret[2 + KEYS_SECRET_MAX] = '\0';
	path = write_file("max", max_secret, strlen(max_secret), 0600);
	ok(keys_load(&ks, path, &e) == 0 && ks.n == 1 &&
	    ks.v[0].len == KEYS_SECRET_MAX - 1,
	    "a secret of KEYS_SECRET_MAX - 1 bytes is accepted");
	ok(keys_check(&ks, max_secret + 2, KEYS_SECRET_MAX - 1) != NULL,
	    "a secret of KEYS_SECRET_MAX - 1 bytes matches itself");
	keys_free(&ks);

	/* KEYS_MAX + 1 keys. */
	if ((big = malloc((KEYS_MAX + 1) * 16)) == NULL)
		bail("out of memory");
	len = 0;
	for (i = 0; i <= KEYS_MAX; i++)
		len += snprintf(big + len, 16, "k%zu:s%zu\n", i, i);
	path = write_file("many", big, len, 0600);
	plen = strlen(path);
	ok(keys_load(&ks, path, &e) == -1 &&
	    strcmp(e.msg + plen, ":1025: more than 1024 keys") == 0,
	    "more than KEYS_MAX keys are refused");
	path = write_file("many", big, len - strlen("k1024:s1024\n"), 0600);
	ok(keys_load(&ks, path, &e) == 0 && ks.n == KEYS_MAX,
	    "KEYS_MAX keys are accepted");
	ok(keys_check(&ks, "s1023", 5) != NULL &&
	    strcmp(keys_check(&ks, "s1023", 5), "k1023") == 0,
	    "the last of KEYS_MAX keys is found");
	keys_free(&ks);
	free(big);

	if ((big = malloc(1024 * 1024 + 2)) == NULL)
		bail("out of memory");
	memset(big, '#', 1024 * 1024 + 1);
	path = write_file("huge", big, 1024 * 1024 + 1, 0600);
	ok(keys_load(&ks, path, &e) == -1 &&
	    strstr(e.msg, ": larger than 1048576 bytes") != NULL,
	    "a keys file over 1 MiB is refused");
	free(big);
}

static void
test_check(void)
{
	static const char	text[] =
	    "alice:correct-horse\nbob:battery-staple-9\ncarol:c\n";
	struct keys	 ks, none = { NULL, 0 };
	struct err	 e;
	const char	*path, *name;
	char		 longer[KEYS_SECRET_MAX + 16];

	path = write_file("check", text, sizeof(text) - 1, 0600);
	if (keys_load(&ks, path, &e) == -1)
		bail("%s", e.msg);
	name = keys_check(&ks, "correct-horse", 13);
	is_string(name, "alice", "the right key gives its name");
	name = keys_check(&ks, "battery-staple-9", 16);
	is_string(name, "bob", "a key in the middle gives its name");
	name = keys_check(&ks, "c", 1);
	is_string(name, "carol", "a one-byte key gives its name");
	ok(keys_check(&ks, "correct-horsf", 13) == NULL,
	    "a wrong key gives NULL");
	ok(keys_check(&ks, "correct-hors", 12) == NULL,
	    "a prefix of a key gives NULL");
	ok(keys_check(&ks, "correct-horse!", 14) == NULL,
	    "a key with a byte more gives NULL");
	ok(keys_check(&ks, "correct-horse\0", 14) == NULL,
	    "a key with a NUL more gives NULL");
	ok(keys_check(&ks, "", 0) == NULL, "an empty key gives NULL");
	ok(keys_check(&ks, NULL, 0) == NULL, "a NULL key gives NULL");
	ok(keys_check(&ks, "alice", 5) == NULL,
	    "a key's name is not its secret");
	memset(longer, 'c', sizeof(longer));
	ok(keys_check(&ks, longer, sizeof(longer)) == NULL,
	    "a key longer than KEYS_SECRET_MAX gives NULL");
	memcpy(longer, "correct-horse", 13);
	memset(longer + 13, 0, sizeof(longer) - 13);
	ok(keys_check(&ks, longer, KEYS_SECRET_MAX) == NULL,
	    "a key zero-padded to KEYS_SECRET_MAX bytes gives NULL");
	ok(keys_check(&ks, longer, sizeof(longer)) == NULL,
	    "a key zero-padded past KEYS_SECRET_MAX bytes gives NULL");
	ok(keys_check(&none, "x", 1) == NULL, "an empty key set gives NULL");
	keys_free(&ks);
}

static void
cleanup(void)
{
	static const char *const names[] = { "good", "owner-only",
	    "others-write", "m644", "m640", "m604", "target", "bad", "max",
	    "many", "huge", "check" };
	char	path[256];
	size_t	i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		(void)unlink(path);
	}
	if (rmdir(dir) == -1)
		diag("could not remove %s", dir);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp failed");
	umask(077);
	test_good();
	test_modes();
	test_malformed();
	test_check();
	cleanup();
	done_testing();
	return exit_status();
}
