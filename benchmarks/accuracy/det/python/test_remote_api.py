# expect: DET301@9 DET301@13 DET301@17
import os
import socket

import requests


def test_weather():
    r = requests.get(os.environ["API_URL"] + "/weather")
    assert r.ok

def test_lookalike_host():
    r = requests.get("http://localhost.example.com/data")
    assert r.ok

def test_connect(host, port):
    s = socket.create_connection((host, port))
    s.close()
