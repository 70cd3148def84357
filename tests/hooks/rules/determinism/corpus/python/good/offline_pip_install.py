# expect: none
import subprocess
import sys


def install_vendored():
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-index", "--find-links", "wheels", "pkg"], check=True)
    subprocess.run(["pip", "--version"], check=False)
