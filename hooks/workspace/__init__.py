"""The repository and its tasks: listing, reading and loading files, configuration."""
