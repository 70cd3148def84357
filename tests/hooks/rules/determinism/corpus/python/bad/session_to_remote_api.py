# expect: DET301@6 DET301@11
import requests


def fetch_release(tag):
    session = requests.Session()
    return session.get(f"https://api.github.com/repos/acme/tool/releases/tags/{tag}").json()


def fetch_local_and_remote():
    s = requests.Session()
    s.get("http://localhost:8000/warmup")
    return s.get("https://pypi.org/pypi/requests/json").json()
