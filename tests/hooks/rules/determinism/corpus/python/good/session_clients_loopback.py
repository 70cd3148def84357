# expect: none
import aiohttp
import httpx
import requests

PORT = 8765


def test_sync_clients():
    with requests.Session() as session:
        assert session.get(f"http://127.0.0.1:{PORT}/ping").text == "pong"
    with httpx.Client(base_url="http://localhost:8765") as client:
        assert client.get("/ping").status_code == 200


async def test_async_client():
    async with aiohttp.ClientSession() as session:
        async with session.get("http://localhost:8765/ping") as response:
            assert response.status == 200
