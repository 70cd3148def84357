"""Where a rerun's clock can be shifted: any glibc image with the host's libfaketime, never a static one."""

from __future__ import annotations

import os

import pytest

from taskgate.ci.sandbox import faketime
from taskgate.ci.sandbox.conditions import Conditions, clock_files, image_facts

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def host_library() -> faketime.HostLibrary:
    host = faketime.host_library()
    if host is None:
        if os.environ.get("CI") == "true":
            pytest.fail("libfaketime is not installed on this machine (.ci/setup-sandbox.sh installs it)")
        pytest.skip("libfaketime is not installed on this machine (apt-get install libfaketime)")
    return host


def test_glibc_image_without_libfaketime_gets_the_hosts(docker_client, python_image, host_library):
    facts = image_facts(docker_client, python_image)
    assert (facts.clock.source, facts.clock.preload) == ("host", "/task/.taskgate/lib/libfaketime.so.1")
    rerun = Conditions(1)
    env = rerun.env(facts, "pytest")
    assert env["LD_PRELOAD"] == facts.clock.preload and env["FAKETIME"] == "+397d"
    assert clock_files(facts, env) == {faketime.IN_TASK: host_library.data}
    assert rerun.describe(facts, "pytest")["clock"] == "shifted +397d (libfaketime from the host, preloaded)"
    # The baseline keeps the real clock and carries no library.
    assert "LD_PRELOAD" not in Conditions(0).env(facts, "pytest") and clock_files(facts, Conditions(0).env(facts, "pytest")) == {}


def test_static_image_says_why_its_clock_is_not_shifted(docker_client, docker_images, host_library):
    # The CI busybox image is one statically linked binary on scratch: nothing can be preloaded.
    facts = image_facts(docker_client, docker_images["TASKGATE_TEST_BUSYBOX_IMAGE"])
    assert facts.clock.preload == "" and "no glibc dynamic loader" in facts.clock.reason
    rerun = Conditions(2)
    assert "LD_PRELOAD" not in rerun.env(facts, "pytest")
    assert rerun.describe(facts, "pytest")["clock"].startswith("not shifted: the image has no glibc dynamic loader")
