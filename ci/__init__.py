"""Jobs that need a Docker engine or git history: builds, sandboxed runs, calibration, planning."""
