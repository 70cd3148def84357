"""Running a task's reward function on one candidate in a locked-down container."""
