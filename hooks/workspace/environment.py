"""A task's environment files: top-level entries outside the task contract that its image needs.

The Docker build context of a task is the task directory. Besides the contract entries
(task.yaml, prompt.md, Dockerfile, solution/, tests/, subject/, meta/) a task may hold the files
its environment is built from, and only those:

- `.dockerignore` (and `Dockerfile.dockerignore`), which Docker reads to trim the context;
- the dependency manifests and lockfiles of the supported languages (`requirements.txt`,
  `package-lock.json`, `go.sum`, `Cargo.lock`, `pom.xml`, ...), which the Dockerfile rules ask for;
- any entry the Dockerfile takes from the context by name: `COPY env/ /opt/env/`,
  `ADD tools.tar /opt/`, `COPY requirements*.txt ./`, `RUN --mount=type=bind,source=x,...`.

One definition serves the layout rules (such entries are not unknown), the task hash and the
build context (they are part of what the image is built from), so the fix one rule recommends
can never be an error of another.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import weakref

from taskgate.hooks.workspace.loaders import LoadError
from taskgate.hooks.workspace.task import CODE_DIRS, PROMPT, TASK_YAML, Task

DOCKERFILE = "Dockerfile"
DOCKERIGNORE = (".dockerignore", "Dockerfile.dockerignore")

# Dependency manifests and lockfiles, by language. Top-level names only.
MANIFESTS: dict[str, tuple[str, ...]] = {
    "python": (
        "requirements*.txt", "requirements*.in", "constraints*.txt", "pyproject.toml", "setup.cfg",
        "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock", "pylock.toml", "pylock.*.toml",
        "environment.yml", "environment.yaml", "conda-lock.yml", "conda-lock.yaml", ".python-version",
    ),
    "javascript": (
        "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
        "pnpm-workspace.yaml", "bun.lock", "bun.lockb", ".npmrc", ".yarnrc.yml", ".nvmrc", "deno.json", "deno.lock",
    ),
    "typescript": ("tsconfig.json",),  # plus everything of javascript
    "java": (
        "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts",
        "gradle.lockfile", "gradle.properties",
    ),
    "go": ("go.mod", "go.sum", "go.work", "go.work.sum"),
    "rust": ("Cargo.toml", "Cargo.lock", "rust-toolchain", "rust-toolchain.toml"),
    "cpp": ("conanfile.txt", "conanfile.py", "conan.lock", "vcpkg.json", "vcpkg-configuration.json"),
}
_MANIFEST = re.compile("|".join(fnmatch.translate(p) for patterns in MANIFESTS.values() for p in patterns))
_GLOB = frozenset("*?[")
# Entries the task contract names (the layout rules own them); never environment files.
_CONTRACT = frozenset({TASK_YAML, PROMPT, DOCKERFILE, *CODE_DIRS, "meta", "calibration", "calibration.json"})

_CACHE: weakref.WeakKeyDictionary[Task, frozenset[str]] = weakref.WeakKeyDictionary()


def is_manifest(name: str) -> bool:
    """True for a dependency manifest or lockfile name of a supported language."""
    return _MANIFEST.match(name) is not None


def environment_entries(task: Task) -> frozenset[str]:
    """Top-level names of `task` that are environment files (see the module docstring)."""
    found = _CACHE.get(task)
    if found is None:
        top = task.top_level
        known = {name for name in top if name in DOCKERIGNORE or (top[name] == "file" and is_manifest(name))}
        # Only an entry that is neither contract nor known needs the Dockerfile read (most tasks have none).
        if any(name not in _CONTRACT and name not in known for name in top):
            known |= copied_tops(task, top)
        found = _CACHE[task] = frozenset(known)
    return found


def copied_tops(task: Task, top: dict[str, str]) -> set[str]:
    """Top-level entries that the Dockerfile's COPY/ADD/bind mounts name, literally or by a glob."""
    if top.get(DOCKERFILE) != "file":
        return set()
    text = task.text(DOCKERFILE)
    if isinstance(text, LoadError):
        return set()
    out: set[str] = set()
    for source in context_sources(text):
        first = posixpath.normpath("./" + source.lstrip("/")).split("/", 1)[0]
        if first in (".", ".."):
            continue  # the whole context: names nothing in particular
        if _GLOB & set(first):
            if first.strip("*?") == "":
                continue  # `*` alone names nothing in particular either
            out.update(name for name in top if fnmatch.fnmatchcase(name, first))
        elif first in top:
            out.add(first)
    return out


def context_sources(text: str) -> list[str]:
    """Every build-context source a Dockerfile names (COPY/ADD without --from, RUN bind mounts),
    or [] when it does not parse. Read with BuildKit's parser (the `dockerfile` package); a source
    built from a variable (`COPY ${REQS} .`) is left out, as it names nothing statically."""
    import dockerfile  # binary wheel, loaded only when a task has an entry to explain

    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return []  # DKR012 reports it
    sources: list[str] = []
    for command in commands:
        cmd = command.cmd.upper()
        flags = [flag.lower() for flag in command.flags]
        if cmd in ("COPY", "ADD") and not any(flag.startswith("--from=") for flag in flags):
            words = [w for w in command.value if not w.startswith("<<")]  # heredoc sources are inline text
            sources.extend(w for w in words[:-1] if not (cmd == "ADD" and is_remote(w)))
        elif cmd == "RUN":
            for flag in command.flags:
                if flag.lower().startswith("--mount="):
                    fields = mount_fields(flag.split("=", 1)[1])
                    if fields.get("type") == "bind" and "from" not in fields:
                        sources.append(fields.get("source", "."))
    return [s for s in sources if "$" not in s]


def mount_fields(spec: str) -> dict[str, str]:
    """`type=bind,source=x,target=/y` (of `RUN --mount=`) -> {"type": "bind", "source": "x", "target": "/y"}."""
    fields: dict[str, str] = {"type": "bind"}
    for part in spec.split(","):
        key, eq, value = part.partition("=")
        fields[key.strip().lower()] = value.strip() if eq else "true"
    for alias, name in (("src", "source"), ("dst", "target"), ("destination", "target")):
        if alias in fields:
            fields.setdefault(name, fields.pop(alias))
    return fields


def is_remote(source: str) -> bool:
    """A COPY/ADD source that is a URL or a git remote, not a path of the build context."""
    return bool(re.match(r"^(https?|ftp)://|^git@|^git://|^ssh://", source))
