"""Reading a Dockerfile: instructions and their positions, RUN shell words and argv, build stages, the build context."""
