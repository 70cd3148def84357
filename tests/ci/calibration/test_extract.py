"""Extracting the candidate: the last fenced block in the task's language."""

from __future__ import annotations

import pytest

from taskgate.ci.calibration.extract import extract_code


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Here:\n```python\ndef f():\n    return 1\n```\n", "python", "def f():\n    return 1\n"),
        # the last block in the language wins over an earlier draft
        ("```python\nold()\n```\nBetter:\n```py\nnew()\n```\n", "python", "new()\n"),
        # a later block in another language (a shell command, sample output) is not the answer
        ("```python\nanswer()\n```\nRun it:\n```bash\npytest -q\n```\n", "python", "answer()\n"),
        # an untagged block only when no tagged one exists
        ("```\nplain()\n```\n", "python", "plain()\n"),
        ("```python\ntagged()\n```\n```\nuntagged()\n```\n", "python", "tagged()\n"),
        # tildes, longer fences containing ```, info strings with attributes
        ("~~~python\nx = '```'\n~~~\n", "python", "x = '```'\n"),
        ("````js title=topk.js\nconst s = '```';\n````\n", "javascript", "const s = '```';\n"),
        ("```{python}\ny = 2\n```", "python", "y = 2\n"),
        # inside a list item: indentation of the item is removed
        ("1. Code:\n\n   ```python\n   z = 3\n   ```\n", "python", "z = 3\n"),
        # an unclosed fence (truncated answer) runs to the end, as CommonMark says
        ("```python\ndef g(:\n", "python", "def g(:\n"),
        # aliases per language
        ("```ts\nlet a = 1;\n```", "typescript", "let a = 1;\n"),
        ("```golang\npackage main\n```", "go", "package main\n"),
        ("```c++\nint main() {}\n```", "cpp", "int main() {}\n"),
        ("```rs\nfn main() {}\n```", "rust", "fn main() {}\n"),
        # case of the tag does not matter
        ("```Python\nw = 4\n```", "python", "w = 4\n"),
    ],
)
def test_extracts(text, language, expected):
    assert extract_code(text, language) == expected


@pytest.mark.parametrize(
    "text, language",
    [
        ("I cannot help with that.", "python"),
        ("", "python"),
        (None, "python"),
        ("```javascript\nf()\n```", "python"),  # only another language
        ("    indented_code_block()\n", "python"),  # an indented block is prose layout, not an answer
        ("```python\n   \n```", "python"),  # an empty block
        ("Use `inline()` here.", "python"),
    ],
)
def test_no_code(text, language):
    assert extract_code(text, language) is None
