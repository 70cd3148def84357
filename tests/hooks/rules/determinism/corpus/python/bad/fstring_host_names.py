# expect: DET301@10
import urllib.request
HOST = "localhost"
PORT = 8000
BASE = f"http://{HOST}:{PORT}"
def test_a(port):
    urllib.request.urlopen(f"http://{HOST}:{port}/x")
    urllib.request.urlopen(BASE + "/y")
def test_b(host):
    urllib.request.urlopen(f"http://{host}:8000/x")
