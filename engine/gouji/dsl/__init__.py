"""The gouji rule language: grammar loading, the AST, human error messages, compilation."""
