#!/bin/bash
# expect: DET201@3
N=$(( RANDOM % 5 + 1 ))
RANDOM=7
M=$(( RANDOM % 5 + 1 ))
python3 /app/run.py --n "$N" --m "$M"
