"""INT003 on JavaScript and Go tasks: the prompt's code (fences, indented blocks, prose) lexed by
the C-family lexer and compared with the ground truth up to renaming."""

from __future__ import annotations

import re
import textwrap

from taskgate.hooks.core.engine import run

from tests.hooks.rules.integrity import corpus

JS = corpus.TASKS["merge-sorted-streams"]
JS_BODY = JS["solution"]["merge.js"]
JS_RENAMED = re.sub(
    r"\b(mergeStreams|streams|heads|out|best|i)\b",
    lambda m: {"mergeStreams": "combine", "streams": "lists", "heads": "pos", "out": "acc", "best": "pick", "i": "k"}[m.group()],
    JS_BODY.split("\n", 2)[2],  # without 'use strict' and the blank line
).replace("+= 1", "+= 1 /* advance */")

GO_SOLUTION = textwrap.dedent('''
    package window

    // Maxima returns the largest value of every full window of the given width.
    func Maxima(values []int, width int) []int {
    \tif width < 1 || width > len(values) {
    \t\treturn []int{}
    \t}
    \tout := make([]int, 0, len(values)-width+1)
    \tdeque := []int{}
    \tfor i, v := range values {
    \t\tfor len(deque) > 0 && values[deque[len(deque)-1]] <= v {
    \t\t\tdeque = deque[:len(deque)-1]
    \t\t}
    \t\tdeque = append(deque, i)
    \t\tif deque[0] <= i-width {
    \t\t\tdeque = deque[1:]
    \t\t}
    \t\tif i >= width-1 {
    \t\t\tout = append(out, values[deque[0]])
    \t\t}
    \t}
    \treturn out
    }
''').lstrip()
GO_PROMPT = textwrap.dedent('''
    # Maxima of a sliding window

    A dashboard plots, for every position of a window of `width` readings, the largest
    reading inside it. Implement `Maxima` in `solution/window.go`:

    ```go
    func Maxima(values []int, width int) []int
    ```

    Return one entry per full window, left to right. A width below 1 or above `len(values)`
    returns an empty slice. Time O(n), extra space O(width). It's a "monotonic deque" problem.
''').lstrip()


def leaks(tmp_path, name, **overrides):
    corpus.write(tmp_path, name, **overrides)
    found = run(corpus.repo(tmp_path), [], stage="merge", hooks=("integrity",), cache=False).findings
    return [(f.path, f.line) for f in found if f.code == "INT003"]


def test_javascript_body_renamed_in_a_fence_is_a_leak(tmp_path):
    prompt = JS["prompt"] + "\n## Reference\n\n```js\n" + JS_RENAMED + "```\n"
    start = prompt.splitlines().index("```js", prompt.splitlines().index("## Reference")) + 2
    assert leaks(tmp_path, "merge-sorted-streams", prompt=prompt) == [("tasks/merge-sorted-streams/prompt.md", start)]


def test_javascript_body_indented_after_prose_with_quotes_and_backticks_is_a_leak(tmp_path):
    prose = "\nDon't use `Array.prototype.sort` on the concatenation: it's O(n log n) per call, and `k` can be 10'000.\n\n"
    prompt = JS["prompt"] + prose + textwrap.indent(JS_RENAMED, "    ")
    found = leaks(tmp_path, "merge-sorted-streams", prompt=prompt)
    assert [line for _path, line in found] == [len((JS["prompt"] + prose).splitlines()) + 1]


def test_go_body_renamed_in_a_fence_is_a_leak_and_the_signature_alone_is_not(tmp_path):
    spec = {"language": "go", "signature": "func Maxima(values []int, width int) []int", "solution": {"window.go": GO_SOLUTION}}
    assert leaks(tmp_path, "sliding-window-maximum", prompt=GO_PROMPT, **spec) == []
    renamed = re.sub(r"\b(values|width|out|deque|v|i)\b", lambda m: m.group() + "2", GO_SOLUTION.split("\n", 3)[3])
    prompt = GO_PROMPT + "\nFor reference:\n\n```go\n" + renamed + "```\n"
    found = leaks(tmp_path, "sliding-window-maximum", prompt=prompt, **spec)
    assert [line for _path, line in found] == [len(GO_PROMPT.splitlines()) + 5]
