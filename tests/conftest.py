"""Shared test helpers: offline mock outputs (always with `usage`, so Inspect never reaches
for a tokenizer download) and the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log
from inspect_ai.model import ModelOutput, ModelUsage, StopReason

INSPECT = str(Path(sys.executable).parent / "inspect")


def mock_output(text: str, stop_reason: StopReason = "stop") -> ModelOutput:
    out = ModelOutput.from_content(model="mockllm/model", content=text, stop_reason=stop_reason)
    out.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return out


def run_inspect(args: list[str], log_dir: Path, env: dict[str, str] | None = None, timeout: int = 600) -> EvalLog:
    """Run the ``inspect`` CLI and return the log it wrote, asserting the run succeeded
    (``inspect eval`` exits 0 even when the eval failed, so the log's status is checked)."""
    full_env = {**os.environ, "INSPECT_DISPLAY": "none", **(env or {})}
    proc = subprocess.run(
        [INSPECT, *args, "--log-dir", str(log_dir)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    logs = list_eval_logs(str(log_dir))
    assert logs, f"no log written; stderr:\n{proc.stderr[-3000:]}"
    log = read_eval_log(logs[0])
    assert log.status == "success", f"{log.error}\n{proc.stderr[-3000:]}"
    return log


def metric(log: EvalLog, name: str) -> float:
    """A metric's value from a log's first scorer."""
    assert log.results is not None
    return float(log.results.scores[0].metrics[name].value)
