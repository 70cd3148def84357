"""One module per `taskgate` subcommand."""
