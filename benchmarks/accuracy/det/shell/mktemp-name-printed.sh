#!/bin/bash
# expect: DET204@3
OUT=$(mktemp /tmp/result.XXXXXX)
echo "writing results to $OUT"
/app/bin/solve < /tests/input.txt > "$OUT"
diff "$OUT" /tests/expected.txt
