#!/bin/sh
# The listing {"list": "languages"} (docs/protocol.md, "Listing"): names,
# versions from the images' runbox.version labels, aliases, compiled;
# admitted like a run (key, rate, allow-list) but without a slot or a
# container; runbox-submit -L prints it.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
SUBMIT=$(cd "$(dirname "$0")/../.." && pwd)/contrib/runbox-submit
[ -x "$SUBMIT" ] || bail "$SUBMIT is missing or not executable"

# What runbox --check-config says of $T/runbox.conf: the value of one
# column of its language lines, one a line (2: name, 3: image).
conf_languages() {
	"$RUNBOX" --check-config --config "$T/runbox.conf" |
	    awk -v c="$1" '$1 == "language" { print $c }'
}
# The label of an image, "" when it has none (or is missing).
label() {
	v=$(docker image inspect -f '{{index .Config.Labels "runbox.version"}}' \
	    "$1" 2>/dev/null)
	[ "$v" = "<no value>" ] && v=
	printf '%s' "$v"
}
# The versions a listing of $T/runbox.conf should give, as JSON.
versions() {
	for img in $(conf_languages 3); do
		label "$img" | jq -Rs 'if . == "" then null else . end'
	done | jq -cs .
}
# The listing's field of one language, as JSON.
field_of() {
	e2e_field "$r" ".languages[] | select(.name == \"$1\") | .$2 | @json"
}

plan 30
umask 077
printf 'alice:s3cret\n' >"$T/keys"
e2e_config "keys_file $T/keys" "max_per_client 1"
e2e_start
names=$(conf_languages 2 | jq -Rn -c '[inputs]')
nlang=$(printf '%s' "$names" | jq length)

r=$(e2e_req '{"list":"languages"}')
is "$(e2e_field "$r" .error)" unauthorized "a listing without a key is unauthorized when keys are configured"
r=$(e2e_req '{"list":"languages","key":"nope"}')
is "$(e2e_field "$r" .error)" unauthorized "a listing with a wrong key is unauthorized"

before=$(versions)
r=$(e2e_req '{"list":"languages","key":"s3cret"}')
after=$(versions)
is "$(e2e_field "$r" 'keys|@json')" '["languages"]' "the reply holds languages and nothing else"
is "$(e2e_field "$r" '[.languages[].name]|@json')" "$names" \
    "the languages are the configured ones, in the config's order"
is "$(e2e_field "$r" '[.languages[]|keys]|unique|@json')" \
    '[["aliases","compiled","name","version"]]' \
    "each language has name, version, aliases and compiled"
is "$(field_of python aliases):$(field_of javascript aliases):$(field_of ruby aliases)" \
    '["py"]:["js","node"]:["rb"]' \
    "the default aliases: py for python, js and node for javascript, rb for ruby"
is "$(e2e_field "$r" '[.languages[].aliases[]]|length')" \
    "$("$RUNBOX" --check-config --config "$T/runbox.conf" |
    awk '$1 == "alias" { n += NF - 2 } END { print n + 0 }')" \
    "the listing has every alias --check-config prints"
is "$(e2e_field "$r" '[.languages[] | select(.compiled) | .name] | @json')" \
    '["c","cpp","go","rust","java","typescript"]' \
    "c, cpp, go, rust, java and typescript are compiled, the rest not"
got=$(e2e_field "$r" '[.languages[].version]|@json')
[ "$got" = "$before" ] || [ "$got" = "$after" ]
ok $? "each version is its image's runbox.version label, null without one" ||
    diag "got $got, labels $before (before) $after (after)"
like "$(e2e_wait_log 'outcome="list"')" \
    "client=\"127\\.0\\.0\\.1\" key=\"alice\" outcome=\"list\" .*api_calls=$nlang " \
    "the log line has outcome list, the key's name and an image lookup per language"
e2e_log | grep 'outcome="list"' | grep -q 'container='
ok $((! $?)) "the listing's log line names no container"

r=$(e2e_req '{"list":"images","key":"s3cret"}')
is "$(e2e_field "$r" '[.error,.message]|@json')" \
    '["bad_request","field \"list\": \"images\" is not a list runbox has; it has \"languages\""]' \
    "another list is bad_request, naming the field"
r=$(e2e_req '{"list":"languages","key":"s3cret","language":"python"}')
is "$(e2e_field "$r" '[.error,.message]|@json')" \
    '["bad_request","field \"language\": not allowed with \"list\" (a listing takes \"key\" only)"]' \
    "a run's field in a listing is bad_request, naming the field"
r=$(e2e_req '{"list":"languages","code":"print(1)"}')
is "$(e2e_field "$r" .error)" bad_request "a listing with code is bad_request before the key is looked at"

# A listing takes no slot: it is answered while the client's one run goes on.
e2e_req '{"key":"s3cret","language":"python","timeoutMs":8000,"code":"import time; time.sleep(3)"}' \
    >"$T/run" &
runpid=$!
# Wait for that run's container: its runbox.owner label (BOOT:PIDNS:PID:
# START) names a runbox process that this test's listener started.
mine() {
	for o in $(docker ps --filter label=runbox.owner \
	    --format '{{.Label "runbox.owner"}}'); do
		p=$(printf '%s' "$o" | cut -d: -f3)
		[ "$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')" = "$E2E_PID" ] &&
		    return 0
	done
	return 1
}
i=0
until mine || [ $i -ge 200 ]; do
	i=$((i + 1))
	sleep 0.05
done
r=$(e2e_req '{"key":"s3cret","language":"python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" busy "while a run goes on, max_per_client 1 makes another run busy"
r=$(e2e_req '{"list":"languages","key":"s3cret"}')
is "$(e2e_field "$r" '.languages|length')" "$nlang" "but a listing is answered"
wait $runpid
is "$(jq -r .status "$T/run")" ok "and the run ends as usual"
is "$(e2e_log_count 'outcome="list"' 2)" 2 "two listings were served"
e2e_log | grep 'outcome="list"' | grep -v 'container=' |
    grep -c " api_calls=$nlang " | grep -qx 2
ok $? "each listing made one Engine API call per language (its image) and no container"

# runbox-submit -L, with the key and without.
printf 's3cret\n' >"$T/key"
out=$("$SUBMIT" -w 30 -p "$PORT" -K "$T/key" -L)
is "$?:$(printf '%s\n' "$out" | cut -f 1,3 | head -n 3 | tr '\t\n' ':;')" \
    "0:python:py;javascript:js node;ruby:rb;" \
    "runbox-submit -L prints each language with its aliases"
is "$(printf '%s\n' "$out" | cut -f 1 | jq -Rn -c '[inputs]')" "$names" \
    "runbox-submit -L prints every language, in order"
is "$(printf '%s\n' "$out" | cut -f 2 | tr '\n' ';')" \
    "$(printf '%s' "$after" | jq -r '.[] | . // "-"' | tr '\n' ';')" \
    "runbox-submit -L prints each version, - for none"
"$SUBMIT" -w 30 -p "$PORT" -L 2>"$T/err"
is "$?:$(cat "$T/err")" "125:runbox-submit: unauthorized: missing or wrong key" \
    "runbox-submit -L without the key exits 125, unauthorized"
"$SUBMIT" -p "$PORT" -K "$T/key" -L prog.py 2>/dev/null
is "$?" 126 "runbox-submit -L with a program is a usage error"

# Aliases of the config's own, and an image that is not there.
e2e_config "alias python snake" \
    "language python runbox-python main.py python3 -u main.py" \
    "language ghost runbox-no-such-image-t0730 main.x sh main.x" \
    "rate_limit 2 per 1h" "state_file $T/state2"
e2e_start
r=$(e2e_req '{"list":"languages"}')
is "$(e2e_field "$r" '[.languages[]|[.name,.version,.aliases]]|@json')" \
    "[[\"python\",$(printf '%s' "$after" | jq -c '.[0]'),[\"snake\"]],[\"ghost\",null,[]]]" \
    "a config's alias lines replace the defaults; a missing image's version is null"
like "$(e2e_wait_log 'list: language ghost')" \
    'image runbox-no-such-image-t0730 is not on this host' \
    "the log notes the missing image"
r=$(e2e_req '{"list":"languages"}')	# the second of 2 an hour
r=$(e2e_req '{"list":"languages"}')
is "$(e2e_field "$r" .error)" rate_limited "listings count against the rate limit"

e2e_config "allow 192.0.2.0/24" "state_file $T/state3"
e2e_start
r=$(e2e_req '{"list":"languages"}')
is "$(e2e_field "$r" .error)" forbidden "a client outside the allow-list may not list"

e2e_config "docker_socket $T/no-engine.sock" "state_file $T/state3"
e2e_start
r=$(e2e_req '{"list":"languages"}')
is "$(e2e_field "$r" .error)" unavailable "with no engine, a listing is unavailable"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
