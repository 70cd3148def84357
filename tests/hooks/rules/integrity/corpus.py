"""Realistic tasks written for the integrity rules: clean ones, and one of each defect.

`write(root, name, **overrides)` lays a task out under root/tasks/<id>/ (prompt.md, task.yaml,
solution/, tests/); `repo(tmp_path, *names)` makes a repository of several.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml
from taskgate.hooks.workspace.repo import Repo


def _d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


TASKS: dict[str, dict] = {}

TASKS["sliding-window-maximum"] = dict(
    language="python", category="algorithms",
    signature="def window_maxima(values: list[int], width: int) -> list[int]",
    edge_cases=["empty input returns an empty list", "width larger than the input returns an empty list", "width below 1 raises ValueError"],
    prompt=_d('''
        # Maxima of a sliding window

        A telemetry dashboard plots, for every position of a fixed-width window moving over a
        series of sensor readings, the largest reading inside the window. Implement it in
        `solution/windows.py`:

        ```python
        def window_maxima(values: list[int], width: int) -> list[int]
        ```

        Return a list with one entry per full window, left to right: entry `i` is
        `max(values[i:i + width])`. Readings may repeat and may be negative.

        ## Constraints

        Time O(n) for n readings, extra space O(width). Recomputing the maximum of every window
        from scratch is too slow for a million readings.

        ## Edge cases

        - An empty input returns an empty list.
        - A width larger than the input returns an empty list (there is no full window).
        - A width below 1 raises `ValueError`.

        ## Example

        ```python
        >>> window_maxima([1, 3, -1, -3, 5, 3, 6, 7], 3)
        [3, 3, 5, 5, 6, 7]
        ```
    '''),
    solution={"windows.py": _d('''
        from collections import deque


        def window_maxima(values: list[int], width: int) -> list[int]:
            if width < 1:
                raise ValueError("width must be at least 1")
            candidates: deque[int] = deque()
            result = []
            for index, value in enumerate(values):
                while candidates and values[candidates[-1]] <= value:
                    candidates.pop()
                candidates.append(index)
                if candidates[0] <= index - width:
                    candidates.popleft()
                if index >= width - 1:
                    result.append(values[candidates[0]])
            return result
    ''')},
    tests={"test_windows.py": _d('''
        import pytest
        from windows import window_maxima


        def test_example():
            assert window_maxima([1, 3, -1, -3, 5, 3, 6, 7], 3) == [3, 3, 5, 5, 6, 7]


        def test_empty_input_returns_empty_list():
            assert window_maxima([], 2) == []


        def test_width_larger_than_input_returns_empty_list():
            assert window_maxima([1, 2], 3) == []


        @pytest.mark.parametrize("width", [0, -2])
        def test_width_below_one_raises(width):
            with pytest.raises(ValueError):
                window_maxima([1, 2, 3], width)


        def test_matches_brute_force():
            values = [5, 1, 4, 4, 2, 8, 0, 3, 3, 9]
            for width in range(1, 5):
                expected = [max(values[i:i + width]) for i in range(len(values) - width + 1)]
                assert window_maxima(values, width) == expected
    ''')},
)

# The same problem, reworded, with every identifier of the ground truth renamed.
TASKS["rolling-peak-readings"] = dict(
    language="python", category="algorithms",
    signature="def rolling_peaks(samples: list[int], span: int) -> list[int]",
    edge_cases=["no samples gives an empty list", "a span longer than the samples gives an empty list", "a span under 1 raises ValueError"],
    prompt=_d('''
        # Rolling peak of sensor readings

        For every position of a window of fixed size sliding over a series of sensor readings,
        a monitoring dashboard shows the largest reading inside the window. Write it in
        `solution/peaks.py`:

        ```python
        def rolling_peaks(samples: list[int], span: int) -> list[int]
        ```

        Return one entry per full window, from left to right: entry `i` equals
        `max(samples[i:i + span])`. Readings can repeat and can be negative.

        ## Constraints

        Time O(n) for n readings and extra space O(span): recomputing the maximum of each
        window from scratch is too slow for a million readings.

        ## Edge cases

        - No samples gives an empty list.
        - A span longer than the samples gives an empty list.
        - A span under 1 raises `ValueError`.

        ## Example

        ```python
        >>> rolling_peaks([1, 3, -1, -3, 5, 3, 6, 7], 3)
        [3, 3, 5, 5, 6, 7]
        ```
    '''),
    solution={"peaks.py": _d('''
        from collections import deque


        def rolling_peaks(samples: list[int], span: int) -> list[int]:
            if span < 1:
                raise ValueError("span must be positive")
            window: deque[int] = deque()
            peaks = []
            for position, reading in enumerate(samples):
                while window and samples[window[-1]] <= reading:
                    window.pop()
                window.append(position)
                if window[0] <= position - span:
                    window.popleft()
                if position >= span - 1:
                    peaks.append(samples[window[0]])
            return peaks
    ''')},
    tests={"test_peaks.py": _d('''
        import pytest
        from peaks import rolling_peaks


        def test_no_samples_gives_empty_list():
            assert rolling_peaks([], 4) == []


        def test_span_longer_than_samples_gives_empty_list():
            assert rolling_peaks([3], 2) == []


        def test_span_under_one_raises():
            with pytest.raises(ValueError):
                rolling_peaks([1], 0)
    ''')},
)

TASKS["parse-duration"] = dict(
    language="python", category="algorithms",
    signature="def parse_duration(text: str) -> int",
    edge_cases=["units in any order are rejected unless descending", "an empty string raises ValueError", "the same unit twice raises ValueError"],
    prompt=_d('''
        # Parse a human-readable duration

        Job schedulers accept timeouts such as `1h30m` or `45s`. Implement
        `parse_duration` in `solution/duration.py`, returning the duration in seconds.

        ```python
        def parse_duration(text: str) -> int
        ```

        A duration is one or more `<digits><unit>` parts with units `d`, `h`, `m` and `s`,
        written in descending order (`1h30m`, never `30m1h`), each unit at most once. Units in
        any other order are rejected. Whitespace is not allowed.

        Raise `ValueError` for anything else: an empty string, an unknown unit, a unit without
        digits, or the same unit twice.

        ## Constraints

        Time O(n) and space O(1) for a string of n characters.

        ## Examples

        ```python
        >>> parse_duration("1h30m")
        5400
        >>> parse_duration("2d")
        172800
        ```
    '''),
    solution={"duration.py": _d('''
        import re

        _PART = re.compile(r"(\\d+)([dhms])")
        _SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
        _ORDER = "dhms"


        def parse_duration(text: str) -> int:
            if not text:
                raise ValueError("empty duration")
            total, position, last = 0, 0, -1
            for match in _PART.finditer(text):
                if match.start() != position:
                    raise ValueError(f"unexpected text at {position}")
                unit = _ORDER.index(match.group(2))
                if unit <= last:
                    raise ValueError("units must be in descending order, each at most once")
                last = unit
                total += int(match.group(1)) * _SECONDS[match.group(2)]
                position = match.end()
            if position != len(text):
                raise ValueError(f"unexpected text at {position}")
            return total
    ''')},
    tests={"test_duration.py": _d('''
        import pytest
        from duration import parse_duration


        def test_examples():
            assert parse_duration("1h30m") == 5400
            assert parse_duration("2d") == 172800


        def test_units_in_wrong_order_are_rejected_unless_descending():
            with pytest.raises(ValueError):
                parse_duration("30m1h")


        def test_empty_string_raises():
            with pytest.raises(ValueError, match="empty"):
                parse_duration("")


        def test_same_unit_twice_raises():
            with pytest.raises(ValueError):
                parse_duration("1h2h")
    ''')},
)

# Tests expect an exception type, a message and a helper that the prompt never mentions.
TASKS["inventory-reservations"] = dict(
    language="python", category="data-structures",
    signature=["def reserve(stock: dict[str, int], sku: str, quantity: int) -> int"],
    edge_cases=["reserving the whole remaining stock leaves zero"],
    prompt=_d('''
        # Reserve stock for an order

        The order service reserves units of a product before payment. Implement `reserve` in
        `solution/inventory.py`: it subtracts `quantity` from `stock[sku]` in place and returns
        the units left.

        ```python
        def reserve(stock: dict[str, int], sku: str, quantity: int) -> int
        ```

        Reserving the whole remaining stock leaves zero units. The quantity is a positive
        integer.

        ## Constraints

        Time O(1), space O(1).
    '''),
    solution={"inventory.py": _d('''
        class OutOfStock(Exception):
            pass


        def normalise_sku(sku: str) -> str:
            return sku.strip().upper()


        def reserve(stock: dict[str, int], sku: str, quantity: int) -> int:
            key = normalise_sku(sku)
            if key not in stock:
                raise KeyError(key)
            if quantity > stock[key]:
                raise OutOfStock(f"only {stock[key]} units of {key} left")
            stock[key] -= quantity
            return stock[key]
    ''')},
    tests={"test_inventory.py": _d('''
        import pytest
        from inventory import OutOfStock, normalise_sku, reserve


        def test_reserving_whole_remaining_stock_leaves_zero():
            stock = {"A1": 3}
            assert reserve(stock, "A1", 3) == 0


        def test_unknown_sku():
            with pytest.raises(KeyError):
                reserve({}, "B2", 1)


        def test_too_many_units():
            with pytest.raises(OutOfStock, match=r"only \\d+ units of A1 left"):
                reserve({"A1": 1}, "A1", 2)


        def test_normalises_sku():
            assert normalise_sku(" a1 ") == "A1"
    ''')},
)

# The prompt "helps" with a hint that is the ground truth with other names.
TASKS["balanced-brackets"] = dict(
    language="python", category="algorithms",
    signature="def is_balanced(text: str) -> bool",
    edge_cases=["an empty string is balanced", "characters other than brackets are ignored"],
    prompt=_d('''
        # Balanced brackets

        A configuration linter must reject files whose brackets `()`, `[]` and `{}` do not
        pair up. Implement `is_balanced` in `solution/brackets.py`.

        ```python
        def is_balanced(text: str) -> bool
        ```

        An empty string is balanced; characters other than brackets are ignored.

        ## Constraints

        Time O(n), space O(n).

        ## Hint

        This outline works:

        ```python
        def check(s):
            pending = []
            partner = {")": "(", "]": "[", "}": "{"}
            for ch in s:
                if ch in "([{":
                    pending.append(ch)
                elif ch in partner:
                    if not pending or pending.pop() != partner[ch]:
                        return False
            return not pending
        ```
    '''),
    solution={"brackets.py": _d('''
        def is_balanced(text: str) -> bool:
            stack = []
            closing = {")": "(", "]": "[", "}": "{"}
            for char in text:
                if char in "([{":
                    stack.append(char)
                elif char in closing:
                    if not stack or stack.pop() != closing[char]:
                        return False
            return not stack
    ''')},
    tests={"test_brackets.py": _d('''
        from brackets import is_balanced


        def test_empty_string_is_balanced():
            assert is_balanced("")


        def test_other_characters_are_ignored():
            assert is_balanced("f(a[1], {b: 2})")
            assert not is_balanced("f(a[1)]")
    ''')},
)

# HumanEval/12 ("longest"), lightly reworded and renamed.
TASKS["longest-word"] = dict(
    language="python", category="algorithms",
    signature="def longest_word(words: List[str]) -> Optional[str]",
    edge_cases=["an empty list returns None"],
    prompt=_d('''
        # Longest string

        ```python
        from typing import List, Optional


        def longest_word(words: List[str]) -> Optional[str]:
        ```

        Out of a list of strings, return the longest one. Return the first one in case of
        several strings of the same length. Return None in case the input list is empty.

        ```python
        >>> longest_word([])

        >>> longest_word(['a', 'b', 'c'])
        'a'
        >>> longest_word(['a', 'bb', 'ccc'])
        'ccc'
        ```

        Put it in `solution/longest.py`.

        ## Constraints

        Time O(n), space O(1).
    '''),
    solution={"longest.py": _d('''
        from typing import List, Optional


        def longest_word(words: List[str]) -> Optional[str]:
            if not words:
                return None
            best = max(len(w) for w in words)
            for w in words:
                if len(w) == best:
                    return w
    ''')},
    tests={"test_longest.py": _d('''
        from longest import longest_word


        def test_an_empty_list_returns_none():
            assert longest_word([]) is None


        def test_first_of_equal_length():
            assert longest_word(["ab", "cd"]) == "ab"
    ''')},
)

TASKS["merge-sorted-streams"] = dict(
    language="javascript", category="algorithms",
    signature="function mergeStreams(streams)",
    edge_cases=["no streams yields an empty array", "streams of different lengths", "equal values keep stream order"],
    prompt=_d('''
        # Merge sorted event streams

        An audit service receives several arrays of event timestamps, each sorted ascending,
        and needs them as one sorted array. Export `mergeStreams` from `solution/merge.js`
        (`module.exports = { mergeStreams };`).

        ```js
        function mergeStreams(streams)
        ```

        - `streams` is an array of arrays of numbers, each sorted ascending; streams may have
          different lengths and may be empty.
        - No streams yields an empty array.
        - Equal values keep stream order: values from an earlier stream come first.

        ## Constraints

        Time O(n log k) for n values in k streams, space O(n).
    '''),
    solution={"merge.js": _d('''
        'use strict';

        function mergeStreams(streams) {
          const heads = streams.map(() => 0);
          const out = [];
          for (;;) {
            let best = -1;
            for (let i = 0; i < streams.length; i += 1) {
              if (heads[i] < streams[i].length && (best < 0 || streams[i][heads[i]] < streams[best][heads[best]])) {
                best = i;
              }
            }
            if (best < 0) return out;
            out.push(streams[best][heads[best]]);
            heads[best] += 1;
          }
        }

        module.exports = { mergeStreams };
    ''')},
    tests={"merge.test.js": _d('''
        const test = require('node:test');
        const assert = require('node:assert');
        const { mergeStreams } = require('../solution/merge.js');

        test('no streams yields an empty array', () => {
          assert.deepStrictEqual(mergeStreams([]), []);
        });

        test('streams of different lengths are merged', () => {
          assert.deepStrictEqual(mergeStreams([[1, 4], [2], [0, 3, 5]]), [0, 1, 2, 3, 4, 5]);
        });

        test('equal values keep stream order', () => {
          assert.deepStrictEqual(mergeStreams([[1], [1]]), [1, 1]);
        });
    ''')},
)


def write(root: Path, name: str, base: str | None = None, **overrides: object) -> Path:
    """Task `name` as TASKS[base or name] with `overrides`."""
    spec = {**TASKS[base or name], **overrides}
    task = root / "tasks" / name
    (task / "solution").mkdir(parents=True, exist_ok=True)
    meta = {
        "schema_version": 1, "id": name, "title": name.replace("-", " "), "category": spec["category"],
        "language": spec["language"], "status": "draft", "signature": spec["signature"],
        "constraints": {"time": "O(n)", "space": "O(n)"}, "edge_cases": spec["edge_cases"],
        "test_command": ["python3", "-m", "pytest", "-q", "tests"], "timeout_seconds": 60, "authors": ["corpus"],
    }
    (task / "task.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    (task / "prompt.md").write_text(spec["prompt"])
    for rel, text in spec["solution"].items():
        (task / "solution" / rel).write_text(text)
    if spec.get("tests"):
        (task / "tests").mkdir(exist_ok=True)
        for rel, text in spec["tests"].items():
            (task / "tests" / rel).write_text(text)
    return task


def repo(tmp_path: Path, *names: str, config: str = "schema_version: 1\n") -> Repo:
    (tmp_path / "taskgate.yaml").write_text(config)
    for name in names:
        write(tmp_path, name)
    return Repo(tmp_path)
