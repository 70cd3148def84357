#!/bin/bash
# expect: none
# taskgate: ignore[DET101] the log line shows when the run started and is not compared
echo "started $(date)"
python3 -m unittest discover -s /tests
