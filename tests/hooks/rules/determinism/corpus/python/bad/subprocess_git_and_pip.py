# expect: DET302@7 DET302@8 DET302@9 DET302@10
import subprocess
import sys


def prepare(repo):
    subprocess.run(["git", "clone", "--depth", "1", repo, "vendor"])
    subprocess.check_call([sys.executable, "-m", "pip", "install", "requests==2.32.0"])
    subprocess.run("cd vendor && git -C . pull && make", shell=True)
    subprocess.run(["/usr/bin/pip3", "install", "numpy"])
