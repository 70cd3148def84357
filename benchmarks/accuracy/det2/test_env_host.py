# expect: DET301@8
import os

import requests

BASE_URL = os.environ.get("APP_URL", "http://localhost:8080")
def test_status():
    assert requests.get(BASE_URL + "/status", timeout=5).status_code == 200
