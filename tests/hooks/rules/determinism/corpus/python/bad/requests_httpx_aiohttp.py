# expect: DET301@9 DET301@11 DET301@12 DET301@13 DET301@13 DET301@17
import aiohttp
import httpx
import requests
from requests import post


def get_json(url):
    with requests.Session() as session:
        session.get(url)
    post(url, json={})
    client = httpx.Client(timeout=5)
    return requests.get(url).json(), httpx.get(url), client


async def crawl(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as resp:
            return await resp.text()
