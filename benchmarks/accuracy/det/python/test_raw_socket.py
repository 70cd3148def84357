# expect: none
import socket

HOST = "127.0.0.1"


def test_echo(echo_port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((HOST, echo_port))
    sock.sendall(b"hello")
    assert sock.recv(5) == b"hello"
    sock.close()
