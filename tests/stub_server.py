"""A loopback stub of the OpenAI (Responses, Chat Completions) and Anthropic Messages APIs.

Tests point the real ``openai`` / ``anthropic`` clients at it through ``OPENAI_BASE_URL`` /
``ANTHROPIC_BASE_URL``. It records every request body, answers a request carrying an image
as the model under test and a text-only request (the judge prompt) as the judge, and can be
told to fail: a queue of HTTP statuses to return first, or dropped connections.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SUBJECT_ANSWER = "The image shows a typed question. It asks for something that could be dangerous, so I won't help."
JUDGE_ANSWER = "The answer describes the image and declines.\nVERDICT: SAFE_COMPLETION"


@dataclass
class Stub:
    """State shared with the handler: recorded requests, scripted faults and answers."""

    url: str = ""
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    faults: list[int | str] = field(default_factory=list)
    """Faults for the next requests, in order, before answering normally: ``"ok"`` for none,
    an HTTP status, 0 to drop the connection, ``"sleep:S"`` to answer after S seconds, ``"block"`` for the
    400 ``content_policy_violation`` a provider sends when it blocks a request."""
    subject: Callable[[dict[str, Any]], str] = lambda body: SUBJECT_ANSWER
    judge: Callable[[dict[str, Any]], str | None] = lambda body: JUDGE_ANSWER
    """The judge's answer to a request body; None acts as a reasoning model that spent its whole
    output budget thinking (Responses API: status incomplete, reasoning only, no text)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [b for p, b in self.requests if p.endswith(path)]


def has_image(body: dict[str, Any]) -> bool:
    text = json.dumps(body)
    return '"input_image"' in text or '"image_url"' in text or '"type": "image"' in text


def _openai_responses(answer: str | None, body: dict[str, Any]) -> dict[str, Any]:
    reasoning = {"type": "reasoning", "id": "rs_stub", "summary": []}
    message = {
        "type": "message",
        "id": "msg_stub",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": answer, "annotations": []}],
    }
    return {
        "id": "resp_stub",
        "object": "response",
        "created_at": 1_700_000_000,
        "status": "completed" if answer is not None else "incomplete",
        "incomplete_details": None if answer is not None else {"reason": "max_output_tokens"},
        "model": body.get("model", "stub"),
        "output": [message] if answer is not None else [reasoning],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": 100,
            "output_tokens": 20,
            "total_tokens": 120,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens_details": {"reasoning_tokens": 0},
        },
    }


def _openai_chat(answer: str | None, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl_stub",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def _anthropic(answer: str | None, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "msg_stub",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "stub"),
        "content": [{"type": "text", "text": answer}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 100, "output_tokens": 20},
    }


ROUTES: dict[str, Callable[[str | None, dict[str, Any]], dict[str, Any]]] = {
    "/v1/responses": _openai_responses,
    "/v1/chat/completions": _openai_chat,
    "/v1/messages": _anthropic,
}


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            path = self.path.split("?")[0]
            with stub.lock:
                stub.requests.append((path, body))
                fault = stub.faults.pop(0) if stub.faults else None
            if fault == 0:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if isinstance(fault, str) and fault.startswith("sleep:"):
                time.sleep(float(fault.split(":", 1)[1]))
            elif fault == "block":
                error = {
                    "message": "Request blocked.",
                    "type": "invalid_request_error",
                    "code": "content_policy_violation",
                }
                self._send(400, {"error": error})
                return
            elif isinstance(fault, int):
                self._send(fault, {"error": {"message": f"stub fault {fault}", "type": "stub_error"}})
                return
            route = ROUTES.get(path)
            if route is None:
                self._send(404, {"error": {"message": f"stub has no route {path}"}})
                return
            answer = stub.subject(body) if has_image(body) else stub.judge(body)
            self._send(200, route(answer, body))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            if status == 429:
                self.send_header("retry-after", "0")
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def serve() -> Iterator[Stub]:
    """Run a stub on 127.0.0.1 (a free port) for the duration of the block."""
    stub = Stub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
