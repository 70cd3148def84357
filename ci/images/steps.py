"""From a build back to the Dockerfile: which line a step is, and which step wrote a path.

The classic builder numbers every instruction of the Dockerfile ("Step 3/7 : RUN …"), FROM
included, across all stages; buildah numbers them per stage ("[2/2] STEP 1/3: FROM …"), which
`steps` turns into the same global numbering. Both record one history entry per instruction
after the final FROM (metadata-only ones marked `empty_layer`; buildah with `--layers`). So a path that differs between two builds can
be traced to the last layer that touched it, that layer to its history entry, the entry to its
step, and the step to its line.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from taskgate.ci.images.envdigest import chunk_reader, normalise

if TYPE_CHECKING:
    import docker

_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$", re.MULTILINE)
_BUILDAH_STEP = re.compile(r"^(?:\[(\d+)/(\d+)\] )?STEP (\d+)/(\d+): (.*)$", re.MULTILINE)
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$")


def instruction_lines(dockerfile: str) -> list[int]:
    """The 1-based line where each instruction starts, in order (continuations and comments skipped)."""
    escape = "\\"
    lines = dockerfile.splitlines()
    starts: list[int] = []
    in_directives = True
    continuing = False
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if in_directives:
            directive = _DIRECTIVE.match(stripped)
            if directive and directive.group(1).lower() == "escape" and directive.group(2) in ("\\", "`"):
                escape = directive.group(2)
                continue
            if directive:
                continue
            in_directives = False
        if not stripped or stripped.startswith("#"):
            continue  # blank and comment lines, also inside a continued instruction
        if not continuing:
            starts.append(number)
        continuing = stripped.endswith(escape)
    return starts


@dataclass(frozen=True)
class Step:
    number: int
    total: int
    text: str


def steps(log: str) -> list[Step]:
    """The steps a build log announces, numbered across all stages as the classic builder does."""
    classic = [Step(int(m.group(1)), int(m.group(2)), m.group(3).strip()) for m in _STEP.finditer(log)]
    return classic or _buildah_steps(log)


def _buildah_steps(log: str) -> list[Step]:
    found = [(int(m.group(1) or 1), int(m.group(3)), int(m.group(4)), m.group(5).strip()) for m in _BUILDAH_STEP.finditer(log)]
    totals: dict[int, int] = {}
    for stage, _number, total, _text in found:
        totals[stage] = total
    if any(stage not in totals for stage in range(1, max(totals, default=0) + 1)):
        return []  # a stage was skipped: its length, and so the global numbering, is unknown
    offsets = {stage: sum(totals[s] for s in range(1, stage)) for stage in totals}
    overall = sum(totals.values())
    return [Step(offsets[stage] + number, overall, text) for stage, number, _total, text in found]


def step_line(dockerfile: str, number: int) -> int:
    """The line of step `number` (1-based), or 1 when the Dockerfile does not have that many."""
    starts = instruction_lines(dockerfile)
    return starts[number - 1] if 0 < number <= len(starts) else 1


def _touched(layer: IO[bytes], wanted: set[str]) -> set[str]:
    """The wanted paths a layer tar adds, changes or deletes (whiteouts included)."""
    hits: set[str] = set()
    with tarfile.open(fileobj=layer, mode="r|") as tar:
        for info in tar:
            path = normalise(info.name)
            directory, _, base = path.rpartition("/")
            if base == ".wh..wh..opq":
                prefix = (directory or "") + "/"
                hits.update(p for p in wanted if p.startswith(prefix))
                continue
            if base.startswith(".wh."):
                path = f"{directory}/{base[4:]}"
                hits.update(p for p in wanted if p.startswith(path + "/"))
            if path in wanted:
                hits.add(path)
    return hits


def attribute(client: docker.DockerClient, image_id: str, paths: Iterable[str], total_steps: int) -> dict[str, int]:
    """Path -> number of the build step whose layer last touched it, for the paths found."""
    wanted = set(paths)
    if not wanted or total_steps <= 0:
        return {}
    hits: dict[str, set[str]] = {}
    manifest: list[dict[str, Any]] = []
    configs: dict[str, dict[str, Any]] = {}
    with tarfile.open(fileobj=chunk_reader(client.api.get_image(image_id, chunk_size=1 << 20)), mode="r|") as saved:
        for member in saved:
            fh = saved.extractfile(member) if member.isreg() else None
            if fh is None:
                continue
            if member.name.endswith("/layer.tar"):
                hits[member.name] = _touched(fh, wanted)
            elif member.name == "manifest.json":
                manifest = json.loads(fh.read())
            elif member.name.endswith(".json") and "/" not in member.name:
                configs[member.name] = json.loads(fh.read())
    if not manifest:
        return {}
    layers = manifest[0].get("Layers", [])
    history = configs.get(manifest[0].get("Config", ""), {}).get("history", [])
    layer_history = [i for i, entry in enumerate(history) if not entry.get("empty_layer")]
    out: dict[str, int] = {}
    for index, layer in enumerate(layers):
        if index >= len(layer_history):
            break
        step = total_steps - (len(history) - 1 - layer_history[index])
        for path in hits.get(layer, ()):
            out[path] = step  # later layers win: the last writer is the one that made it differ
    return {path: step for path, step in out.items() if step >= 1}
