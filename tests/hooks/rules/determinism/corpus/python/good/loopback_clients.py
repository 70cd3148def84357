# expect: none
import asyncio
import socket
import urllib.request

import httpx
import requests

LOCAL = "http://localhost:5000"


def test_local_api(live_server):
    port = live_server.port
    assert requests.post(f"http://127.0.0.1:{port}/jobs", json={"n": 3}).status_code == 201
    assert requests.get(LOCAL + "/jobs/1").json()["n"] == 3
    assert httpx.get("http://[::1]:%d/ping" % port).text == "pong"
    assert urllib.request.urlopen("http://localhost:{}/ok".format(port)).status == 200
    srv = socket.create_server(("0.0.0.0", 0))
    srv.close()


async def probe(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()
