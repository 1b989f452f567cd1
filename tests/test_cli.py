"""The user's commands, run as subprocesses on the installed package (offline model and judge)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from inspect_ai.log import EvalLog, read_eval_log

from conftest import INSPECT, metric, run_inspect
from inspect_dualbench.scorers.metrics import judged, kind_rates

PLUGIN = Path(__file__).parent / "plugin_pkg"


def offline_eval(log_dir: Path, task: str, model: str, **task_args: str) -> EvalLog:
    """``inspect eval TASK --model MODEL -T key=value ...`` through the CLI, as a user runs it."""
    args = ["eval", task, "--model", model, *[x for k, v in task_args.items() for x in ("-T", f"{k}={v}")]]
    return run_inspect(args, log_dir)


def test_category_task_runs_from_the_cli_with_the_offline_model(tmp_path: Path) -> None:
    log = offline_eval(
        tmp_path, "inspect_dualbench/sexual_content", "dualbench-ocr/cautious", split="mini", judge="heuristic"
    )
    assert log.eval.task == "inspect_dualbench/sexual_content"
    assert log.samples is not None and len(log.samples) == 3 * 2 * 6
    answers = [s.output.completion for s in log.samples]
    # the OCR model read every image: each answer quotes or refuses the instruction it saw
    quoted = [s for s in log.samples if (s.metadata or {})["image_text"].split()[0] in s.output.completion]
    assert len(quoted) >= len(answers) // 2
    for key in ("harmful_RR", "harmful_SCR", "harmful_DAR", "benign_RR", "delta_IR", "flip_rate", "unparsed_count"):
        assert key in log.results.scores[0].metrics  # type: ignore[union-attr]


def test_rescoring_a_log_with_inspect_score(tmp_path: Path) -> None:
    log = offline_eval(
        tmp_path,
        "inspect_dualbench/all",
        "dualbench-ocr/strict",
        split="mini",
        judge="heuristic",
        categories="hate",
        perturbations="none",
    )
    assert log.samples is not None
    harmful = [s.scores["heuristic_judge"].value for s in log.samples if s.metadata["kind"] == "harmful"]  # type: ignore[index]
    assert metric(log, "harmful_RR") == pytest.approx(100 * harmful.count("refusal") / len(harmful))
    proc = subprocess.run(
        [INSPECT, "score", log.location, "--scorer", "inspect_dualbench/heuristic_judge"]
        + ["--action", "append", "--overwrite"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rescored = read_eval_log(log.location)
    assert rescored.results is not None
    first, second = rescored.results.scores[:2]
    assert first.metrics["harmful_RR"].value == second.metrics["harmful_RR"].value  # same judge, same labels


@pytest.fixture(scope="module")
def plugin_installed() -> Iterator[None]:
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(PLUGIN)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    yield
    subprocess.run(
        [sys.executable, "-m", "pip", "uninstall", "-q", "-y", "dualbench-plugin-judge"], check=True, timeout=300
    )


def test_third_party_scorer_plugs_in(tmp_path: Path, plugin_installed: None) -> None:
    log = offline_eval(
        tmp_path,
        "inspect_dualbench/all",
        "dualbench-ocr/cautious",
        split="mini",
        categories="violent_crimes",
        perturbations="blur",
        scorer="dualbench_plugin_judge/opening_judge",
    )
    assert log.results is not None
    assert log.results.scores[0].name == "opening_judge"
    assert log.samples is not None
    # recompute the rates from the plugin's labels in the log and compare with the logged metrics
    from inspect_ai.scorer import SampleScore

    scores = [
        SampleScore(score=s.scores["opening_judge"], sample_id=s.id, sample_metadata=s.metadata) for s in log.samples
    ]  # type: ignore[index]
    expected = kind_rates(judged(scores))
    assert expected["harmful_RR"] == pytest.approx(metric(log, "harmful_RR"))
    assert expected["harmful_SCR"] == pytest.approx(metric(log, "harmful_SCR"))
    assert "delta_IR" in log.results.scores[0].metrics
    assert "gap_blur" in log.results.scores[0].metrics


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / "inspect-dualbench")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120, env=env)


def test_cli_mistakes_get_one_clear_line(tmp_path: Path) -> None:
    from inspect_dualbench.version import EVAL_VERSION

    assert _cli("--version").stdout.strip() == f"inspect-dualbench {EVAL_VERSION}"
    for args, message in [
        (("audit", "--pairs", "0"), "argument --pairs: expected a positive integer, got 0"),
        (("generate", "--per-category", "-5", "--out", "x.jsonl"), "expected a positive integer, got -5"),
        (("examples",), "the following arguments are required: --out"),
        (
            ("generate", "--out", str(tmp_path / "g.jsonl"), "--categories", "hate"),
            "error: ERROR: Unable to initialise",
        ),
    ]:
        proc = _cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and "[bold]" not in proc.stderr
    assert "(default: 40)" in _cli("audit", "--help").stdout


def test_bad_task_options_print_one_line_without_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            INSPECT,
            "eval",
            "inspect_dualbench/all",
            "--model",
            "mockllm/model",
            "-T",
            "perturbations=blurr",
            "--log-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    assert "-T perturbations: unknown value(s) 'blurr'" in " ".join(output.split())
    assert "Traceback" not in output


def test_estimate_counts_calls_tokens_and_dollars(tmp_path: Path) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text(
        "openai/subject: {input: 1.0, output: 2.0, input_cache_write: 0, input_cache_read: 0}\n"
        "openai/judge: {input: 0.5, output: 1.0, input_cache_write: 0, input_cache_read: 0}\n"
    )
    log = offline_eval(
        tmp_path / "logs",
        "inspect_dualbench/all",
        "dualbench-ocr/cautious",
        split="mini",
        categories="hate",
        perturbations="none",
        judge="heuristic",
    )
    proc = _cli(
        "estimate",
        "--model",
        "openai/subject",
        "--grader",
        "openai/judge",
        "--pairs-per-category",
        "2",
        "--perturbations",
        "blur",
        "--model-cost-config",
        str(prices),
        "--log",
        log.location,
    )
    assert proc.returncode == 0, proc.stderr
    samples = 12 * 2 * 2 * 2  # categories x pairs x kinds x (original + blur)
    assert f"{samples} samples" in proc.stdout
    usage = log.stats.model_usage["dualbench-ocr/cautious"]
    per_in, per_out = round(usage.input_tokens / 6), round(usage.output_tokens / 6)
    subject_row = next(line for line in proc.stdout.splitlines() if line.startswith("| subject"))
    assert f"{per_in} / {per_out} (measured)" in subject_row
    dollars = samples * (per_in * 1.0 + per_out * 2.0) / 1e6
    assert f"| {dollars:,.2f} |" in subject_row
    judge_row = next(line for line in proc.stdout.splitlines() if line.startswith("| judge"))
    assert "(assumed)" in judge_row  # the log had no judge model to measure
    assert "total: $" in proc.stdout
    bad = _cli("estimate", "--model", "m", "--split", "tiny")
    assert bad.returncode == 2 and "-T split: unknown split 'tiny'" in bad.stdout
