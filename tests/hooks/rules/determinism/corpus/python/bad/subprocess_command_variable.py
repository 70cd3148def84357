# expect: DET302@10 DET302@14 DET302@18
import asyncio
import shlex
import subprocess

CMD = ["curl", "--fail", "https://example.com/data.json"]


def run():
    return subprocess.Popen(CMD)


def run_split(url):
    return subprocess.run(shlex.split(f"wget -O- {url}"))


async def run_async(url):
    return await asyncio.create_subprocess_exec("curl", url)
