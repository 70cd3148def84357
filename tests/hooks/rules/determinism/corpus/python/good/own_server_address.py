# expect: none
import socket
import socketserver


def test_echo_server(handler):
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        with socket.create_connection(server.server_address, timeout=2) as client:
            client.sendall(b"ping")
    listener = socket.socket()
    listener.bind(("localhost", 0))
    listener.listen()
    socket.create_connection(listener.getsockname()).close()
