# expect: none
import http.client
import json
import socket
import threading
import urllib.request
from http.server import HTTPServer

import requests

from app.server import Handler


def start():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def test_get_items():
    server, port = start()
    resp = requests.get(f"http://127.0.0.1:{port}/items", timeout=5)
    assert resp.json() == [1, 2, 3]
    with urllib.request.urlopen("http://localhost:%d/health" % port) as r:
        assert r.status == 200
    conn = http.client.HTTPConnection("localhost", port, timeout=5)
    conn.request("GET", "/items")
    assert json.loads(conn.getresponse().read()) == [1, 2, 3]
    with socket.create_connection(("::1", port), timeout=2) as s:
        s.sendall(b"PING\r\n")
    server.shutdown()
