"""The training reward: scoring model responses with the sandbox and verdicts the gate and calibration use."""
