#!/bin/bash
# expect: DET302@6
set -e
python3 -m venv /tmp/venv
source /tmp/venv/bin/activate
pip install -r /tests/requirements-test.txt
pytest /tests -q
