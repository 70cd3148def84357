# expect: none
import subprocess


def test_cli_talks_to_local_service(service):
    subprocess.run(["bash", "-c", "curl -sf http://localhost:8080/health"], check=True)
    subprocess.run("wget -qO- http://127.0.0.1:8080/items | jq length", shell=True, check=True)
    out = subprocess.check_output(["nc", "-z", "0.0.0.0", "8080"])
    assert out == b""
