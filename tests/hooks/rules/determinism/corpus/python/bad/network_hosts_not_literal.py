# expect: DET301@9 DET301@13 DET301@14
import os

import requests
import socket


def fetch(host, port):
    return requests.get(f"http://{host}:{port}/data")


def lookalikes():
    requests.get("http://127.0.0.1.nip.io/")
    socket.create_connection((os.environ.get("HOST", "localhost"), 80))
