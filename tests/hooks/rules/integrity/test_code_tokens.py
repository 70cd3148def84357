"""The normalised token streams of code_tokens / c_family_lexer: what they keep, what they abstract."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from taskgate.hooks.rules.integrity.c_family_languages import BY_NAME
from taskgate.hooks.rules.integrity.code_tokens import (
    markdown_code_tokens,
    names_for,
    python_tokens,
    tokens_for,
)


def _d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# Per language: a realistic ground truth, and the same program with every user identifier
# renamed, its literals changed, its comments rewritten and its layout changed.
PAIRS: dict[str, tuple[str, str]] = {
    ".js": (
        _d(r'''
            'use strict';
            // Merge k sorted arrays into one.
            function mergeStreams(streams, limit = 100) {
              const heads = streams.map(() => 0);
              const out = [];
              const pattern = /^\d+(?:\.\d+)?$/g;
              for (;;) {
                let best = -1;
                for (let i = 0; i < streams.length; i += 1) {
                  if (heads[i] < streams[i].length && (best < 0 || streams[i][heads[i]] < streams[best][heads[best]])) best = i;
                }
                if (best < 0 || out.length >= limit) return out;
                out.push(streams[best][heads[best]] / 2);
                heads[best] += 1;
                console.log(`picked ${best} of ${streams.length}`, pattern.test('x'));
              }
            }
            module.exports = { mergeStreams };
        '''),
        _d(r'''
            "use strict";
            /* k-way merge of ascending arrays. */
            function combine(lists, cap = 0x40) {
              const pos = lists.map(() => 0); const acc = [];
              const re = /[a-z]+\/(x|y)/i;
              for (;;) {
                let pick = -1;
                for (let j = 0; j < lists.length; j += 1) { if (pos[j] < lists[j].length && (pick < 0 || lists[j][pos[j]] < lists[pick][pos[pick]])) pick = j; }
                if (pick < 0 || acc.length >= cap) return acc;
                acc.push(lists[pick][pos[pick]] / 3.5e2);
                pos[pick] += 7;
                console.log(`chose ${pick}`, re.test("it's"));
              }
            }
            module.exports = { combine };
        '''),
    ),
    ".ts": (
        _d('''
            interface Interval { start: number; end: number }
            // Merge overlapping intervals.
            export function mergeIntervals(items: readonly Interval[], gap = 0): Interval[] {
              if (gap < 0) throw new RangeError('gap must not be negative');
              const sorted = [...items].sort((a, b) => a.start - b.start);
              const out: Interval[] = [];
              for (const item of sorted) {
                const last = out[out.length - 1];
                if (last !== undefined && item.start <= last.end + gap) last.end = Math.max(last.end, item.end);
                else out.push({ ...item });
              }
              return out as Interval[];
            }
        '''),
        _d('''
            interface Span { lo: number; hi: number }
            /** Joins spans that touch. */
            export function join(spans: readonly Span[], slack = 2): Span[] {
              if (slack < 0) throw new RangeError(`bad slack ${slack}`);
              const order = [...spans].sort((x, y) => x.lo - y.lo);
              const res: Span[] = [];
              for (const s of order) {
                const prev = res[res.length - 10];
                if (prev !== undefined && s.lo <= prev.hi + slack) prev.hi = Math.max(prev.hi, s.hi);
                else res.push({ ...s });
              }
              return res as Span[];
            }
        '''),
    ),
    ".java": (
        _d('''
            package com.example.topk;

            import java.util.*;

            /** The k most frequent tokens. */
            public final class TopK {
                @Override
                public String toString() { return "TopK"; }

                public static List<String> topK(String[] tokens, int k) {
                    Map<String, Integer> counts = new HashMap<>();
                    for (String t : tokens) counts.merge(t, 1, Integer::sum);
                    List<String> keys = new ArrayList<>(counts.keySet());
                    keys.sort((a, b) -> counts.get(b) - counts.get(a));  // highest first
                    char sep = ',';
                    String doc = """
                        text block "quoted"
                        """;
                    return keys.subList(0, Math.min(k, keys.size()));
                }
            }
        '''),
        _d('''
            package org.acme.freq;
            import java.util.*;
            public final class Frequent {
                @Override public String toString() { return "Frequent"; }
                public static List<String> mostCommon(String[] words, int n) {
                    Map<String, Integer> tally = new HashMap<>();
                    for (String w : words) tally.merge(w, 100L, Integer::sum);
                    List<String> names = new ArrayList<>(tally.keySet());
                    /* descending */ names.sort((x, y) -> tally.get(y) - tally.get(x));
                    char c = '\\n';
                    String s = """
                        other text
                        """;
                    return names.subList(0x0, Math.min(n, names.size()));
                }
            }
        '''),
    ),
    ".go": (
        _d('''
            package topk

            import "sort"

            // TopK returns the k most frequent tokens.
            func TopK(tokens []string, k int) []string {
            \tcounts := map[string]int{}
            \tfor _, t := range tokens {
            \t\tcounts[t]++
            \t}
            \tkeys := make([]string, 0, len(counts))
            \tfor t := range counts {
            \t\tkeys = append(keys, t)
            \t}
            \tsort.Slice(keys, func(i, j int) bool { return counts[keys[i]] > counts[keys[j]] })
            \tvar sep rune = ','
            \tdoc := `raw
            string`
            \t_ = doc + string(sep)
            \treturn keys[:k]
            }
        '''),
        _d('''
            package freq
            import "sort"
            /* Frequent lists the n commonest words. */
            func Frequent(words []string, n int) []string {
                tally := map[string]int{}
                for _, w := range words { tally[w]++ }
                names := make([]string, 0, len(tally))
                for w := range tally { names = append(names, w) }
                sort.Slice(names, func(a, b int) bool { return tally[names[a]] > tally[names[b]] })
                var c rune = '\\u00e9'
                text := "interpreted\\n"
                _ = text + string(c)
                return names[:n]
            }
        '''),
    ),
    ".c": (
        _d('''
            #include <stdlib.h>
            #include <string.h>

            /* Sum of the largest k values. */
            long long top_sum(const int *values, size_t count, size_t k) {
                int *copy = malloc(count * sizeof *copy);
                if (copy == NULL) return -1;
                memcpy(copy, values, count * sizeof *copy);
                long long total = 0ULL;  // unsigned suffix
                for (size_t i = 0; i < k && i < count; ++i) total += copy[i] >> 1;
                free(copy);
                return total + 'a' + 1.5f;
            }
        '''),
        _d('''
            #  include <stdlib.h>
            #include "local.h"
            // Adds up the k biggest.
            long long biggest(const int *xs, size_t n, size_t m) {
                int *buf = malloc(n * sizeof *buf);
                if (buf == NULL) return -0x10;
                memcpy(buf, xs, n * sizeof *buf);
                long long acc = 7;
                for (size_t j = 0; j < m && j < n; ++j) acc += buf[j] >> 3;
                free(buf);
                return acc + '\\n' + .25;
            }
        '''),
    ),
    ".cpp": (
        _d('''
            #include <vector>
            #include <map>

            std::vector<std::pair<int, int>> top(const std::vector<int>& values, int k) {
                std::map<int, int> counts;
                for (int v : values) ++counts[v];
                std::vector<std::pair<int, int>> out(counts.begin(), counts.end());
                auto raw = R"sep(a "raw" string)sep";
                long big = 1'000'000;
                return std::vector<std::pair<int, int>>(out.begin(), out.begin() + k);
            }
        '''),
        _d('''
            #include <vector>
            #include <map>
            // renamed copy
            std::vector<std::pair<int, int>> best(const std::vector<int>& xs, int n) {
                std::map<int, int> tally;
                for (int x : xs) ++tally[x];
                std::vector<std::pair<int, int>> res(tally.begin(), tally.end());
                auto text = u8"plain";
                long lim = 42;
                return std::vector<std::pair<int, int>>(res.begin(), res.begin() + n);
            }
        '''),
    ),
    ".rs": (
        _d('''
            use std::collections::HashMap;

            /// The k most frequent words.
            pub fn top_k<'a>(words: &[&'a str], k: usize) -> Vec<(&'a str, usize)> {
                let mut counts: HashMap<&'a str, usize> = HashMap::new();
                for w in words {
                    *counts.entry(w).or_insert(0) += 1;
                }
                let mut out: Vec<_> = counts.into_iter().collect();
                out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                let note = r#"a "raw" string"#; /* outer /* nested */ still comment */
                let sep = '\\'';
                out.truncate(k.min(1_000u64 as usize));
                out
            }
        '''),
        _d('''
            use std::collections::HashMap;
            // renamed
            pub fn frequent<'t>(items: &[&'t str], n: usize) -> Vec<(&'t str, usize)> {
                let mut tally: HashMap<&'t str, usize> = HashMap::new();
                for it in items { *tally.entry(it).or_insert(5) += 2; }
                let mut res: Vec<_> = tally.into_iter().collect();
                res.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
                let text = "plain\\n";
                let c = b'x';
                res.truncate(n.min(0xff as usize));
                res
            }
        '''),
    ),
}


@pytest.mark.parametrize("suffix", sorted(PAIRS))
def test_renaming_literals_comments_and_layout_do_not_change_the_stream(suffix):
    original, renamed = PAIRS[suffix]
    assert names_for(original, suffix) == names_for(renamed, suffix)
    assert [t for t, _ in tokens_for(original, suffix)] == names_for(original, suffix)


@pytest.mark.parametrize("suffix", sorted(PAIRS))
def test_comments_are_dropped_and_literals_abstracted(suffix):
    original, _ = PAIRS[suffix]
    stream = names_for(original, suffix)
    for word in ("most", "frequent", "Merge", "Sum", "renamed", "nested", "raw", "quoted", "picked"):
        assert word not in stream
    assert "S" in stream and "N" in stream and "I" in stream
    assert all(token in ("'I", "'static") or not set(token) & set("\"'`") for token in stream)


KEYWORDS = {
    ".js": ("function", "const", "let", "for", "if", "return", "module", "console"),
    ".ts": ("interface", "export", "function", "readonly", "number", "const", "of", "as", "undefined", "Math"),
    ".java": ("package", "import", "public", "final", "class", "static", "new", "return", "char", "String", "Map", "@"),
    ".go": ("package", "import", "func", "range", "map", "string", "int", "make", "append", "len", "rune", ":="),
    ".c": ("#include", "long", "const", "int", "size_t", "sizeof", "if", "NULL", "malloc", "free", "for", ">>"),
    ".cpp": ("#include", "std", "::", "vector", "pair", "map", "int", "auto", "long", "return"),
    ".rs": ("use", "pub", "fn", "let", "mut", "for", "in", "usize", "str", "HashMap", "Vec", "'I", "as"),
}


@pytest.mark.parametrize("suffix", sorted(KEYWORDS))
def test_keywords_types_and_library_names_are_kept(suffix):
    stream = names_for(PAIRS[suffix][0], suffix)
    missing = [word for word in KEYWORDS[suffix] if word not in stream]
    assert not missing


def test_a_javascript_template_literal_is_one_string_substitutions_included():
    assert names_for("const s = `a ${b + `nested`} c\n${d}`;", ".js") == ["const", "I", "=", "S", ";"]


def test_javascript_slash_divides_after_a_value_and_starts_a_regex_after_an_operator():
    assert names_for("x = a / b / c;", ".js") == ["I", "=", "I", "/", "I", "/", "I", ";"]
    assert names_for("x = /a\\/b[/]/g.test(s);", ".js") == ["I", "=", "S", ".", "I", "(", "I", ")", ";"]
    assert names_for("return /\\d+/.exec(s)", ".js")[:2] == ["return", "S"]
    assert names_for("f(x) / 2", ".js")[-2:] == ["/", "N"]


def test_a_name_after_a_member_operator_is_an_identifier_even_when_a_keyword():
    assert names_for("node.type = p.catch(e)", ".ts") == ["I", ".", "I", "=", "I", ".", "I", "(", "I", ")"]
    assert names_for("x.await", ".rs") == ["I", ".", "await"]
    assert names_for("Outer.this.f", ".java") == ["I", ".", "this", ".", "I"]
    assert names_for("p->next", ".c") == ["I", "->", "I"]
    assert names_for("|a| -> String { a }", ".rs")[3:5] == ["->", "String"]
    assert names_for("x -> String.valueOf(x)", ".java")[:3] == ["I", "->", "String"]


def test_preprocessor_directives_are_kept_and_stringification_is_an_operator():
    assert names_for("#define STR(x) #x\n#  ifdef DEBUG\n#endif", ".c") == [
        "#define", "I", "(", "I", ")", "#", "I", "#ifdef", "I", "#endif",
    ]


def test_rust_raw_strings_chars_lifetimes_and_nested_comments():
    source = "fn f<'a>(x: &'a str) -> &'static str { /* a /* b */ c */ let _ = r##\"x \"# y\"##; '\\u{1F600}' }"
    assert names_for(source, ".rs") == [
        "fn", "I", "<", "'I", ">", "(", "I", ":", "&", "'I", "str", ")", "->", "&", "'static", "str",
        "{", "let", "I", "=", "S", ";", "S", "}",
    ]
    assert names_for("let r#match = br\"\\d\"; 1..=10; 2.0_f64; x.0", ".rs") == [
        "let", "I", "=", "S", ";", "N", "..=", "N", ";", "N", ";", "I", ".", "N",
    ]


def test_go_raw_strings_span_lines_and_runes_are_strings():
    source = "s := `line one\n\"quoted\" // not a comment\n` + string('x')\nreturn s"
    assert tokens_for(source, ".go") == [
        ("I", 1), (":=", 1), ("S", 1), ("+", 3), ("string", 3), ("(", 3), ("S", 3), (")", 3), ("return", 4), ("I", 4),
    ]


def test_cpp_closing_templates_lex_the_same_wherever_they_occur():
    a = names_for("std::map<int, std::vector<int>> m; x = y >> 2;", ".cpp")
    assert a == ["std", "::", "map", "<", "int", ",", "std", "::", "vector", "<", "int", ">>", "I", ";", "I", "=", "I", ">>", "N", ";"]
    assert names_for("std::map<int, std::vector<int> > m;", ".cpp")[:12] == a[:11] + [">"]
    assert names_for('auto s = LR"(x)" + u8R"d(a)" b)d";', ".cpp") == ["auto", "I", "=", "S", "+", "S", ";"]


@pytest.mark.parametrize("literal", ["0x1F", "0b1010", "0o17", "1_000", "1.5e-3", "10ULL", "1.f", ".5", "1e10", "0x1.8p3", "10n", "2i"])
def test_number_forms_are_one_number(literal):
    suffix = {"10n": ".js", "2i": ".go", "0o17": ".js", "1_000": ".java"}.get(literal, ".c")
    assert names_for(f"x = {literal};", suffix) == ["I", "=", "N", ";"]


def test_numbers_before_a_method_or_range_keep_the_dot():
    assert names_for("1..toString()", ".js")[:1] == ["N"]
    assert names_for("for i in 0..10 {}", ".rs") == ["for", "I", "in", "N", "..", "N", "{", "}"]
    assert names_for("1.max(2)", ".rs") == ["N", ".", "I", "(", "N", ")"]


def test_unicode_identifiers_and_dollar_names_are_identifiers():
    assert names_for("const größe = $el + _x1 + café;", ".js") == ["const", "I", "=", "I", "+", "I", "+", "I", ";"]
    assert names_for("let größe = 1;", ".rs") == ["let", "I", "=", "N", ";"]


def test_unterminated_literals_and_comments_cost_one_token_not_the_rest():
    assert names_for("it's one /* stray\nint x = 1;", ".c")[-5:] == ["int", "I", "=", "N", ";"]
    assert names_for("don't `x\nlet y = 2;", ".js")[-5:] == ["let", "I", "=", "N", ";"]


def test_a_raw_string_that_never_closes_is_a_name_and_what_follows():
    assert names_for('x = R"d(never', ".cpp") == ["I", "=", "I", '"', "I", "(", "I"]
    assert names_for('x = r#"never', ".rs") == ["I", "=", "I", "#", '"', "I"]
    assert names_for('a = R"(one)"; b = R"(two)";', ".cpp") == ["I", "=", "S", ";", "I", "=", "S", ";"]


def test_a_comment_or_whitespace_at_the_end_adds_no_token():
    for suffix in (".py", ".js", ".go", ".c", ".rs"):
        comment = "# note" if suffix == ".py" else "// note"
        base = names_for("x = 1\n", suffix)
        assert names_for(f"x = 1  {comment}", suffix) == base
        assert names_for("x = 1" + " \n" * 40, suffix) == base
    assert python_tokens("x = 1\n# a closing comment\n\n") == [("I", 1), ("=", 1), ("N", 1)]


def test_lines_are_those_of_the_source():
    assert tokens_for("int a;\n/* two\nlines */\nreturn \"x\";", ".c") == [
        ("int", 1), ("I", 1), (";", 1), ("return", 4), ("S", 4), (";", 4),
    ]


@pytest.mark.parametrize("suffix", sorted(PAIRS))
def test_markdown_lexes_the_same_code_the_same_way_in_a_fence_and_in_prose(suffix):
    code = PAIRS[suffix][0]
    head = "# Task\n\nThe body is as follows.\n\n"
    words = [t for t, _ in markdown_code_tokens(head, suffix)]
    fenced = f"{head}```{suffix[1:]}\n{code}```\n"
    prose = head + textwrap.indent(code, "    ")
    stream = names_for(code, suffix)
    assert [t for t, _ in markdown_code_tokens(fenced, suffix)] == stream + words
    assert [t for t, _ in markdown_code_tokens(prose, suffix)] == words + stream


def test_inline_code_lexes_as_code_in_every_language():
    inline = "Call `mergeStreams(streams, limit)` once."
    assert [t for t, _ in markdown_code_tokens(inline, ".js")] == ["I", "I", "(", "I", ",", "I", ")", "I", "."]
    assert [t for t, _ in markdown_code_tokens(inline, ".go")] == [t for t, _ in markdown_code_tokens(inline, ".js")]


def test_markdown_token_lines_are_lines_of_the_markdown_file():
    text = "# T\n\n```go\nfunc F() {}\n```\n\nthen `x := 1`\n"
    assert markdown_code_tokens(text, ".go") == [
        ("func", 4), ("I", 4), ("(", 4), (")", 4), ("{", 4), ("}", 4),
        ("#", 1), ("I", 1), ("I", 7), ("I", 7), (":=", 7), ("N", 7),
    ]


# A name not inside a number, a lifetime, a directive or a regular expression's escape or flags.
_NAME = re.compile(r"(?<![\w$'#\"/\\])[A-Za-z_]\w*")


def _user_names(source: str, suffix: str) -> list[str]:
    """The names of `source` that lex to `I` wherever they occur (the program's own names)."""
    language = {".js": "javascript", ".ts": "typescript", ".java": "java", ".go": "go", ".c": "c", ".cpp": "cpp", ".rs": "rust"}[suffix]
    keep = BY_NAME[language].keep
    code = re.sub(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`[^`]*`", " ", source, flags=re.DOTALL)
    return sorted({m.group() for m in _NAME.finditer(code)} - keep - {"r", "b", "u8", "L", "R", "u", "U", "c", "sep"})


_FRESH = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéßπ_0123456789", min_size=1, max_size=10)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), suffix=st.sampled_from(sorted(PAIRS)))
def test_renaming_any_names_to_any_fresh_names_keeps_the_stream(data, suffix):
    source = PAIRS[suffix][0]
    language = {".js": "javascript", ".ts": "typescript", ".java": "java", ".go": "go", ".c": "c", ".cpp": "cpp", ".rs": "rust"}[suffix]
    names = _user_names(source, suffix)
    fresh = data.draw(st.lists(_FRESH.map(lambda s: "v" + s).filter(lambda s: s not in BY_NAME[language].keep),
                               min_size=len(names), max_size=len(names), unique=True))
    mapping = dict(zip(names, fresh))
    renamed = _NAME.sub(lambda m: mapping.get(m.group(), m.group()), source)
    assert renamed != source
    assert names_for(renamed, suffix) == names_for(source, suffix)


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(st.text(max_size=300), st.text(alphabet="ab1_ rR8u\n\"'`/*#\\${}()<>.-", max_size=300)), suffix=st.sampled_from([".py", ".js", ".ts", ".java", ".go", ".c", ".cpp", ".rs"]))
def test_any_text_lexes_without_error_and_the_same_twice(text, suffix):
    first = tokens_for(text, suffix)
    assert first == tokens_for(text, suffix)
    assert all(token and 1 <= line <= text.count("\n") + 1 for token, line in first)
    assert all(1 <= line <= text.count("\n") + 1 for _token, line in markdown_code_tokens(text, suffix))
