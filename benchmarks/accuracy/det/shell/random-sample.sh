#!/bin/bash
# expect: DET201@4 DET101@5 DET201@6
INPUT=/app/words.txt
shuf -n 20 "$INPUT" > /tmp/sample.txt
STAMP=$(date +%Y%m%d%H%M%S)
SEED=$RANDOM
echo "sample $STAMP seed $SEED"
python3 /app/count.py /tmp/sample.txt
