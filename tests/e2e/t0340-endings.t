#!/bin/sh
# Nothing the program wrote is lost, however it ends (docs/protocol.md,
# "What a program can rely on"): in each language, a program writes
# 300000 bytes to stdout (more than a pipe's default 64 KiB, so a runtime
# that writes without blocking must not queue them) and a line to stderr,
# then ends by itself, by an explicit exit call, by the runtime's
# immediate exit (os._exit, process.exit, exit!), by an uncaught
# exception, at the deadline, or at the output cap.  Every byte comes
# back, the cap's up to the cap.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 38
e2e_config "max_output_bytes 1048576"
e2e_start

N=300000
# At the cap: the cap's bytes in all, the stderr line's 4 among them.
CAPPED=$((1048576 - 4))
# case LANGUAGE ENDING STATUS STDOUT-BYTES CODE
case_() {
	r=$(e2e_req "$(jq -nc --arg l "$1" --arg c "$5" \
	    '{language: $l, code: $c, timeoutMs: 1500}')")
	is "$(e2e_field "$r" '[.status, (.stdout | length)] | @json')" \
	    "[\"$3\",$4]" "$1, $2: status $3 and all $4 bytes of stdout"
	if [ "$2" = "output cap" ]; then
		is "$(e2e_field "$r" '[(.combined | length), .stderr] | @json')" \
		    '[1048576,"err\n"]' "$1, $2: the cap's 1048576 bytes in all, stderr's line among them"
		return
	fi
	is "$(e2e_field "$r" '.stderr | split("\n")[0]')" "err" \
	    "$1, $2: stderr's line too"
}

py="import os, sys
sys.stdout.write('n' * $N)
sys.stderr.write('err\\n')
"
case_ python "normal end" ok $N "$py"
case_ python "sys.exit(0)" ok $N "${py}sys.exit(0)"
case_ python "os._exit(0)" ok $N "${py}os._exit(0)"
case_ python "uncaught exception" runtime_error $N "${py}raise ValueError('x')"
case_ python "deadline" timeout $N "${py}import time
time.sleep(30)"
case_ python "output cap" output_limit $CAPPED "${py}sys.stdout.write('c' * 2000000)"

js="process.stdout.write('n'.repeat($N));
process.stderr.write('err\\n');
"
case_ javascript "normal end" ok $N "$js"
case_ javascript "process.exitCode" ok $N "${js}process.exitCode = 0;"
case_ javascript "process.exit(0)" ok $N "${js}process.exit(0);"
case_ javascript "uncaught exception" runtime_error $N "${js}throw new Error('x');"
case_ javascript "deadline" timeout $N "${js}for (;;) {}"
case_ javascript "output cap" output_limit $CAPPED "${js}process.stdout.write('c'.repeat(2000000));"

rb="\$stdout.write('n' * $N)
\$stderr.write(\"err\\n\")
"
case_ ruby "normal end" ok $N "$rb"
case_ ruby "exit(0)" ok $N "${rb}exit(0)"
case_ ruby "exit!(0)" ok $N "${rb}exit!(0)"
case_ ruby "uncaught exception" runtime_error $N "${rb}raise 'x'"
case_ ruby "deadline" timeout $N "${rb}sleep 30"
case_ ruby "output cap" output_limit $CAPPED "${rb}\$stdout.write('c' * 2000000)"

# The output cap keeps the program's order: blocks of 16 KiB alternating
# between the streams, 1 ms apart, cut at the cap.
code='import os, time
for i in range(100):
    os.write(1 + i % 2, b"%07d\n" % i * 2048)
    time.sleep(0.001)'
r=$(e2e_req "$(jq -nc --arg c "$code" '{language: "python", code: $c, timeoutMs: 10000}')")
printf '%s' "$r" | jq -j .combined >"$T/combined"
i=0
while [ $i -lt 100 ]; do
	printf '%07d\n' "$i" | awk '{ for (k = 0; k < 2048; k++) print }'
	i=$((i + 1))
done | head -c 1048576 >"$T/want"
cmp -s "$T/combined" "$T/want"
ok $? "blocks alternating between the streams, cut at the cap, come back in program order ($(wc -c <"$T/combined") bytes)"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
