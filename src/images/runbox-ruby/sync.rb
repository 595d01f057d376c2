# Loaded before the program (ruby -r, in runbox's language line for
# ruby): Ruby buffers $stdout when it is not a terminal, and exit! or a
# SIGKILL would drop what the buffer holds.  Writing through, as Ruby
# does on a terminal, returns everything the program wrote however it
# ends (docs/protocol.md, "What a program can rely on").
$stdout.sync = true
$stderr.sync = true
