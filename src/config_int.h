/*
 * config_int.h: what the configuration file's two source files share,
 * config.c (the file's lines, the directive table, the global
 * directives) and config_lang.c (language, compile, override and alias
 * lines, each language's limits).  Private to them: callers elsewhere
 * use config.h.
 */
#ifndef RUNBOX_CONFIG_INT_H
#define RUNBOX_CONFIG_INT_H

#include <stddef.h>

#include "config.h"

#define CONFIG_NDIRECTIVES	31	/* directives[] in config.c */
#define CONFIG_NOVERRIDABLES	5	/* overridables[] in config_lang.c */
#define CONFIG_WHY_MAX		256	/* a parse function's reason */
#define CONFIG_ALIAS_WORDS_MAX	16	/* aliases on one alias line */
/*
 * Lines kept until the last one (struct config_pstate): one compile line
 * per language and one override line per language and directive can name
 * configured languages, so more are refused as they come.
 */
#define CONFIG_COMPILES_MAX	CONFIG_MAX_LANGUAGES
#define CONFIG_OVERRIDES_MAX	(CONFIG_MAX_LANGUAGES * CONFIG_NOVERRIDABLES)

/* What names (languages, aliases, default_language) and runtime hold. */
#define CONFIG_NAME_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789_+-"
#define CONFIG_RUNTIME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
				"abcdefghijklmnopqrstuvwxyz0123456789_.-"

struct config_pstate;
struct config_directive;
struct config_overridable;

/*
 * A directive's parse function: the ac values av of one of its lines
 * (their count within its minargs..maxargs, checked by config_parse)
 * into the config, or into the parser's state for what can only be
 * checked after the last line.  Returns 0, or -1 with the reason in why
 * (config_parse puts the file, line and directive before it).
 */
typedef int config_set_fn(struct config *, struct config_pstate *,
    const struct config_directive *, char **av, size_t ac, char *why,
    size_t whylen);

enum config_numtype { CONFIG_NUM_INT, CONFIG_NUM_UINT, CONFIG_NUM_SIZE };

/* An entry of the directive table (config.c's directives[]). */
struct config_directive {
	const char		*name;
	config_set_fn		*parse;
	size_t			 minargs, maxargs;
	int			 repeatable;
	const char		*usage;
	size_t			 offset;	/* of the member set */
	enum config_numtype	 type;		/* set_number */
	long long		 min, max;	/* set_number */
};

/* A compile line, kept until the last line names the languages. */
struct config_pending_compile {
	char	name[CONFIG_NAME_MAX];
	char	command[CONFIG_MAX_COMMAND][CONFIG_WORD_MAX];
	size_t	ncommand;
	size_t	line;
};

/* An override line, likewise. */
struct config_pending_override {
	char				 name[CONFIG_NAME_MAX];
	const struct config_overridable	*what;
	struct config_limit		 value;	/* a single value: def */
	size_t				 line;
};

/* config_parse's state from one line to the next. */
struct config_pstate {
	const char	*name;		/* file name for messages */
	size_t		 lineno;
	size_t		 seen[CONFIG_NDIRECTIVES];	/* line of each or 0 */
	int		 allow_seen;
	int		 language_seen;
	int		 alias_seen;
	size_t		 alias_line[CONFIG_MAX_ALIASES];	/* of each */
	struct config_pending_compile	compiles[CONFIG_COMPILES_MAX];
	size_t		 ncompiles;
	struct config_pending_override	overrides[CONFIG_OVERRIDES_MAX];
	size_t		 noverrides;
};

/* config.c */

/* The directive table's entry called name, or NULL. */
const struct config_directive *config_directive_named(const char *name);

/*
 * A decimal number of digits only (no sign, no spaces), min..max, into
 * *out.  Returns 0, or -1 (*out unspecified) when s is not one.
 */
int	config_parse_uint(const char *s, long long min, long long max,
	    long long *out);

/* Whether s is not empty and all its characters are of set. */
int	config_chars_ok(const char *s, const char *set);

/* config_lang.c: the languages' directives and the limits they override. */
config_set_fn	config_set_limit_pair;
config_set_fn	config_set_language;
config_set_fn	config_set_compile;
config_set_fn	config_set_override;
config_set_fn	config_set_alias;

/*
 * The default languages and aliases into cfg, each language's limits
 * resolved from the global directives, which must be in cfg already
 * (config_defaults sets them first).
 */
void	config_lang_defaults(struct config *cfg);

/*
 * What config_parse checks of the languages after the last line, in
 * this order: the aliases (or the default ones, without alias lines),
 * the compile and override lines kept in ps (each must name a
 * configured language, and goes into it), then every language's limits
 * resolved and checked.  On error returns -1 with e set as config_parse
 * says.
 */
int	config_lang_check(struct config *, struct config_pstate *ps,
	    struct err *e);

/* config_print's language, compile, override and alias lines. */
void	config_lang_print(const struct config *, FILE *);

#endif
