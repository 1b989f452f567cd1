"""The exact user commands through the real ``openai`` and ``anthropic`` clients, against a
loopback stub (no network beyond 127.0.0.1)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from conftest import metric, run_inspect
from inspect_dualbench.solvers import image_perturbation, render_sample_image
from stub_server import SUBJECT_ANSWER, Stub, serve

LIMIT = 6


def env_for(stub: Stub) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": stub.url,
        "OPENAI_API_KEY": "sk-stub",
        "ANTHROPIC_BASE_URL": stub.url.removesuffix("/v1"),
        "ANTHROPIC_API_KEY": "sk-ant-stub",
    }


def sent_images(bodies: list[dict[str, Any]]) -> list[bytes]:
    """Decoded image bytes from subject requests of any of the three APIs."""
    images = []
    for body in bodies:
        for message in body.get("input") or body.get("messages") or []:
            if not isinstance(message, dict) or isinstance(message.get("content"), str):
                continue
            for part in message.get("content", []):
                if part.get("type") == "input_image":
                    images.append(base64.b64decode(part["image_url"].split(",", 1)[1]))
                elif part.get("type") == "image_url":
                    images.append(base64.b64decode(part["image_url"]["url"].split(",", 1)[1]))
                elif part.get("type") == "image":
                    images.append(base64.b64decode(part["source"]["data"]))
    return images


def judge_prompts(stub: Stub) -> list[str]:
    return [str(m["content"]) for b in stub.bodies("/chat/completions") for m in b["messages"]]


def check_log_and_requests(log: Any, stub: Stub, subject_path: str) -> None:
    images = sent_images(stub.bodies(subject_path))
    assert log.samples is not None and len(log.samples) == LIMIT
    expected = {
        render_sample_image(s.metadata["image_text"], image_perturbation(s.metadata), s.metadata["seed"])
        for s in log.samples
    }
    assert set(images) >= expected  # every sample's rendered image reached the provider, byte for byte
    prompts = judge_prompts(stub)
    assert len(prompts) >= LIMIT
    assert all(SUBJECT_ANSWER in p for p in prompts)
    for s in log.samples:
        assert any(f"<instruction>{s.metadata['image_text']}</instruction>" in p for p in prompts)
        assert s.scores["dual_judge"].value == "safe_completion"
    assert metric(log, "harmful_SCR") == 100.0
    assert metric(log, "unparsed_count") == 0.0


def test_openai_gpt5_nano_through_the_responses_api(tmp_path: Path) -> None:
    with serve() as stub:
        log = run_inspect(
            ["eval", "inspect_dualbench/all", "--model", "openai/gpt-5-nano", "--limit", str(LIMIT)],
            tmp_path,
            env=env_for(stub),
        )
        assert stub.bodies("/responses"), "gpt-5-nano should use the Responses API"
        check_log_and_requests(log, stub, "/responses")
        # the default judge is the pinned OpenAI snapshot, through Chat Completions
        assert {b["model"] for b in stub.bodies("/chat/completions")} == {"gpt-4.1-mini-2025-04-14"}
        assert all(b.get("temperature") == 0 for b in stub.bodies("/chat/completions"))


def test_anthropic_subject_with_an_openai_grader_role(tmp_path: Path) -> None:
    with serve() as stub:
        log = run_inspect(
            [
                "eval",
                "inspect_dualbench/all",
                "--model",
                "anthropic/claude-sonnet-4-5",
                "--max-tokens",  # below Anthropic's streaming threshold, so the stub answers plain JSON
                "4096",
                "--limit",
                str(LIMIT),
                "--model-role",
                "grader=openai/gpt-4o-mini",
            ],
            tmp_path,
            env=env_for(stub),
        )
        assert stub.bodies("/messages")
        check_log_and_requests(log, stub, "/messages")
        assert {b["model"] for b in stub.bodies("/chat/completions")} == {"gpt-4o-mini"}


@pytest.mark.parametrize("api", ["chat", "responses"])
def test_openai_compatible_server_as_subject(tmp_path: Path, api: str) -> None:
    # a vLLM / Ollama style server: any model name, Chat Completions or Responses
    with serve() as stub:
        args = ["eval", "inspect_dualbench/hate", "--model", "openai/qwen2.5-vl-7b", "--limit", str(LIMIT)]
        if api == "responses":
            args += ["-M", "responses_api=true"]
        else:
            args += ["-M", "responses_api=false"]
        log = run_inspect(args, tmp_path, env=env_for(stub))
        subject_path = "/responses" if api == "responses" else "/chat/completions"
        images = sent_images(stub.bodies(subject_path))
        assert len(images) == LIMIT
        assert metric(log, "harmful_SCR") == 100.0
