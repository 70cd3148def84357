"""Differential testing: the ground truth and a candidate on the same generated inputs, each in
its own sandboxed process, compared through a serialisation boundary."""
