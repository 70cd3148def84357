"""Repository access: the repo, its config, tasks, file listing and never-raising loaders."""
