"""The names a task.yaml `signature` declares, read from the signature's text for its language.

`declared_names("def two_sum(nums: list[int]) -> int:", "python")` is `["two_sum"]`. A signature
may declare a type and its members (`class LRUCache:\n    def get(self, key: int) -> int:`):
each name is returned. When no name can be read with confidence (an operator, a function
pointer, prose), the answer is [] and nothing is judged.
"""

from __future__ import annotations

import re

_IDENT = r"[A-Za-z_$][\w$]*"
# Function-defining keywords, by language.
_FUNCTION = {
    "python": re.compile(rf"\bdef\s+({_IDENT})\s*[(\[]"),
    # A receiver, then the name and its parameters: `func (c *Cache) Get(`; never a `func(T) U` type.
    "go": re.compile(rf"\bfunc\s*(?:\([^()]*\)\s*)?({_IDENT})\s*[(\[]"),
    "rust": re.compile(rf"\bfn\s+({_IDENT})\s*[(<]"),
    "javascript": re.compile(rf"\bfunction\b\s*\*?\s*({_IDENT})\s*[(<]|\b(?:const|let|var)\s+({_IDENT})\s*(?::[^=]*)?="),
}
_FUNCTION["typescript"] = _FUNCTION["javascript"]
_MODIFIERS = r"(?:(?:export|default|declare|public|private|protected|internal|static|final|abstract|sealed|pub(?:\([^)]*\))?|unsafe|data|open|partial|async)\s+)*"
# A type declared at the start of a line: `class X`, `pub struct X`, `type X struct`, `export interface X<T>`.
_TYPE = re.compile(rf"^\s*{_MODIFIERS}(?:class|struct|interface|trait|enum|record|union|type|namespace|mod)\s+({_IDENT})(?P<rest>.*)$", re.MULTILINE)
_DECLARES_TYPE = re.compile(r"^\s*(?:$|[{:(<=;\[]|extends\b|implements\b|struct\b|interface\b|where\b|with\b)")
# The identifier right before the first "(" (after a template/generic argument list).
_BEFORE_PAREN = re.compile(rf"({_IDENT}|~{_IDENT})\s*(?:<[^()]*>)?\s*$")
# Words that stand before "(" without being a declared name.
_NOT_NAMES = frozenset((
    "if", "for", "while", "switch", "return", "sizeof", "typeof", "new", "delete", "operator", "function",
    "def", "fn", "func", "void", "int", "long", "short", "char", "float", "double", "bool", "boolean", "auto",
    "const", "static", "inline", "virtual", "explicit", "unsigned", "signed", "public", "private", "protected",
    "class", "struct", "template", "typename", "await", "async", "yield", "lambda", "print",
))


def declared_names(signature: str, language: str | None) -> list[str]:
    names: list[str] = []
    for match in _TYPE.finditer(signature):
        if _DECLARES_TYPE.match(match.group("rest")):
            names.append(match.group(1))
    pattern = _FUNCTION.get(language or "")
    functions = [next(g for g in m.groups() if g) for m in pattern.finditer(signature)] if pattern else []
    names.extend(functions)
    if not functions:
        head = signature.split("(", 1)
        found = _BEFORE_PAREN.search(head[0]) if len(head) == 2 else None
        if found and found.group(1) not in _NOT_NAMES:
            names.append(found.group(1).lstrip("~"))
    return list(dict.fromkeys(names))
