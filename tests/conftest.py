"""Shared test helpers: offline mock outputs (always with `usage`, so Inspect never reaches
for a tokenizer download), the CLI runner and a loader of the benchmark scripts."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log
from inspect_ai.model import ModelOutput, ModelUsage, StopReason

INSPECT = str(Path(sys.executable).parent / "inspect")
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def benchmark_script(name: str) -> ModuleType:
    """A script of ``benchmarks/`` (not a package) imported as a module, e.g. ``train_offline_judge``."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


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
