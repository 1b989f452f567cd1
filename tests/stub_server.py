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
from email.parser import BytesParser
from email.policy import default
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
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)

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

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with stub.lock:
                stub.requests.append((path, {}))
            if path.startswith("/v1/batches/"):
                self._send(200, stub.batches[path.rsplit("/", 1)[1]])
            elif path.startswith("/v1/files/") and path.endswith("/content"):
                data = stub.files[path.split("/")[3]]
                self.send_response(200)
                self.send_header("content-type", "application/octet-stream")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self._send(404, {"error": {"message": f"stub has no route GET {path}"}})

        def _upload(self, raw: bytes) -> None:
            """``POST /v1/files``: keep the uploaded batch input (multipart form) under a new file id."""
            form = BytesParser(policy=default).parsebytes(
                f"content-type: {self.headers['content-type']}\r\n\r\n".encode() + raw
            )
            data = next(
                p.get_payload(decode=True)
                for p in form.iter_parts()
                if p.get_param("name", header="content-disposition") == "file"
            )
            with stub.lock:
                file_id = f"file-{len(stub.files)}"
                stub.files[file_id] = data
            self._send(
                200,
                {
                    "id": file_id,
                    "object": "file",
                    "bytes": len(data),
                    "created_at": 1_700_000_000,
                    "filename": "batch.jsonl",
                    "purpose": "batch",
                    "status": "processed",
                },
            )

        def _batch(self, body: dict[str, Any]) -> None:
            """``POST /v1/batches``: answer every request of the input file at once; the batch is
            complete when first retrieved. Each batched request is recorded as ``batch:<url>``."""
            lines = [json.loads(line) for line in stub.files[body["input_file_id"]].splitlines() if line.strip()]
            results = []
            for line in lines:
                request = line["body"]
                with stub.lock:
                    stub.requests.append((f"batch:{line['url']}", request))
                answer = stub.subject(request) if has_image(request) else stub.judge(request)
                response = ROUTES[line["url"]](answer, request)
                results.append(
                    {
                        "id": f"br-{line['custom_id']}",
                        "custom_id": line["custom_id"],
                        "response": {"status_code": 200, "request_id": "req", "body": response},
                        "error": None,
                    }
                )
            with stub.lock:
                output_id = f"file-{len(stub.files)}"
                stub.files[output_id] = "".join(json.dumps(r) + "\n" for r in results).encode()
                batch_id = f"batch-{len(stub.batches)}"
                stub.batches[batch_id] = {
                    "id": batch_id,
                    "object": "batch",
                    "endpoint": body["endpoint"],
                    "errors": None,
                    "input_file_id": body["input_file_id"],
                    "completion_window": "24h",
                    "status": "completed",
                    "output_file_id": output_id,
                    "error_file_id": None,
                    "created_at": 1_700_000_000,
                    "request_counts": {"total": len(lines), "completed": len(lines), "failed": 0},
                }
            self._send(200, {**stub.batches[batch_id], "status": "validating"})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            raw = self.rfile.read(length)
            path = self.path.split("?")[0]
            if path == "/v1/files":
                self._upload(raw)
                return
            body = json.loads(raw or b"{}")
            if path == "/v1/batches":
                with stub.lock:
                    stub.requests.append((path, body))
                self._batch(body)
                return
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
