"""``--batch``: subject and judge calls both go through the OpenAI batch API (files + batches
endpoints of a loopback stub, real ``openai`` client), with the same results as without it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_inspect
from stub_server import serve

ARGS = [
    "eval",
    "inspect_dualbench/all",
    "--model",
    "openai/gpt-4o-mini",
    "--model-role",
    "grader=openai/gpt-4.1-mini",
    "-T",
    "split=mini",
    "-T",
    "categories=hate",
    "-T",
    "perturbations=blur",
]


def test_batch_mode_reaches_the_judge_and_changes_no_result(tmp_path: Path) -> None:
    config = tmp_path / "batch.yaml"
    config.write_text("size: 6\nsend_delay: 0.2\ntick: 0.2\n")
    results = {}
    for mode in ("direct", "batch"):
        with serve() as stub:
            extra = ["--batch", str(config)] if mode == "batch" else []
            log = run_inspect(
                [*ARGS, *extra], tmp_path / mode, env={"OPENAI_BASE_URL": stub.url, "OPENAI_API_KEY": "sk"}
            )
            direct = [b for p, b in stub.requests if p == "/v1/chat/completions"]
            batched = [b for p, b in stub.requests if p == "batch:/v1/chat/completions"]
        assert log.results is not None
        results[mode] = {k: m.value for k, m in log.results.scores[0].metrics.items()}
        subject = [b for b in (batched if mode == "batch" else direct) if b["model"] == "gpt-4o-mini"]
        judge = [b for b in (batched if mode == "batch" else direct) if b["model"] == "gpt-4.1-mini"]
        assert len(subject) == len(judge) == 12  # 3 pairs x 2 kinds x 2 variants, each judged once
        if mode == "batch":
            assert not [b for b in direct if "<instruction>" in json.dumps(b)]  # no judge call outside a batch
            assert all(b.get("temperature") == 0 for b in judge)  # the judge keeps its own settings
    assert results["batch"] == results["direct"]
