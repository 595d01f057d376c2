#!/bin/sh
# Hostile code, files: fill the writable tmpfs, fill /dev/shm, write past
# the file-size limit, write to the read-only root, open files until the
# descriptor limit (tmpfs_mb, ShmSize, Ulimits fsize and nofile,
# ReadonlyRootfs).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 24
e2e_config
e2e_start

# Fill a directory with 1 MB files (each well under the file-size limit,
# so that only the file system's size can stop it).
fill='import errno, json, os, sys
d = sys.argv[1]
st = os.statvfs(d)
n = 0; err = None
try:
    while n < 200:
        with open("%s/fill%03d" % (d, n), "wb", buffering=0) as f:
            f.write(b"x" * (1 << 20))
        n += 1
except OSError as e:
    err = errno.errorcode.get(e.errno, str(e.errno))
print(json.dumps({"err": err, "mb": n, "size_mb": st.f_blocks * st.f_frsize >> 20}))'

atk_run "$fill" '{"args":["/tmp"],"memoryLimitMb":128}'
j=$(atk_out)
diag "fill /tmp: $j"
is "$(atk_get .status)" ok "a program filling /tmp gets its errors and exits normally"
is "$(printf '%s' "$j" | jq -r .err)" ENOSPC "filling the /tmp tmpfs ends in ENOSPC"
mb=$(printf '%s' "$j" | jq .mb)
[ "${mb:-999}" -le 16 ] && [ "${mb:-0}" -ge 8 ]
ok $? "at most tmpfs_mb (16) MB fit in /tmp (wrote $mb MB)"
is "$(printf '%s' "$j" | jq .size_mb)" 16 "the /tmp tmpfs is tmpfs_mb (16 MB) large"
atk_next_ok "filling /tmp"

atk_run "$fill" '{"args":["/dev/shm"],"memoryLimitMb":128}'
j=$(atk_out)
diag "fill /dev/shm: $j"
is "$(printf '%s' "$j" | jq -r .err)" ENOSPC "filling /dev/shm ends in ENOSPC"
mb=$(printf '%s' "$j" | jq .mb)
[ "${mb:-999}" -le 16 ] && [ "${mb:-0}" -ge 8 ]
ok $? "at most tmpfs_mb (16) MB fit in /dev/shm (wrote $mb MB; the engine's default would be 64)"
atk_next_ok "filling /dev/shm"

# One file past the file-size limit.  A sparse file costs the tmpfs one
# page, so only RLIMIT_FSIZE can refuse it.  Python ignores SIGXFSZ (the
# write fails with EFBIG); with the default action the kernel kills it.
fsize='import errno, os, resource, signal, sys
if sys.argv[1:] == ["default"]:
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
print("limit", resource.getrlimit(resource.RLIMIT_FSIZE)[0], flush=True)
with open("sparse", "wb", buffering=0) as f:
    f.seek(20 << 20)
    try:
        f.write(b"x")
        print("wrote past 20 MB", flush=True)
    except OSError as e:
        print(errno.errorcode.get(e.errno, str(e.errno)), flush=True)'
atk_run "$fsize"
diag "fsize, SIGXFSZ ignored (python's default): $(atk_out | tr '\n' ' ')"
is "$(atk_get '[.status,.stdout]|@json')" '["ok","limit 16777216\nEFBIG\n"]' \
    "writing one byte at 20 MB, past the 16 MB file-size limit, fails with EFBIG"
atk_run "$fsize" '{"args":["default"]}'
diag "fsize, SIGXFSZ default: $(atk_get '[.status,.signal,.exitCode]|@json')"
is "$(atk_get '[.status,.signal,.exitCode]|@json')" '["runtime_error","SIGXFSZ",null]' \
    "with SIGXFSZ at its default, the write past the limit kills the program with SIGXFSZ"
is "$(atk_get .stdout)" "limit 16777216" "the program killed by SIGXFSZ never wrote past the limit"
atk_next_ok "a write past the file-size limit"

# The read-only root: creating anything outside the tmpfs mounts is EROFS
# (not merely EACCES for user 65534: the mount itself refuses).
code='import errno, json, os
res = {}
for p in ("/probe", "/usr/probe", "/etc/probe", "/var/tmp/probe", "/usr/local/bin/probe"):
    try:
        open(p, "w").close()
        res[p] = "created"
    except OSError as e:
        res[p] = errno.errorcode.get(e.errno, str(e.errno))
for p in ("/probedir", "/etc/probedir"):
    try:
        os.mkdir(p)
        res[p] = "created"
    except OSError as e:
        res[p] = errno.errorcode.get(e.errno, str(e.errno))
print(json.dumps(res))'
atk_run "$code"
j=$(atk_out)
diag "writes to the root: $j"
for p in /probe /usr/probe /etc/probe /var/tmp/probe /usr/local/bin/probe; do
	is "$(printf '%s' "$j" | jq -r --arg p "$p" '.[$p]')" EROFS \
	    "creating $p fails with EROFS (read-only root)"
done
is "$(printf '%s' "$j" | jq -c '[.["/probedir"], .["/etc/probedir"]]')" '["EROFS","EROFS"]' \
    "making a directory in / or /etc fails with EROFS"

# Open files until the descriptor limit, then try to raise it.
code='import errno, os, resource
fds = []
err = None
try:
    while len(fds) < 100000:
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError as e:
    err = errno.errorcode.get(e.errno, str(e.errno))
print(len(fds), err, *resource.getrlimit(resource.RLIMIT_NOFILE))
try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
    print("raised")
except (ValueError, OSError):
    print("refused")'
atk_run "$code"
set -- $(atk_out)
diag "open files: $1 opened, then $2; limit $3/$4; raising it: $5"
is "$2" EMFILE "opening files without end fails with EMFILE"
[ "${1:-999}" -le 256 ] && [ "${1:-0}" -ge 200 ]
ok $? "at most 256 files can be open (opened $1 besides stdin, stdout, stderr)"
is "$3 $4 $5" "256 256 refused" "the nofile limit is 256, soft and hard, and cannot be raised"
atk_next_ok "running out of file descriptors"

atk_mine_gone "the file attacks"
atk_finish_clean
finish
