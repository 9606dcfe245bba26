"""The ``gouji`` subcommands, one module each: ``add(subparsers)`` and ``run(args) -> int``."""
