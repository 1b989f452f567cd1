"""Many models in one command: ``inspect eval-set`` over DUAL-Bench resumes an interrupted set
without repeating finished samples, and ``inspect-dualbench report`` compares the models."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
from inspect_ai.log import list_eval_logs, read_eval_log

from conftest import INSPECT
from inspect_dualbench.cli import main
from stub_server import has_image, serve

SAMPLES_PER_MODEL = 3 * 2  # mini: 3 pairs of hate, two kinds, no perturbation


def eval_set(log_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    args = [INSPECT, "eval-set", "inspect_dualbench/all", "--model", "openai/subject-a,openai/subject-b"]
    args += ["-T", "split=mini", "-T", "categories=hate", "-T", "perturbations=none", "-T", "judge=heuristic"]
    args += ["--log-dir", str(log_dir), "--retry-attempts", "0", "--max-connections", "1", "--max-tasks", "1"]
    env = {**os.environ, "INSPECT_DISPLAY": "none", "OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-stub"}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)


def subject_calls(requests: list[tuple[str, dict[str, Any]]]) -> int:
    return sum(1 for _, body in requests if has_image(body))


def test_an_interrupted_eval_set_resumes_and_the_report_compares_models(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    with serve() as stub:
        stub.faults = ["ok"] * 8 + [400]  # the ninth subject call fails for good: the set stops unfinished
        first = eval_set(log_dir, stub.url)
        calls_first = subject_calls(stub.requests)
    assert first.returncode != 0, first.stderr[-2000:]
    finished = sum(
        1
        for info in list_eval_logs(str(log_dir))
        for sample in read_eval_log(info.name).samples or []
        if sample.error is None and sample.scores
    )
    assert 0 < finished < 2 * SAMPLES_PER_MODEL and calls_first == finished + 1  # one call failed

    with serve() as stub:
        second = eval_set(log_dir, stub.url)
        calls_second = subject_calls(stub.requests)
    assert second.returncode == 0, second.stderr[-3000:]
    # the samples finished before the failure are not asked again
    assert calls_second == 2 * SAMPLES_PER_MODEL - finished

    out = tmp_path / "report"
    assert main(["report", str(log_dir), "--out", str(out)]) == 0
    table = pd.read_csv(out / "overall.csv")
    assert sorted(table["model"]) == ["openai/subject-a", "openai/subject-b"]
    assert set(table["samples"]) == {SAMPLES_PER_MODEL}
    differences = pd.read_csv(out / "differences.csv")
    assert set(differences["run_a"]) == {"openai/subject-a / all"}
