# Loaded before the program (perl -MRunboxSync, in runbox's language line
# for perl): Perl buffers STDOUT when it is not a terminal, and
# POSIX::_exit or a SIGKILL would drop what the buffer holds.  Writing
# through ($| on STDOUT; STDERR is unbuffered already) returns everything
# the program wrote however it ends (docs/protocol.md, "What a program
# can rely on").
package RunboxSync;
STDOUT->autoflush(1);
1;
