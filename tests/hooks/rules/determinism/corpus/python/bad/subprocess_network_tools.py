# expect: DET302@7 DET302@8 DET302@9 DET302@10
import os
import subprocess


def fetch(url, host):
    subprocess.run(["curl", "-sSL", url], check=True)
    subprocess.check_output("wget -q " + url, shell=True)
    os.system(f"nc -z {host} 80")
    return os.popen("ssh deploy@" + host + " uptime").read()
