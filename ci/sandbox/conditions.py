"""The conditions a run varies (hash seed, time zone, clock, test order) and what an image offers.

Run 0 is the baseline, and what `taskgate test` uses: PYTHONHASHSEED=0, TZ=UTC (or the TZ the
image sets), the real clock, tests in collection order.
Every later run changes all four at once, to values far from the baseline: local dates differ
between UTC+14 and UTC-12 at every instant, and the clock moves by months in either direction.
The clock is shifted with libfaketime: the image's own, or the host's preloaded into any glibc image
(faketime.py); only images that cannot preload it (musl, static) say it was not, and why.
Test order is varied where the runner allows it (pytest, `go test`, JUnit 5, `cargo test`; see
`order.py`); `node --test` (18/20) cannot shuffle.
"""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from taskgate.ci.sandbox import faketime
from taskgate.ci.sandbox.faketime import Clock
from taskgate.ci.sandbox.order import order_description, order_env

if TYPE_CHECKING:
    import docker

ZONES = ("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu")
POSIX_ZONES = ("UTC0", "TGA-14", "TGB+12", "TGC-5:45")  # the same offsets without tzdata
CLOCK_SHIFTS = ("", "+397d", "-211d", "+1501d")


@dataclass(frozen=True)
class ImageFacts:
    env: dict[str, str]  # the image's ENV
    clock: Clock  # how a run's clock is shifted (LD_PRELOAD path), or why it cannot be
    zoneinfo: bool  # /usr/share/zoneinfo is there


def image_facts(client: docker.DockerClient, image: str) -> ImageFacts:
    """Read the image's ENV, how its clock can be shifted and whether it has tzdata, without running anything."""
    attrs = client.api.inspect_image(image)
    env = dict(item.split("=", 1) for item in (attrs.get("Config") or {}).get("Env") or [] if "=" in item)
    container = client.api.create_container(attrs["Id"], command=["taskgate-never-started"], network_disabled=True, labels={"dev.taskgate.purpose": "probe"})
    try:
        own = next((p for p in faketime.IMAGE_PATHS if _exists(client, container["Id"], p)), "")
        shift = faketime.clock(client, container["Id"], own)
        zoneinfo = _exists(client, container["Id"], "/usr/share/zoneinfo/Pacific/Kiritimati")
    finally:
        client.api.remove_container(container["Id"], force=True)
    return ImageFacts(env, shift, zoneinfo)


def _exists(client: docker.DockerClient, container: str, path: str) -> bool:
    import docker.errors

    try:
        stream, _stat = client.api.get_archive(container, path)
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
            return any(m.isfile() or m.issym() for m in tar.getmembers())
    except docker.errors.NotFound:
        return False


def _pick(values: tuple[str, ...], index: int) -> str:
    """The baseline value for run 0; later runs cycle through the others."""
    return values[0] if index == 0 else values[1 + (index - 1) % (len(values) - 1)]


@dataclass(frozen=True)
class Conditions:
    index: int  # 0 = baseline

    @property
    def hash_seed(self) -> str:
        return str(self.index * 7919)

    def tz(self, facts: ImageFacts) -> str:
        """The baseline keeps a TZ the image sets (that is the environment rewards run in)."""
        if self.index == 0 and facts.env.get("TZ"):
            return facts.env["TZ"]
        return _pick(ZONES if facts.zoneinfo else POSIX_ZONES, self.index)

    @property
    def clock_shift(self) -> str:
        return _pick(CLOCK_SHIFTS, self.index)

    @property
    def shuffle_seed(self) -> int:
        return self.index

    def env(self, facts: ImageFacts, runner: str) -> dict[str, str]:
        """`runner`: what `order.runner_of` calls the test command (pytest, go, junit, ...)."""
        env = {"PYTHONHASHSEED": self.hash_seed, "TZ": self.tz(facts)}
        if self.index:
            env.update(order_env(runner, self.shuffle_seed, facts.env))
        if self.clock_shift and facts.clock.preload:
            env.update({"LD_PRELOAD": facts.clock.preload, "FAKETIME": self.clock_shift, "FAKETIME_DONT_FAKE_MONOTONIC": "1", "FAKETIME_DONT_RESET": "1"})
        return env

    def describe(self, facts: ImageFacts, runner: str) -> dict[str, str]:
        if not self.clock_shift:
            clock = "real"
        elif facts.clock.source == "host":
            clock = f"shifted {self.clock_shift} (libfaketime from the host, preloaded)"
        elif facts.clock.preload:
            clock = f"shifted {self.clock_shift} (libfaketime)"
        else:
            clock = f"not shifted: {facts.clock.reason}"
        order = order_description(runner, self.shuffle_seed) if self.index else "as collected"
        return {"PYTHONHASHSEED": self.hash_seed, "TZ": self.tz(facts), "clock": clock, "order": order}


BASELINE = Conditions(0)


def clock_files(facts: ImageFacts, env: dict[str, str]) -> dict[str, bytes]:
    """Files (relative to /task) a run with `env` needs: the host's libfaketime when it is preloaded."""
    host = faketime.host_library()
    if facts.clock.source == "host" and host is not None and env.get("LD_PRELOAD") == facts.clock.preload:
        return {faketime.IN_TASK: host.data}
    return {}
