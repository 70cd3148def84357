#!/bin/sh
# expect: DET101@3 DET201@4 DET201@5 DET204@6 DET101@7
LOG="/tmp/run-$(date +%s).log"
N=$((RANDOM % 10 + 1))
sort -R /app/cases.txt | head -n "$N" > /tmp/cases.txt
head -c 16 /dev/urandom | od -An -tx1 > /tmp/token
echo "elapsed: $SECONDS s" >> "$LOG"
