#!/bin/sh
# Runs INSIDE the sandbox for a task whose image need not have Python: the test command once per
# variant of solution/, in one container (the POSIX-shell twin of mutant_driver.py).
#
#   sh /task/.taskgate/driver.sh TARGET BASE VARIANTS COUNT TIMEOUT BUDGET -- ARGV...
#
# Before variant N the writable TARGET (a tmpfs) is reset from the read-only pristine copy BASE,
# then VARIANTS/N/ (the mutated files) is copied over it; variant 0 is the unmutated ground truth.
# ARGV runs from /task under `timeout` (TERM, then KILL 5 s later, to its process group). No
# variant starts once BUDGET seconds have passed. After every variant one line
# "N exited|timeout EXIT_CODE SECONDS" is appended to /out/results, and the last 4000 bytes of its
# output to /out/outputs as "N LENGTH\n" followed by exactly LENGTH bytes (so the output cannot
# forge a record boundary). Only the standard utilities of Debian and busybox are used.
set -u
target=$1 base=$2 variants=$3 count=$4 per_variant=$5 budget=$6
shift 7
uptime() { read -r up _ </proc/uptime; echo "$up"; }
started=$(uptime)
scratch=$(mktemp -d)
i=0
while [ "$i" -lt "$count" ]; do
  now=$(uptime)
  if [ "$i" -gt 0 ] && [ "$(awk -v a="$now" -v b="$started" -v c="$budget" 'BEGIN { print (a - b > c) }')" = 1 ]; then
    break
  fi
  find "$target" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
  cp -R "$base/." "$target/"
  if [ -d "$variants/$i" ]; then
    cp -R "$variants/$i/." "$target/"
  fi
  begin=$(uptime)
  (cd /task && exec timeout -k 5 "$per_variant" "$@") </dev/null >"$scratch/output" 2>&1
  code=$?
  end=$(uptime)
  status=exited
  [ "$code" -eq 124 ] || [ "$code" -eq 137 ] && status=timeout
  seconds=$(awk -v a="$end" -v b="$begin" 'BEGIN { printf "%.2f", a - b }')
  tail -c 4000 "$scratch/output" >"$scratch/tail"
  printf '%s %s\n' "$i" "$(wc -c <"$scratch/tail" | tr -d ' ')" >>/out/outputs
  cat "$scratch/tail" >>/out/outputs
  printf '%s %s %s %s\n' "$i" "$status" "$code" "$seconds" >>/out/results
  i=$((i + 1))
done
rm -rf "$scratch"
