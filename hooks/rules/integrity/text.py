"""Prose as the integrity rules compare it: words split out of identifiers, lowercased, stemmed.

`words("topKFrequent raises ValueError")` is `["top", "k", "frequent", "raises", "value",
"error"]`; `stems` adds Snowball's English stemmer (so "raises", "raised" and "raise" agree,
as do "batch" and "batches"); `content` drops the function words that carry no meaning of their
own. Prompt shingles for near-duplicate detection are runs of consecutive stems. snowballstemmer hands the
work to PyStemmer (the same stemmers compiled, a dependency) when it is installed: 0.1 µs a
word instead of about 10.
"""

from __future__ import annotations

import functools
import re

_TOKEN = re.compile(r"[A-Za-z0-9]+")
# Splits identifiers: `topKFrequent` -> top K Frequent, `HTTPServer` -> HTTP Server, `max_gap2` -> max gap 2.
_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "into", "onto", "over", "under", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there", "their", "them", "they", "he", "she", "we", "you", "your", "our", "his", "her", "i", "me", "my", "not", "no", "do", "does", "did", "done", "doing", "has", "have", "had", "having", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "so", "such", "than", "then", "too", "very", "also", "just", "only", "any", "all", "each", "every", "both", "either", "neither", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "if", "else", "while", "until", "about", "above", "below", "between", "through", "during", "before", "after", "again", "further", "once", "here", "same", "other", "own", "some", "more", "most", "few", "s", "t"]
)


@functools.cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """The words of `text`, identifiers split at case changes, digits and underscores; lowercased."""
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if token.islower() or token.isdigit():
            out.append(token)
        else:
            out.extend(part.lower() for part in _PART.findall(token))
    return out


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


_NUMBERS = {w: str(i) for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])}


def content(text: str) -> list[str]:
    """Stems of the words that carry meaning (function words dropped, number words as digits), in
    order, repeats kept."""
    return content_of(words(text))


def content_of(split: list[str]) -> list[str]:
    """`content` of text already split into `words`."""
    return [_NUMBERS.get(w) or stem(w) for w in split if w not in STOPWORDS]


def shingles(tokens: list[str], size: int) -> set[str]:
    """Runs of `size` consecutive tokens, joined by spaces (the whole list when it is shorter)."""
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}
