"""The chat-completions client against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest

from taskgate.ci.calibration.chat import ChatError, Model, Retry, complete, content, _retry_after
from tests.support.chat_server import ChatServer, completion

FAST = Retry(max_retries=3, backoff=0.01, timeout=10)


def model(server: ChatServer, name: str = "target-m", **kw) -> Model:
    return Model(role="target", name=name, base_url=server.base_url, **kw)


def test_success_sends_prompt_sampling_seed_and_key(monkeypatch):
    monkeypatch.setenv("TG_TEST_KEY", "sk-secret-123")
    with ChatServer(api_key="sk-secret-123") as server:
        server.scripts["target-m"] = ["```python\nprint(1)\n```"]
        body = complete(model(server, api_key_env="TG_TEST_KEY", temperature=0.7, top_p=0.9, max_tokens=333, seed=40), "the prompt", 3, FAST)
    assert content(body) == "```python\nprint(1)\n```"
    (req,) = server.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == "Bearer sk-secret-123"
    sent = req["body"]
    assert sent["messages"] == [{"role": "user", "content": "the prompt"}]
    assert (sent["model"], sent["temperature"], sent["top_p"], sent["max_tokens"], sent["seed"]) == ("target-m", 0.7, 0.9, 333, 42)


def test_no_seed_is_not_sent():
    with ChatServer() as server:
        server.scripts["target-m"] = ["hi"]
        complete(model(server), "p", 1, FAST)
    assert "seed" not in server.requests[0]["body"]


def test_429_then_success_retries_and_honours_retry_after():
    with ChatServer() as server:
        server.scripts["target-m"] = [(429, {"error": {"message": "rate limited"}}, {"Retry-After": "0"}), "done"]
        body = complete(model(server), "p", 1, FAST)
    assert content(body) == "done"
    assert server.served("target-m") == 2


def test_500_storm_gives_up_after_max_retries():
    with ChatServer() as server:
        server.scripts["target-m"] = [(500, {"error": {"message": "CUDA out of memory"}}, {})]
        with pytest.raises(ChatError) as info:
            complete(model(server), "p", 1, FAST)
    assert server.served("target-m") == FAST.max_retries + 1
    assert "gave up after 4 tries" in str(info.value) and "HTTP 500: CUDA out of memory" in str(info.value)
    assert not info.value.fatal


def test_401_is_fatal_names_the_variable_never_the_key(monkeypatch):
    monkeypatch.setenv("TG_TEST_KEY", "sk-wrong-456")
    with ChatServer(api_key="sk-right") as server:
        server.scripts["target-m"] = ["x"]
        with pytest.raises(ChatError) as info:
            complete(model(server, api_key_env="TG_TEST_KEY"), "p", 1, FAST)
    message = str(info.value)
    assert info.value.fatal and "HTTP 401" in message and "$TG_TEST_KEY" in message
    assert "sk-wrong-456" not in message
    assert len(server.requests) == 1  # never retried


def test_unknown_model_is_fatal():
    with ChatServer() as server:
        with pytest.raises(ChatError) as info:
            complete(model(server, name="no-such-model"), "p", 1, FAST)
    assert info.value.fatal and "unknown model 'no-such-model'" in str(info.value)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "payload, why",
    [
        (b"<html>502 bad gateway</html>", "not JSON"),
        ({"choices": []}, "no choices"),
        ({"choices": [{"message": {"role": "assistant"}}]}, "content is missing"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_malformed_body_is_an_error_and_not_retried(payload, why):
    with ChatServer() as server:
        server.scripts["target-m"] = [(200, payload, {})]
        with pytest.raises(ChatError) as info:
            complete(model(server), "p", 1, FAST)
    assert "malformed response body" in str(info.value) and why in str(info.value)
    assert server.served("target-m") == 1


def test_null_content_is_a_valid_response_without_text():
    with ChatServer() as server:
        server.scripts["target-m"] = [(200, completion("target-m", None), {})]
        assert content(complete(model(server), "p", 1, FAST)) is None


def test_other_4xx_is_not_retried():
    with ChatServer() as server:
        server.scripts["target-m"] = [(400, {"error": {"message": "max_tokens is too large"}}, {})]
        with pytest.raises(ChatError) as info:
            complete(model(server), "p", 1, FAST)
    assert "HTTP 400: max_tokens is too large" in str(info.value) and not info.value.fatal
    assert server.served("target-m") == 1


def test_connection_refused_is_a_transport_error_retried():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    m = Model(role="reference", name="r", base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(ChatError) as info:
        complete(m, "p", 1, Retry(max_retries=1, backoff=0.01, timeout=5))
    assert "gave up after 2 tries (transport error" in str(info.value)


def test_missing_key_variable_is_fatal_before_any_request(monkeypatch):
    monkeypatch.delenv("TG_UNSET_KEY", raising=False)
    with ChatServer() as server:
        with pytest.raises(ChatError) as info:
            complete(model(server, api_key_env="TG_UNSET_KEY"), "p", 1, FAST)
    assert info.value.fatal and "TG_UNSET_KEY" in str(info.value)
    assert server.requests == []


def test_retry_after_forms():
    assert _retry_after("3") == 3.0
    assert _retry_after(None) is None and _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    assert Retry(backoff=1).delay(10, None) == 60.0  # capped
