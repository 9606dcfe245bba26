"""Exit statuses, as Ruff has them: 0 nothing failed, 1 something failed, 2 gouji could not run
as asked (usage, unreadable rule files, a bad ruleset, an unreadable input for ``parse``)."""

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2
