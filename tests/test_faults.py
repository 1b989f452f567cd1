"""Provider faults on a loopback stub: retries, eval-retry, provider blocks. Nothing is lost."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log

from conftest import INSPECT, metric, run_inspect
from stub_server import serve
from test_real_clients import env_for

LIMIT = 6
COMMAND = [
    "eval",
    "inspect_dualbench/violent_crimes",
    "--model",
    "openai/gpt-4o-mini",
    "--limit",
    str(LIMIT),
    "--max-connections",
    "2",
]


def metrics_of(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    return {k: v.value for k, v in log.results.scores[0].metrics.items()}


def baseline(tmp_path: Path) -> dict[str, float]:
    """Metrics of the same run without faults (the stub's answers are fixed)."""
    with serve() as stub:
        return metrics_of(run_inspect(COMMAND, tmp_path / "clean", env=env_for(stub)))


def test_rate_limits_server_errors_drops_and_timeouts_are_retried(tmp_path: Path) -> None:
    expected = baseline(tmp_path)
    with serve() as stub:
        stub.faults = [429, 500, 0, "sleep:4", 503]
        log = run_inspect(COMMAND + ["--timeout", "2"], tmp_path / "faulty", env=env_for(stub))
        assert not stub.faults  # every fault was served
    assert log.samples is not None and len(log.samples) == LIMIT
    assert metrics_of(log) == expected


def test_eval_retry_completes_a_failed_run_keeping_each_sample_once(tmp_path: Path) -> None:
    expected = baseline(tmp_path)
    log_dir = tmp_path / "interrupted"
    with serve() as stub:
        env = {**os.environ, **env_for(stub), "INSPECT_DISPLAY": "none"}
        stub.faults = ["ok", "ok", "ok", 400]  # a non-retryable error on the 4th request fails the run
        first = subprocess.run(
            [INSPECT, *COMMAND, "--log-dir", str(log_dir)], env=env, capture_output=True, text=True, timeout=600
        )
        assert first.returncode in (0, 1), first.stderr[-2000:]
        [path] = list_eval_logs(str(log_dir))
        failed = read_eval_log(path)
        assert failed.status == "error"
        done_before = {s.id for s in failed.samples or [] if s.error is None and s.scores}

        retry = subprocess.run(
            [INSPECT, "eval-retry", path.name, "--log-dir", str(log_dir)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert retry.returncode == 0, retry.stderr[-2000:]
    logs = [read_eval_log(info) for info in list_eval_logs(str(log_dir))]
    [retried] = [log for log in logs if log.status == "success"]
    ids = [s.id for s in retried.samples or []]
    assert len(ids) == len(set(ids)) == LIMIT
    assert done_before <= set(ids)
    assert metrics_of(retried) == expected


def test_provider_block_is_a_refusal_without_a_judge_call(tmp_path: Path) -> None:
    with serve() as stub:
        stub.faults = ["block"] * LIMIT  # every subject request blocked; judge requests come after
        log = run_inspect(
            ["eval", "inspect_dualbench/violent_crimes", "--model", "openai/gpt-4o-mini", "--limit", str(LIMIT)],
            tmp_path,
            env=env_for(stub),
        )
        assert len(stub.requests) == LIMIT  # the blocked answers were never sent to the judge
    assert metric(log, "harmful_RR") == 100.0
    assert log.samples is not None
    for s in log.samples:
        score = s.scores["dual_judge"]  # type: ignore[index]
        assert score.value == "refusal"
        assert score.metadata["label_source"] == "provider_content_filter"  # type: ignore[index]
