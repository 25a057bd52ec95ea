"""One module per subcommand; each exposes `execute(args) -> int` (the exit code)."""
