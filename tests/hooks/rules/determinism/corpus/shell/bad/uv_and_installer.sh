#!/usr/bin/env bash
# expect: DET302@3 DET302@4 DET302@5
curl -fsSL https://astral.sh/uv/install.sh | bash
uv pip install --system pytest==8.3.3
bash -c "cargo add rand@0.8.5 && cargo test"
uv run pytest /tests
