"""A real HTTP server on 127.0.0.1 speaking the chat-completions protocol, for tests.

Each model has a script: a list of steps consumed in order, one per request; the last step
repeats. A script keyed by `(model, seed)` answers only requests with that seed (so concurrent
attempts, whose seeds are base + attempt - 1, get their own answers whatever the order). A step is either a string (the answer's content, sent in a normal 200 response) or a
tuple `(status, body_bytes_or_obj, headers)`. Every request is recorded (path, headers, JSON
body) so tests can assert what the client sent.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Step = str | tuple[int, Any, dict[str, str]]


def completion(model: str, text: str | None, n: int = 0) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{model}-{n}",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


class ChatServer:
    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key
        self.scripts: dict[Any, list[Step]] = {}
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._served: dict[Any, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                status, payload, headers = server.answer(self.path, dict(self.headers), body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> ChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            self.requests.append({"path": path, "headers": headers, "body": body})
            if path != "/v1/chat/completions":
                return 404, {"error": {"message": f"no route {path}"}}, {}
            if self.api_key is not None and headers.get("Authorization") != f"Bearer {self.api_key}":
                return 401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}, {}
            model = body.get("model") if isinstance(body, dict) else None
            seed = body.get("seed") if isinstance(body, dict) else None
            key: Any = (model, seed) if (model, seed) in self.scripts else model
            script = self.scripts.get(key)
            if script is None:
                return 404, {"object": "error", "message": f"The model `{model}` does not exist.", "type": "NotFoundError", "code": 404}, {}
            n = self._served.get(key, 0)
            self._served[key] = n + 1
            step = script[min(n, len(script) - 1)]
        if isinstance(step, str):
            return 200, completion(model, step, n), {}
        return step

    def served(self, model: str) -> int:
        return sum(1 for r in self.requests if isinstance(r["body"], dict) and r["body"].get("model") == model)
