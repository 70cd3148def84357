"""A small client of the OpenAI-compatible chat-completions API (vLLM, SGLang, hosted services).

Standard library only (`urllib.request`): one POST per attempt, retried with exponential backoff
only after transport errors, 429 and 5xx (a `Retry-After` header wins). A 401/403 or an unknown
model is fatal for that model and says what to fix. The API key is read from the environment
variable the configuration names and is sent in a header; it is never logged or written.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from taskgate import __version__

MAX_BODY = 16 << 20
MAX_BACKOFF = 60.0
MAX_RETRY_AFTER = 300.0
RETRYABLE = frozenset({429}) | frozenset(range(500, 600))


class ChatError(Exception):
    """A request that did not produce a response. `fatal`: no later request to the model can succeed."""

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass(frozen=True)
class Model:
    """One configured model (`models.target` or an entry of `models.reference`)."""

    role: str
    name: str
    base_url: str
    api_key_env: str | None = None
    temperature: float = 1.0
    top_p: float = 1.0
    max_tokens: int = 4096
    seed: int | None = None

    @classmethod
    def from_config(cls, role: str, spec: dict[str, Any]) -> Model:
        return cls(
            role=role,
            name=spec["name"],
            base_url=spec["base_url"],
            api_key_env=spec.get("api_key_env"),
            temperature=float(spec.get("temperature", 1.0)),
            top_p=float(spec.get("top_p", 1.0)),
            max_tokens=int(spec.get("max_tokens", 4096)),
            seed=spec.get("seed"),
        )

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    def sampling(self, attempt: int) -> dict[str, Any]:
        """What is sent (and recorded) for attempt `attempt`: a base seed becomes seed + attempt - 1,
        so that seeded attempts are not five copies of one sample."""
        seed = None if self.seed is None else int(self.seed) + attempt - 1
        return {"temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens, "seed": seed}

    def api_key(self) -> str | None:
        """The key from the environment; a configured but unset variable is an error."""
        if not self.api_key_env:
            return None
        key = os.environ.get(self.api_key_env)
        if not key:
            raise ChatError(f"{self.role} model {self.name}: environment variable {self.api_key_env} (models.{self.role}.api_key_env) is not set", fatal=True)
        return key


@dataclass
class Retry:
    max_retries: int = 5
    backoff: float = 1.0
    timeout: float = 600.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, retry: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        return min(self.backoff * (2 ** retry), MAX_BACKOFF)


def request_body(model: Model, prompt: str, attempt: int) -> dict[str, Any]:
    sampling = model.sampling(attempt)
    body: dict[str, Any] = {
        "model": model.name,
        "messages": [{"role": "user", "content": prompt}],
        "temperature": sampling["temperature"],
        "top_p": sampling["top_p"],
        "max_tokens": sampling["max_tokens"],
        "n": 1,
        "stream": False,
    }
    if sampling["seed"] is not None:
        body["seed"] = sampling["seed"]
    return body


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(raw: bytes) -> str:
    """The error message of an error body ({"error": {"message": …}} or {"message": …}), short."""
    try:
        data = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        text = raw.decode("utf-8", "replace").strip()
        return " ".join(text.split())[:200]
    if isinstance(data, dict):
        err = data.get("error", data)
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return " ".join(err["message"].split())[:300]
        if isinstance(err, str):
            return err[:300]
    return ""


def _unknown_model(status: int, message: str) -> bool:
    text = message.lower()
    return status == 404 or (status == 400 and "model" in text and any(w in text for w in ("not exist", "not found", "unknown", "does not")))


def parse_response(raw: bytes) -> dict[str, Any]:
    """The response body as JSON, checked to have what calibration reads; ChatError otherwise."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ChatError(f"malformed response body (not JSON: {exc})") from None
    if not isinstance(data, dict):
        raise ChatError("malformed response body (not a JSON object)")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ChatError("malformed response body (no choices)")
    message = choices[0].get("message")
    if not isinstance(message, dict) or "content" not in message or not isinstance(message["content"], (str, type(None))):
        raise ChatError("malformed response body (choices[0].message.content is missing)")
    return data


def content(body: dict[str, Any]) -> str | None:
    """The answer text of a (parsed) response body."""
    try:
        value = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, str) else None


def complete(model: Model, prompt: str, attempt: int, retry: Retry) -> dict[str, Any]:
    """POST one chat completion and return the parsed response body."""
    payload = json.dumps(request_body(model, prompt, attempt)).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": f"taskgate/{__version__}"}
    key = model.api_key()
    if key:
        headers["Authorization"] = f"Bearer {key}"
    where = f"{model.role} model {model.name} at {model.url}"
    last = ""
    for tries in range(retry.max_retries + 1):
        retry_after: float | None = None
        try:
            req = urllib.request.Request(model.url, data=payload, headers=headers, method="POST")
            with urllib.request.urlopen(req, timeout=retry.timeout) as resp:
                raw = resp.read(MAX_BODY + 1)
            if len(raw) > MAX_BODY:
                raise ChatError(f"{where}: response body over {MAX_BODY} bytes")
            try:
                return parse_response(raw)
            except ChatError as exc:
                raise ChatError(f"{where}: {exc}") from None
        except urllib.error.HTTPError as exc:
            status = exc.code
            try:
                body = exc.read(64 << 10)
            except (OSError, http.client.HTTPException):
                body = b""
            message = _server_message(body)
            detail = f"HTTP {status}" + (f": {message}" if message else "")
            if status in (401, 403):
                hint = f"check the key in ${model.api_key_env}" if model.api_key_env else f"set models.{model.role}.api_key_env to the variable holding the key"
                raise ChatError(f"{where}: {detail} (authentication failed; {hint})", fatal=True) from None
            if _unknown_model(status, message):
                raise ChatError(f"{where}: {detail} (unknown model {model.name!r}? check models.{model.role} name and base_url)", fatal=True) from None
            if status not in RETRYABLE:
                raise ChatError(f"{where}: {detail}") from None
            last = detail
            retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, TimeoutError) as exc:
            reason = getattr(exc, "reason", None) or exc
            last = f"transport error: {type(reason).__name__ if not str(reason) else reason}"
        except OSError as exc:
            last = f"transport error: {exc.strerror or exc}"
        if tries < retry.max_retries:
            retry.sleep(retry.delay(tries, retry_after))
    raise ChatError(f"{where}: gave up after {retry.max_retries + 1} tries ({last})")
