"""Remote content fetched by RUN: curl/wget downloads (DKR007, DKR008) and git clones (DKR009).

A download's output goes to a file, into a pipeline, or into a command substitution. Into a
shell (or an interpreter reading stdin, `sh -c "$(curl ...)"`, `bash <(curl ...)`) it is executed
unseen: DKR007. Streamed or captured into anything else it cannot be verified: DKR008. Saved to a
file it must be verified by a checksum (or signature) in the same RUN: DKR008 otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from taskgate.hooks.rules.dockerfile.reading.argv import options
from taskgate.hooks.rules.dockerfile.reading.parse import Violation
from taskgate.hooks.rules.dockerfile.rules import PIPE_TO_SHELL, UNPINNED_CLONE, UNVERIFIED_DOWNLOAD
from taskgate.hooks.rules.dockerfile.reading.shell import SHELLS, Command, Run, runs_stdin

_CURL_SHORT = "oudHAeXmwTxrCKEbcDzYytQPFU"
_CURL_LONG = frozenset("""--output --user --data --data-raw --data-binary --data-urlencode --header --user-agent
--referer --request --max-time --write-out --upload-file --proxy --range --continue-at --config --cert --cookie
--cookie-jar --dump-header --time-cond --retry --retry-delay --retry-max-time --connect-timeout --cacert --capath
--key --output-dir --resolve --proto --proto-redir --form --url --limit-rate --max-filesize --interface
--netrc-file --create-file-mode --expect100-timeout --retry-all-errors-count""".split())
_WGET_SHORT = "OoaPtTUeiBlwQARDIX"
_WGET_LONG = frozenset("""--output-document --output-file --append-output --directory-prefix --tries --timeout
--user-agent --execute --input-file --base --level --wait --quota --accept --reject --domains --header --user
--password --http-user --http-password --ca-certificate --certificate --private-key --post-data --post-file
--method --body-data --body-file --load-cookies --save-cookies --max-redirect --bind-address --limit-rate""".split())
_SUMS = frozenset({"sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "b3sum", "md5sum", "shasum", "cksum", "rhash"})
_LOCAL = re.compile(r"^(https?|ftp)://(localhost|127\.\d+\.\d+\.\d+|\[::1\])([:/]|$)")
_COMMIT = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")
_GIT_VALUE = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"})
_CLONE_LONG = frozenset({"--branch", "--depth", "--origin", "--config", "--reference", "--reference-if-able", "--separate-git-dir", "--jobs", "--filter", "--upload-pack", "--template", "--shallow-since", "--shallow-exclude", "--revision", "--bundle-uri", "--server-option"})


def check_downloads(run: Run) -> Iterator[Violation]:
    verified = any(_verifies(cmd) for cmd in run.commands)
    for cmd in run.commands:
        url = _download_url(cmd)
        if url is None:
            continue
        executor = _executor(cmd)
        if executor is not None:
            message = f"`{cmd.name} {url}` is executed by `{executor}` without any check; download to a file, verify its sha256, then run it"
            yield Violation(PIPE_TO_SHELL, run.instruction, message, cmd.argv[0].text, cmd.point)
            continue
        consumers = [c for c in cmd.downstream] + ([cmd.feeds] if cmd.feeds is not None else [])
        if consumers and not _saves(cmd):
            if any(_verifies(c) or c.name in _SUMS for c in consumers):
                continue
            how = f"piped into `{consumers[0].name}`" if cmd.downstream else "captured by $(...)"
            yield Violation(UNVERIFIED_DOWNLOAD, run.instruction, f"`{cmd.name} {url}` is {how} unverified; save it to a file and check its sha256 (`sha256sum -c`) in the same RUN", cmd.argv[0].text, cmd.point)
        elif not verified:
            yield Violation(UNVERIFIED_DOWNLOAD, run.instruction, f"`{cmd.name} {url}` downloads without a checksum check in the same RUN; add `echo \"<sha256>  <file>\" | sha256sum -c -`", cmd.argv[0].text, cmd.point)


def _download_url(cmd: Command) -> str | None:
    if cmd.name == "curl":
        opts = options(cmd.args, _CURL_LONG, _CURL_SHORT)
        urls = [w.text for w in opts.positional] + opts.get("--url")
    elif cmd.name == "wget":
        opts = options(cmd.args, _WGET_LONG, _WGET_SHORT)
        urls = [w.text for w in opts.positional] + (["(urls from " + opts.get("-i", "--input-file")[0] + ")"] if opts.has("-i", "--input-file") else [])
    elif cmd.name == "aria2c":
        urls = [w.text for w in cmd.args if "://" in w.text]
    else:
        return None
    remote = [u for u in urls if not _LOCAL.match(u) and not u.startswith("file:")]
    return remote[0] if remote else None


def _saves(cmd: Command) -> bool:
    """True when the download is written to a file rather than to stdout."""
    if cmd.name == "curl":
        opts = options(cmd.args, _CURL_LONG, _CURL_SHORT)
        outputs = opts.get("-o", "--output")
        return bool(opts.has("-O", "--remote-name", "--remote-name-all") or [o for o in outputs if o != "-"])
    if cmd.name == "wget":
        opts = options(cmd.args, _WGET_LONG, _WGET_SHORT)
        outputs = opts.get("-O", "--output-document")
        return not outputs or outputs[-1] != "-"
    return True


def _executor(cmd: Command) -> str | None:
    """The shell or interpreter that executes this download's output, if any."""
    for other in cmd.downstream:
        if runs_stdin(other):
            return other.name
    owner = cmd.feeds
    if owner is not None:
        if owner.name in ("eval", "source", ".") or (owner.name in SHELLS and not _saves(cmd)):
            return owner.name
        if re.fullmatch(r"(python|perl|ruby|node|php)[0-9.]*", owner.name):
            return owner.name
    return None


def _verifies(cmd: Command) -> bool:
    name, texts = cmd.name, cmd.texts()
    if name in _SUMS:
        checks = any(t in ("-c", "--check") or t.startswith("--check=") or (re.fullmatch(r"-[a-zA-Z]*c[a-zA-Z]*", t) is not None) for t in texts)
        return checks or cmd.substituted or bool(cmd.downstream)
    if name == "openssl" and texts[:1] and texts[0] in ("dgst", "sha256", "sha512", "sha384"):
        return "-verify" in texts or cmd.substituted or bool(cmd.downstream)
    if name in ("gpg", "gpg2"):
        return "--verify" in texts
    if name in ("gpgv", "gpgv2"):
        return True
    if name == "cosign":
        return texts[:1] in (["verify-blob"], ["verify-blob-attestation"])
    if name in ("minisign", "signify", "signify-openbsd"):
        return "-V" in texts
    return False


def check_clones(runs: list[Run]) -> Iterator[Violation]:
    """Each `git clone` needs a later checkout of a full commit in the same stage."""
    events: list[tuple[int, int, str, Command, Run]] = []
    fetched_commit = False
    for index, run in enumerate(runs):
        for cmd in run.commands:
            if cmd.name != "git":
                continue
            sub, rest = _git_sub(cmd)
            if sub == "clone":
                events.append((index, cmd.order, "clone", cmd, run))
            elif sub == "fetch" and any(_COMMIT.match(w) for w in rest):
                fetched_commit = True
            elif sub in ("checkout", "switch", "reset", "restore") and any(_COMMIT.match(w) or (fetched_commit and w == "FETCH_HEAD") for w in rest):
                events.append((index, cmd.order, "pin", cmd, run))
    pins = [(i, o) for i, o, kind, _, _ in events if kind == "pin"]
    for index, order, kind, cmd, run in events:
        if kind != "clone":
            continue
        at = _git_sub_index(cmd)
        opts = options(cmd.args[at + 1:], _CLONE_LONG, "bocju")
        repo = next((w.text for w in opts.positional), "")
        if not repo or repo.startswith(("/", ".")) and "://" not in repo:
            continue  # a local repository from the build context
        if any(_COMMIT.match(r) for r in opts.get("--revision")):
            continue
        if any(p > (index, order) for p in pins):
            continue
        ref = (opts.get("-b", "--branch") or [""])[-1]
        what = f" at {ref!r}, a movable name," if ref else ""
        yield Violation(UNPINNED_CLONE, run.instruction, f"`git clone {repo}`{what} is not followed by a checkout of a full commit SHA; add `git -C <dir> checkout <40-hex sha>`", "git", cmd.point)


def _git_sub_index(cmd: Command) -> int:
    texts = cmd.texts()
    i = 0
    while i < len(texts) and texts[i].startswith("-"):
        i += 2 if texts[i] in _GIT_VALUE else 1
    return i


def _git_sub(cmd: Command) -> tuple[str, list[str]]:
    texts = cmd.texts()
    i = _git_sub_index(cmd)
    return (texts[i], texts[i + 1:]) if i < len(texts) else ("", [])
