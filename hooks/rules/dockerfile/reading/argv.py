"""getopt-style reading of a command's arguments, shared by the Dockerfile RUN rules."""

from __future__ import annotations

from dataclasses import dataclass

from taskgate.hooks.rules.dockerfile.reading.shell import Word


@dataclass
class Options:
    positional: list[Word]
    values: dict[str, list[str]]  # option -> values given ("" for a switch)

    def has(self, *names: str) -> bool:
        return any(n in self.values for n in names)

    def get(self, *names: str) -> list[str]:
        return [v for n in names for v in self.values.get(n, [])]


def options(args: list[Word], long_values: frozenset[str] = frozenset(), short_values: str = "") -> Options:
    """getopt-style reading of `args`: `--long=v`, `--long v` (when listed in `long_values`),
    clustered short switches `-fsSL`, and `-o v` / `-ov` for letters in `short_values`."""
    out = Options([], {})
    i = 0
    while i < len(args):
        text = args[i].text
        if text == "--":
            out.positional.extend(args[i + 1:])
            break
        if text.startswith("--"):
            name, eq, value = text.partition("=")
            if not eq and name in long_values and i + 1 < len(args):
                value = args[i + 1].text
                i += 1
            out.values.setdefault(name, []).append(value)
        elif text.startswith("-") and len(text) > 1:
            for j, letter in enumerate(text[1:], start=1):
                if letter in short_values:
                    value = text[j + 1:]
                    if not value and i + 1 < len(args):
                        value = args[i + 1].text
                        i += 1
                    out.values.setdefault("-" + letter, []).append(value)
                    break
                out.values.setdefault("-" + letter, []).append("")
        else:
            out.positional.append(args[i])
        i += 1
    return out
