# expect: none
import socket
import threading

from app.server import serve


def test_roundtrip():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    threading.Thread(target=serve, args=(srv,), daemon=True).start()
    client = socket.create_connection(srv.getsockname())
    client.sendall(b"hi")
    assert client.recv(2) == b"hi"
