# expect: DET302@8
import subprocess
import sys


def test_install_and_query():
    subprocess.run(["bash", "-c", "curl -s http://localhost:3000/api/items"], check=True)
    subprocess.check_call([sys.executable, "-m", "pip", "install", "numpy==1.26.4"])
    out = subprocess.check_output(["git", "log", "--oneline", "-1"], text=True)
    assert out
