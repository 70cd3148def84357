# expect: DET301@6 DET301@7 DET301@8
import socket


def fetch(host):
    ip = socket.gethostbyname(host)
    conn = socket.create_connection((ip, 80), timeout=3)
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    return conn, raw
