"""JavaScript, Go, Rust and Ruby packages in RUN (DKR005); Python lives in `dockerfile_pip`.

Exact means one version, not a range or a tag: `typescript@5.4.5`, `go install pkg@v1.2.3`,
`cargo install --version 1.2.3 crate` (or `crate@1.2.3`), `gem install -v 1.2.3 rake`. Whole
projects are pinned by their lockfile: `npm ci`, or `npm/yarn/pnpm install` with the lockfile in
the build context or a frozen-lockfile flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from taskgate.hooks.rules.dockerfile.reading.argv import options
from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.rules import UNPINNED_LANGUAGE_PACKAGE
from taskgate.hooks.rules.dockerfile.reading.shell import Command, Run, Word

# Whether the build context holds a file with this name (a lockfile), anywhere.
HasFile = Callable[[str], bool]

_SEMVER = re.compile(r"^v?=?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
_GO_VERSION = re.compile(r"^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+incompatible)?$|^[0-9a-f]{40}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_NPM_INSTALL = {"install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add"}
_NPM_LONG = frozenset({
    "--prefix", "--registry", "--cache", "--workspace", "--omit", "--include", "--loglevel", "--userconfig", "--tag",
    "--package", "--cwd", "--filter", "--dir", "--store-dir", "--modules-folder", "--network-timeout", "--mutex",
})
_LOCKS = {"npm": ("package-lock.json", "npm-shrinkwrap.json"), "yarn": ("yarn.lock",), "pnpm": ("pnpm-lock.yaml",)}
_FROZEN = ("--frozen-lockfile", "--immutable", "--pure-lockfile")
_GO_VALUE = frozenset("-tags -ldflags -gcflags -asmflags -mod -modfile -o -C -p -pkgdir -toolexec -overlay -pgo -buildmode -compiler -gccgoflags -installsuffix -exec".split())
_CARGO_LONG = frozenset("--version --vers --git --branch --tag --rev --path --root --registry --index --features --target --target-dir --profile --bin --example --jobs --config --color".split())
_GEM_LONG = frozenset("--version --install-dir --bindir --source --trust-policy --platform --file --build-root --document".split())


def check(run: Run, has_file: HasFile) -> Iterator[Violation]:
    for cmd in run.commands:
        name = cmd.name
        if name in ("npm", "yarn", "pnpm"):
            hit = _node(cmd, has_file)
        elif name in ("npx", "corepack"):
            hit = _runner(cmd)
        elif name == "go":
            hit = _go(cmd)
        elif name == "cargo" or name == "cargo-binstall":
            hit = _cargo(cmd)
        elif name == "gem":
            hit = _gem(cmd)
        else:
            hit = None
        if hit is not None:
            message, token = hit
            yield Violation(UNPINNED_LANGUAGE_PACKAGE, run.instruction, message, token, cmd.point)


def _node(cmd: Command, has_file: HasFile) -> tuple[str, str] | None:
    opts = options(cmd.args, _NPM_LONG, "wC")
    pos = [w for w in opts.positional]
    tool = cmd.name
    if tool == "yarn" and pos[:1] and pos[0].text == "global":
        pos = pos[1:]
    if not pos and opts.has("--version", "-v", "--help", "-h"):
        return None
    sub = pos[0].text if pos else ("install" if tool == "yarn" else "")
    specs = [w for w in pos[1:] if w.literal]
    if tool == "npm" and sub in ("update", "up", "upgrade", "udpate"):
        return f"`npm {sub}` moves dependencies to the newest versions their ranges allow", sub
    if sub in ("dlx", "exec", "x") and specs:
        problem = npm_spec_problem(specs[0].text, bare_ok=sub != "dlx")
        return (f"`{tool} {sub} {specs[0].text}` runs a package without an exact version ({problem})", specs[0].text) if problem else None
    if sub not in _NPM_INSTALL:
        return None
    if not specs and not pos[1:]:
        if sub == "add" or opts.has(*_FROZEN) or any(has_file(lock) for lock in _LOCKS[tool]):
            return None
        locks = " or ".join(_LOCKS[tool])
        fix = "commit package-lock.json and run `npm ci`" if tool == "npm" else f"commit {_LOCKS[tool][0]} and install with --frozen-lockfile"
        return f"`{tool} {sub}` without a lockfile ({locks}) installs the newest versions package.json's ranges allow; {fix}", sub
    loose = [f"{w.text} ({p})" for w in specs if (p := npm_spec_problem(w.text)) is not None]
    if loose:
        return f"`{tool} {sub}` of packages without exact versions: {', '.join(loose[:6])}; pin `name@x.y.z`", loose[0].split(" (")[0]
    return None


def npm_spec_problem(spec: str, bare_ok: bool = False) -> str | None:
    if spec.startswith((".", "/", "~", "file:")) or (spec.endswith((".tgz", ".tar.gz")) and "://" not in spec):
        return None
    if spec.startswith(("git+", "git://", "github:", "gitlab:", "bitbucket:")) or re.fullmatch(r"[\w-]+/[\w.-]+(#.*)?", spec):
        ref = spec.split("#", 1)[1] if "#" in spec else ""
        return None if _COMMIT.match(ref) else "git reference without a full commit"
    if "://" in spec:
        return "tarball URL without integrity"
    name, _, version = spec[1:].partition("@") if spec.startswith("@") else spec.partition("@")
    if version.startswith("npm:"):
        return npm_spec_problem(version[4:], bare_ok)
    if not version:
        return None if bare_ok else "no version"
    return None if _SEMVER.match(version) else f"version {version!r} is not exact"


def _runner(cmd: Command) -> tuple[str, str] | None:
    opts = options(cmd.args, frozenset({"--package", "--call"}), "pc")
    if cmd.name == "corepack":
        pos = [w.text for w in opts.positional if w.literal]
        if pos[:1] in (["prepare"], ["install"], ["use"]):
            for spec in pos[1:]:
                problem = npm_spec_problem(spec)
                if problem:
                    return f"`corepack {pos[0]} {spec}` activates a package manager without an exact version ({problem})", spec
        return None
    specs = opts.get("-p", "--package") or [w.text for w in opts.positional[:1] if w.literal]
    for spec in specs:
        problem = npm_spec_problem(spec, bare_ok=True)
        if problem:
            return f"`npx {spec}` runs a package without an exact version ({problem}); write `npx {spec.rsplit('@', 1)[0] or spec}@x.y.z`", spec
    return None


def _go(cmd: Command) -> tuple[str, str] | None:
    args = [w for w in cmd.args]
    if not args or args[0].text not in ("install", "get"):
        return None
    sub = args[0].text
    packages: list[Word] = []
    update = False
    i = 1
    while i < len(args):
        text = args[i].text
        if text.startswith("-"):
            flag = text.split("=", 1)[0].lstrip("-")
            update = update or flag.startswith("u")
            i += 2 if ("-" + flag) in _GO_VALUE and "=" not in text else 1
            continue
        packages.append(args[i])
        i += 1
    loose = []
    for word in packages:
        spec = word.text
        if not word.literal or spec.startswith((".", "/")):
            continue
        path, at, version = spec.partition("@")
        if at and not _GO_VERSION.match(version):
            loose.append(f"{spec} (not an exact version)")
        elif not at and sub == "get":
            loose.append(f"{spec} (no version: go get takes the newest)")
    if sub == "get" and update:
        loose.insert(0, "-u (upgrades dependencies)")
    if loose:
        return f"`go {sub}` without exact module versions: {', '.join(loose[:6])}; pin `path@vX.Y.Z`", loose[0].split(" (")[0]
    return None


def _cargo(cmd: Command) -> tuple[str, str] | None:
    args = cmd.args
    if cmd.name == "cargo":
        if not args or args[0].text not in ("install", "binstall"):
            return None
        args = args[1:]
    opts = options(args, _CARGO_LONG, "Fj")
    if opts.has("--path"):
        return None
    crates = [w.text for w in opts.positional if w.literal]
    if opts.has("--git"):
        revs = opts.get("--rev")
        if revs and _COMMIT.match(revs[-1]):
            return None
        return "`cargo install --git` without `--rev <40-hex commit>` builds whatever the branch or tag points at", "--git"
    version = (opts.get("--version", "--vers") or [""])[-1]
    loose = []
    for crate in crates:
        name, at, own = crate.partition("@")
        exact = own or version
        if not re.fullmatch(r"=?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?", exact):
            loose.append(crate)
    if loose:
        return f"`cargo install` without an exact version: {', '.join(loose)}; write `cargo install --locked --version X.Y.Z {loose[0].split('@')[0]}`", loose[0]
    return None


def _gem(cmd: Command) -> tuple[str, str] | None:
    opts = options(cmd.args, _GEM_LONG, "vinsPg")
    pos = [w.text for w in opts.positional if w.literal]
    if not pos:
        return None
    if pos[0] == "update":
        return ("`gem update` moves gems to their newest versions", "update") if not (opts.has("--system") and pos[1:]) else None
    if pos[0] != "install":
        return None
    version = (opts.get("-v", "--version") or [""])[-1]
    loose = []
    for gem in pos[1:]:
        if gem.endswith(".gem"):
            continue
        name, colon, own = gem.partition(":")
        exact = own or version
        if not re.fullmatch(r"(=\s*)?\d+(\.\d+)*([.-][0-9A-Za-z]+)*", exact.strip()) or exact.count(".") < 1:
            loose.append(gem)
    if loose:
        return f"`gem install` without an exact version: {', '.join(loose)}; write `gem install {loose[0].split(':')[0]} -v X.Y.Z`", loose[0]
    return None
