"""The dataset repository on disk: its root, configuration, tasks, files, and writing them."""
