"""The reward-function gate: stubs, reruns, mutants, meta mutants, as RUN findings."""
