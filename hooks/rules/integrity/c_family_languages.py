"""What the C-family lexer (`c_family_lexer`) needs to know of each language.

Per language: the words kept as text (keywords, primitive types, literal words such as `true`
and `null`, and the standard library's most used names, the counterpart of Python's builtins),
the regular expressions of its string and character literals (tried in order, before names,
so that a prefix such as `u8`, `L`, `b` or `r#` is part of the literal), its operators longer
than one character (single characters need no list: any other character is a token of its
own), and the few lexical rules where the languages differ (digit separators, `.5`, `1.max(2)`,
nested block comments, JavaScript's regular expression literals, Rust's lifetimes, C's
preprocessor directives).

Contextual keywords that are ordinary identifiers in most code (`get`, `set`, `from`, Java's
`record`, C++'s `final`) are not kept, so renaming a variable called that does not change the
stream; `min`, `max`, `begin`, `end` are not kept for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Language:
    name: str
    keep: frozenset[str]
    literals: tuple[str, ...]
    operators: frozenset[str]
    identifier: str = r"[^\W\d]\w*"
    digit_separator: str = "_"
    leading_dot_numbers: bool = True
    # `1.max(2)`, `1..2`, `1.toString()`: a dot after digits belongs to the number only when a
    # digit follows it or nothing word-like does.
    methods_on_numbers: bool = False
    hex_floats: bool = True
    # A raw string's opening (its delimiter as group `delimiter`) and its closing with `%s` for
    # the delimiter: matched by search in the lexer, not by a regular expression, so that
    # openings that never close cost no search each.
    raw_strings: tuple[str, str] | None = None
    nested_comments: bool = False
    regex_literals: bool = False
    lifetimes: bool = False
    directives: bool = False


# Literal patterns shared by several languages (compiled with re.DOTALL: `.` takes a newline, so
# an escaped line end continues a string).
_DQ = r'"(?:\\.|[^\\"\n])*"'
_SQ = r"'(?:\\.|[^\\'\n])*'"
_C_PREFIX = r"(?:u8|[uUL])?"

_C_OPERATORS = _words("-> ++ -- << >> <= >= == != && || *= /= %= += -= &= ^= |= <<= >>= ... ##")
_C_KEYWORDS = _words("""
    auto break case char const continue default do double else enum extern float for goto if inline
    int long register restrict return short signed sizeof static struct switch typedef union unsigned
    void volatile while _Bool _Complex _Atomic _Alignas _Alignof _Generic _Noreturn _Static_assert
    _Thread_local alignas alignof bool static_assert thread_local typeof true false nullptr
    size_t ssize_t ptrdiff_t intptr_t uintptr_t int8_t int16_t int32_t int64_t uint8_t uint16_t
    uint32_t uint64_t wchar_t char8_t char16_t char32_t NULL FILE EOF
    """)
_C_LIBRARY = _words("""
    printf fprintf sprintf snprintf puts putchar scanf sscanf fgets fopen fclose fread fwrite
    malloc calloc realloc free memcpy memmove memset memcmp strlen strcmp strncmp strcpy strncpy
    strcat strchr strrchr strstr strtol strtoul strtod atoi qsort bsearch abs labs exit assert
    stdin stdout stderr errno INT_MAX INT_MIN SIZE_MAX UINT_MAX LONG_MAX LONG_MIN
    """)
_CPP_KEYWORDS = _C_KEYWORDS | _words("""
    and and_eq bitand bitor catch class compl concept consteval constexpr constinit const_cast
    co_await co_return co_yield decltype delete dynamic_cast explicit export friend mutable
    namespace new noexcept not not_eq operator or or_eq private protected public reinterpret_cast
    requires static_cast template this throw try typeid typename using virtual xor xor_eq
    """)
_CPP_LIBRARY = _words("""
    std string string_view vector array deque list forward_list map multimap set multiset
    unordered_map unordered_set unordered_multimap unordered_multiset pair tuple optional variant
    queue stack priority_queue function unique_ptr shared_ptr weak_ptr make_pair make_tuple
    make_unique make_shared cout cin cerr endl size_t runtime_error logic_error invalid_argument
    out_of_range exception numeric_limits
    """)

_JS_OPERATORS = _words("""
    >>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ++ -- += -= *= /= %= &= |=
    ^= ** << >>
    """) | {r"?."}
_JS_KEYWORDS = _words("""
    async await break case catch class const continue debugger default delete do else export
    extends false finally for function if import in instanceof let new null of return static super
    switch this throw true try typeof undefined var void while with yield
    """)
_JS_LIBRARY = _words("""
    Array ArrayBuffer BigInt Boolean Buffer DataView Date Error EvalError Infinity Intl JSON Map Math
    NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set String Symbol
    SyntaxError TypeError URIError URL WeakMap WeakSet Uint8Array Int32Array Float64Array console
    exports globalThis isFinite isNaN module parseFloat parseInt process require structuredClone
    """)
# A template literal, its substitutions included (one level of braces and of nested templates
# inside them; each alternative starts differently, so a failing match stays linear).
_TEMPLATE = r"`(?:\\.|\$\{(?:[^{}`]|`(?:\\.|[^\\`])*`|\{[^{}`]*\})*\}|\$(?!\{)|[^\\`$])*`"
_JS_LITERALS = (_DQ, _SQ, _TEMPLATE)

JAVASCRIPT = Language(
    "javascript", _JS_KEYWORDS | _JS_LIBRARY, _JS_LITERALS, _JS_OPERATORS,
    identifier=r"(?:[^\W\d]|\$)[\w$]*", methods_on_numbers=True, hex_floats=False, regex_literals=True,
)
TYPESCRIPT = Language(
    "typescript",
    JAVASCRIPT.keep | _words("""
        abstract any as asserts bigint boolean declare enum implements infer interface is keyof
        never number object private protected public readonly satisfies string symbol type unique
        unknown Partial Readonly Record Required Pick Omit ReadonlyArray Iterable
        """),
    _JS_LITERALS, _JS_OPERATORS, identifier=JAVASCRIPT.identifier, methods_on_numbers=True, hex_floats=False,
    regex_literals=True,
)
JAVA = Language(
    "java",
    _words("""
        abstract assert boolean break byte case catch char class const continue default do double
        else enum extends final finally float for goto if implements import instanceof int interface
        long native new package private protected public return short static strictfp super switch
        synchronized this throw throws transient try var void volatile while true false null
        String Object Integer Long Double Float Short Byte Character Boolean Math System StringBuilder
        Exception RuntimeException IllegalArgumentException IllegalStateException NullPointerException
        IndexOutOfBoundsException UnsupportedOperationException ArithmeticException Iterable
        Comparable Override List Map Set Deque Queue ArrayList HashMap HashSet LinkedList LinkedHashMap
        ArrayDeque TreeMap TreeSet PriorityQueue Arrays Collections Objects Optional Iterator Comparator
        """),
    (r'"""(?:\\.|[^\\])*?"""', _DQ, _SQ),
    _words("""
        >>>= <<= >>= >>> ... -> :: == != <= >= && || ++ -- += -= *= /= %= &= |= ^= << >>
        """),
    identifier=JAVASCRIPT.identifier,
)
GO = Language(
    "go",
    _words("""
        break case chan const continue default defer else fallthrough for func go goto if import
        interface map package range return select struct switch type var
        bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string
        uint uint8 uint16 uint32 uint64 uintptr any comparable true false nil iota
        append cap close copy delete len make new panic recover
        fmt strings strconv sort errors
        """),
    (r"`[^`]*`", _DQ, _SQ),
    _words("<<= >>= &^= ... && || <- ++ -- == != <= >= := += -= *= /= %= &= |= ^= << >> &^"),
)
C = Language("c", _C_KEYWORDS | _C_LIBRARY, (_C_PREFIX + _DQ, _C_PREFIX + _SQ), _C_OPERATORS, directives=True)
CPP = Language(
    "cpp", _CPP_KEYWORDS | _C_LIBRARY | _CPP_LIBRARY,
    (_C_PREFIX + _DQ, _C_PREFIX + _SQ),
    _C_OPERATORS | {"<=>", "->*", ".*", "::"},
    digit_separator="'", directives=True, raw_strings=(_C_PREFIX + r'R"(?P<delimiter>[^()\\\s]{0,16})\(', ')%s"'),
)
RUST = Language(
    "rust",
    _words("""
        as async await break const continue crate dyn else enum extern false fn for if impl in let
        loop match mod move mut pub ref return self Self static struct super trait true type union
        unsafe use where while
        bool char str i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64
        String Vec Option Some None Result Ok Err Box Rc Arc RefCell Cell HashMap HashSet BTreeMap
        BTreeSet VecDeque BinaryHeap std collections println print eprintln eprint format vec assert
        assert_eq assert_ne panic unreachable todo unimplemented write writeln
        """),
    (
        r'[bc]?"(?:\\.|[^\\"])*"',
        r"b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F_]*\}|[^\n])|[^\\'\n])'",
    ),
    _words("<<= >>= ... ..= .. :: -> => == != <= >= && || += -= *= /= %= ^= &= |= << >>"),
    identifier=r"(?:r\#)?[^\W\d]\w*", leading_dot_numbers=False, methods_on_numbers=True, hex_floats=False,
    nested_comments=True, lifetimes=True, raw_strings=(r'[bc]?r(?P<delimiter>\#*)"', '"%s'),
)

BY_NAME = {language.name: language for language in (JAVASCRIPT, TYPESCRIPT, JAVA, GO, C, CPP, RUST)}
