# expect: DET301@8
import pytest
import requests


@pytest.fixture
def remote_data():
    return requests.get("https://example.com/data.json", timeout=5).json()


def test_remote(remote_data):
    assert remote_data
