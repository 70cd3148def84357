# expect: none
import socket

import httpx


def handler(request):
    return httpx.Response(200, json={"ok": True})


def client():
    return httpx.Client(transport=httpx.MockTransport(handler))


def local_pair():
    a, b = socket.socketpair()
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    return a, b, unix
