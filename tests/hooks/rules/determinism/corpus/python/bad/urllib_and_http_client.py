# expect: DET301@8 DET301@10 DET301@11
import http.client
import urllib.request
from urllib.request import urlopen


def download(url):
    with urlopen(url) as resp:
        body = resp.read()
    urllib.request.urlretrieve(url, "/tmp/x")
    conn = http.client.HTTPSConnection("api.example.com")
    return body, conn
