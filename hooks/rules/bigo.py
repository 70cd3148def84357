"""Big-O bounds: finding them in text, checking their form, and telling equivalent spellings apart
from different bounds. Shared by the metadata rules (META004) and the prompt rules (PRM003).

What counts as the same bound (decided once, here): spellings of one expression are equal, the
mathematics is not interpreted. Equal are: letter case (`O(N)` is `O(n)`: input sizes are
written both ways and no task uses `n` and `N` for different sizes), whitespace, multiplication
signs (`n*m`, `n·m`, `n × m`, `n \\cdot m`, `nm`), powers (`n^2`, `n**2`, `n²`, `n^{2}`), the
logarithm's name and base (`log n`, `lg n`, `ln n`, `log_2 n`, `log(n)`, `\\log n`), redundant
parentheses around one symbol, and `\\mathcal{O}` for `O`. The usual English names of the bounds in
one input size n state them too (`named_forms`): "constant" O(1), "logarithmic" O(log n),
"linear" O(n), "linearithmic"/"log-linear"/"quasilinear" O(n log n), "quadratic" O(n^2) and
"cubic" O(n^3), when followed by time, space, memory or storage ("linear time", "constant extra
space", "quadratic-time"). Different are reordered terms
(`O(m + n)` vs `O(n + m)`) and anything else: those are reported with the closest bound the
prompt does state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The start of a bound: O, 𝒪 or LaTeX's \mathcal{O} / \mathcal O / \operatorname{O}, then "(".
_START = re.compile(r"(?<![A-Za-z0-9_])(?:\\mathcal\s*\{\s*O\s*\}|\\mathcal\s+O|\\operatorname\s*\{\s*O\s*\}|O|𝒪)\s*\(")
_LATEX = [
    (re.compile(r"\\(?:cdot|times|ast)\b"), "*"),
    (re.compile(r"\\(log|lg|ln|sqrt|min|max|exp)\b"), r"\1"),
    (re.compile(r"\\left|\\right|\\,|\\;|\\!|\\ "), ""),
]
_SUPERSCRIPTS = str.maketrans({"²": "^2", "³": "^3", "ⁿ": "^n", "·": "*", "×": "*", "⋅": "*", "∙": "*", "√": "sqrt"})
_LOG = re.compile(r"\b(?:log|lg|ln)(?:_?\{?\d+\}?(?=[\s(a-z]))?", re.IGNORECASE)
_ATOM_IN_PARENS = re.compile(r"\((\w+)\)")
_ALLOWED = re.compile(r"[\w\s+\-*/^!,.|()\[\]{}\\'²³ⁿ√∛·×⋅∙∑∏⌈⌉⌊⌋]")
_OPERATOR = "+-*/^"
_OPEN, _CLOSE = "([{", ")]}"
# Words that say what a bound is about; inside the expression they mean two bounds were run together.
_PROSE = re.compile(r"\b(time|space|extra|memory|amortized|amortised|worst|average|expected|auxiliary|case|and|per|where)\b", re.IGNORECASE)


# "linear time", "constant extra space": the name of a bound in one input size n,
# then up to three qualifiers, then what it bounds.
_NAMED = {"constant": "1", "logarithmic": "logn", "linear": "n", "linearithmic": "nlogn", "loglinear": "nlogn",
          "quasilinear": "nlogn", "quadratic": "n^2", "cubic": "n^3"}
_NAMED_BOUND = re.compile(
    r"\b(constant|logarithmic|linear|linearithmic|log-?linear|quasi-?linear|quadratic|cubic)"
    r"(?:[\s-]+(?:extra|additional|auxiliary|amortized|amortised|expected|worst-case|amount|of)){0,3}"
    r"[\s-]+(?:time|space|memory|storage)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A bound in a text: its characters are text[start:end]."""

    start: int
    end: int
    text: str


def find_bounds(text: str) -> list[Found]:
    """Every balanced `O(...)` in `text`, in order (an unclosed one runs to the end of its line)."""
    found: list[Found] = []
    for match in _START.finditer(text):
        end = _matching_close(text, match.end() - 1)
        if end is None:  # unclosed: it runs to the end of its line, or to where the next bound begins
            line_end = text.find("\n", match.end())
            end = len(text) if line_end < 0 else line_end
            nested = _START.search(text, match.end(), end)
            end = nested.start() if nested else end
        found.append(Found(match.start(), end, text[match.start():end]))
    return found


def named_forms(text: str) -> set[str]:
    """The `canonical` forms of the bounds `text` states by name ("linear time" is "n")."""
    return {_NAMED[m.group(1).lower().replace("-", "")] for m in _NAMED_BOUND.finditer(text)}


def _matching_close(text: str, open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == "\n" and text[i + 1:i + 2] == "\n":
            return None  # a bound never spans a paragraph
    return None


def canonical(bound: str) -> str:
    """The spelling-independent form of a bound (see the module docstring)."""
    match = _START.match(bound.strip())
    inner = bound.strip()[match.end():-1] if match and bound.strip().endswith(")") else bound
    for pattern, replacement in _LATEX:
        inner = pattern.sub(replacement, inner)
    inner = inner.translate(_SUPERSCRIPTS).replace("**", "^").replace("{", "(").replace("}", ")")
    inner = _LOG.sub("log ", inner).lower()
    inner = re.sub(r"\s+", "", inner).replace("*", "")
    previous = None
    while previous != inner:
        previous, inner = inner, _ATOM_IN_PARENS.sub(r"\1", inner)
    return inner


def problem(bound: str) -> tuple[int, str] | None:
    """(0-based offset, message) of the first thing wrong with the form of `bound`, else None."""
    match = _START.match(bound)
    if match is None:
        return 0, "a bound starts with `O(`"
    open_at = match.end() - 1
    stack: list[tuple[str, int]] = []
    for i in range(open_at, len(bound)):
        ch = bound[i]
        if ch in _OPEN:
            stack.append((ch, i))
        elif ch in _CLOSE:
            if not stack or _OPEN.index(stack[-1][0]) != _CLOSE.index(ch):
                return i, f"unmatched {ch!r} at column {i + 1}"
            if len(stack) == 1 and i != len(bound) - 1 and bound[i + 1:].strip().startswith(")"):
                at = bound.index(")", i + 1)
                return at, f"unmatched ')' at column {at + 1}"
            stack.pop()
            if not stack and i != len(bound) - 1:
                rest = bound[i + 1:].strip()
                return i + 1, f"text after the bound's closing parenthesis: {rest!r}; one field holds one bound, e.g. {bound[:i + 1]!r}"
    if stack:
        ch, at = stack[0]
        nested = _START.search(bound, match.end())
        hint = f"; a second bound starts at column {nested.start() + 1}: one field holds one bound" if nested else ""
        return at, f"{ch!r} at column {at + 1} is never closed{hint}"
    inner = bound[match.end():-1]
    offset = match.end()
    if not inner.strip():
        return open_at, "the bound is empty; write the expression, e.g. O(n)"
    nested = _START.search(inner)
    if nested:
        return offset + nested.start(), f"a second bound inside the first at column {offset + nested.start() + 1}; one field holds one bound"
    prose = _PROSE.search(inner)
    if prose:
        return offset + prose.start(), f"{prose.group(0)!r} at column {offset + prose.start() + 1} is prose, not part of an expression; state only the expression, e.g. O(n log n)"
    for i, ch in enumerate(inner):
        if not _ALLOWED.match(ch):
            return offset + i, f"unexpected {ch!r} at column {offset + i + 1}"
    stripped = inner.strip()
    if stripped[-1] in _OPERATOR:
        at = offset + inner.rstrip().rfind(stripped[-1])
        return at, f"the expression ends with the operator {stripped[-1]!r} (column {at + 1})"
    if stripped[0] in "*/^":
        at = offset + inner.find(stripped[0])
        return at, f"the expression starts with the operator {stripped[0]!r} (column {at + 1})"
    return None
