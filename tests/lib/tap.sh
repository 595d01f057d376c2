# tap.sh: a small TAP producer for the shell end-to-end tests.
# Source it, then: plan N; ok COND-STATUS "description"; is GOT WANT "desc";
# like GOT REGEX "desc"; diag TEXT; bail TEXT; finish at the end.
# todo REASON marks the next test as a known failure (TAP "# TODO"): it is
# reported, and prove lists it if it starts to pass, but it fails nothing.
# skip REASON is one test that cannot run on this host, counted in the
# plan ("ok N # skip REASON"); skip_all REASON, in place of plan, says
# that none of the script's tests can ("1..0 # SKIP REASON") and exits 0.
# A reason says what is missing for the test to mean something.  A skip
# is not a pass: never `ok 0` a test that did not check anything.

tap_n=0
tap_failed=0
tap_planned=
tap_todo=

plan() { tap_planned=$1; echo "1..$1"; }
skip() { tap_n=$((tap_n + 1)); tap_todo=; echo "ok $tap_n # skip $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
todo() { tap_todo=$*; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
bail() { echo "Bail out! $*"; exit 255; }

# ok STATUS DESCRIPTION: passes when STATUS is 0 (use `cmd; ok $? "..."`).
ok() {
	tap_n=$((tap_n + 1))
	tap_dir=
	[ -n "$tap_todo" ] && tap_dir=" # TODO $tap_todo"
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2$tap_dir"
	else
		echo "not ok $tap_n - $2$tap_dir"
		[ -n "$tap_todo" ] || tap_failed=$((tap_failed + 1))
	fi
	tap_todo=
	return "$1"
}

is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:  '$(printf %s "$1" | head -c 400)'"
		diag "want: '$(printf %s "$2" | head -c 400)'"
		return 1
	fi
}

# like GOT EXTENDED-REGEX DESCRIPTION
like() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got:  '$(printf %s "$1" | head -c 400)'"
		diag "want match of: $2"
		return 1
	fi
}

finish() {
	if [ -z "$tap_planned" ]; then
		echo "1..$tap_n"
		tap_planned=$tap_n
	fi
	[ "$tap_failed" -eq 0 ] && [ "$tap_n" -eq "$tap_planned" ]
	exit $?
}
