#!/bin/sh
# Languages: unsupported_language lists the configured ones
# (docs/protocol.md, runbox.conf(5)); a request may name one by an alias
# (docs/configuration.md, "Aliases").
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 15
e2e_config
e2e_start
since=$(date +%s.%N)

r=$(e2e_req '{"language":"cobol","code":"DISPLAY 1"}')
is "$(e2e_field "$r" .error)" unsupported_language "an unknown language is unsupported_language"
msg=$(e2e_field "$r" .message)
like "$msg" 'python' "the message lists python"
like "$msg" 'javascript' "the message lists javascript"
like "$msg" 'ruby' "the message lists ruby"
like "$msg" 'cobol' "the message names the language asked for"
r=$(e2e_req '{"language":"Python","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unsupported_language "language names are case-sensitive: Python is not python"
is "$(e2e_creates_since "$since")" 0 "an unsupported language starts no container"

# A config with its own languages replaces the defaults.
e2e_config "language py runbox-python main.py python3 -u main.py" \
    "language rb runbox-ruby main.rb ruby main.rb" \
    "default_language rb"
e2e_start
r=$(e2e_req '{"language":"python","code":"print(1)"}')
msg=$(e2e_field "$r" .message)
is "$(e2e_field "$r" .error)" unsupported_language \
    "a default language that the config does not list is unsupported"
like "$msg" 'py.*rb|rb.*py' "the message lists the configured languages py and rb"
r=$(e2e_req '{"code":"puts RUBY_ENGINE"}')
is "$(e2e_field "$r" '[.status,.language,.stdout]|@json')" '["ok","rb","ruby\n"]' \
    "a request without language runs the configured default_language"

e2e_config
e2e_start
r=$(e2e_req '{"language":"py","code":"print(6*7)"}')
is "$(e2e_field "$r" '[.status,.language,.stdout]|@json')" '["ok","python","42\n"]' \
    "language py, a default alias, runs python, and the result names python"
e2e_wait_log 'language="python" outcome="ok"' >/dev/null
ok $? "the log names the language, not the alias"
e2e_config "alias python snake"
e2e_start
r=$(e2e_req '{"language":"snake","code":"print(1)"}')
is "$(e2e_field "$r" '[.status,.language]|@json')" '["ok","python"]' \
    "an alias line of the config's own gives python the alias snake"
r=$(e2e_req '{"language":"py","code":"print(1)"}')
is "$(e2e_field "$r" .error)" unsupported_language \
    "alias lines replace the default aliases: py is gone"

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
