#!/bin/bash
# expect: DET204@3 DET204@6
SCRATCH="$(mktemp -d -t grader.XXXX)"
/app/solve --out "$SCRATCH/answer.txt"
printf 'answer written to %s\n' "$SCRATCH/answer.txt"
mktemp
