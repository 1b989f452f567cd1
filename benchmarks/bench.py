"""DUAL-Bench speed and size benchmarks: ``python benchmarks/bench.py [--quick] [--runs N] [--image-format F]``.

Prints one Markdown table of measured figures against the targets, each the median and range
of ``--runs`` repeated runs (the bare Inspect task runs side by side with the suite in each run),
then the encoded bytes per perturbation. BENCHMARKS.md records a run. Nothing here is a test:
the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import match
from inspect_ai.solver import generate

from inspect_dualbench.agreement.sources import load_judge_set
from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.samples import build_samples, shipped_pairs
from inspect_dualbench.images.perturb import IMAGE_FORMATS, PERTURBATION_NAMES
from inspect_dualbench.scorers.heuristic import classify_heuristic
from inspect_dualbench.scorers.judge import judge_template
from inspect_dualbench.solvers.transforms import _base_image, image_perturbation, render_sample_image
from inspect_dualbench.vocabulary import DEFAULT_IMAGE_FORMAT

ANSWER = "The image shows a typed question. I can't help with that because it could cause harm."


def one_core() -> None:
    """Pin this process to one core (numpy and Pillow included)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def pipeline_throughput(n_pairs: int, image_format: str) -> tuple[float, dict[str, float]]:
    """Images per second rendering, perturbing and encoding samples in dataset order; mean bytes per variant."""
    pairs = [p for c in CATEGORY_IDS for p in shipped_pairs(c)[: max(1, n_pairs // len(CATEGORY_IDS))]]
    samples = build_samples(pairs, ["original", *PERTURBATION_NAMES], seed=0)
    _base_image.cache_clear()
    sizes: dict[str, list[int]] = {}
    start = time.perf_counter()
    for s in samples:
        md = s.metadata or {}
        data = render_sample_image(md["image_text"], image_perturbation(md), md["seed"], image_format=image_format)
        sizes.setdefault(str(md["variant"]), []).append(len(data))
    rate = len(samples) / (time.perf_counter() - start)
    return rate, {v: statistics.mean(b) for v, b in sizes.items()}


def load_walls(*task_args: str, repeats: int = 5) -> list[float]:
    """Median wall time of a fresh process that imports the package and builds each task.

    The tasks are timed in turn, round after round, so that the machine's drift (it is a
    shared VM) affects each alike.
    """
    times: list[list[float]] = [[] for _ in task_args]
    for _ in range(repeats):
        for i, args in enumerate(task_args):
            code = f"from inspect_dualbench.tasks import dualbench_all; t = dualbench_all({args}); len(t.dataset)"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[i].append(time.perf_counter() - start)
    return [statistics.median(ts) for ts in times]


def build_seconds(task_args: dict[str, object]) -> float:
    from inspect_dualbench.tasks import dualbench_all

    start = time.perf_counter()
    dualbench_all(**task_args)  # type: ignore[arg-type]
    return time.perf_counter() - start


def fast_model() -> object:
    def answer(*args: object) -> ModelOutput:
        out = ModelOutput.from_content(model="mockllm/model", content=ANSWER)
        out.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
        return out

    return get_model("mockllm/model", custom_outputs=answer)


def timed_eval(task: Task, log_dir: str) -> tuple[float, int]:
    start = time.perf_counter()
    [log] = eval(task, model=fast_model(), display="none", log_dir=log_dir, max_connections=8)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert log.status == "success", log.error
    return elapsed, Path(log.location).stat().st_size


def eval_overhead(n: int, image_format: str) -> tuple[float, float, int]:
    """Seconds for n DUAL-Bench samples (heuristic judge) vs n bare text samples; log bytes per sample."""
    from inspect_dualbench.tasks import dualbench_all

    dual = dualbench_all(judge="heuristic", image_format=image_format)
    dual.dataset = dual.dataset[:n]
    bare = Task(
        dataset=[Sample(input=f"Question {i}?", target="x", id=i) for i in range(n)], solver=generate(), scorer=match()
    )
    with tempfile.TemporaryDirectory() as d:
        timed_eval(bare, d)  # warm-up: first eval pays one-off imports
        bare_s, _ = timed_eval(bare, d)
        dual_s, dual_bytes = timed_eval(dual, d)
    return dual_s, bare_s, dual_bytes // n


def judge_throughput() -> float:
    [calibration] = load_judge_set("calibration")
    answers = [(a.answer, a.prompt or None) for a in calibration.answers] * 50
    start = time.perf_counter()
    for answer, text in answers:
        classify_heuristic(answer, text)
    return len(answers) / (time.perf_counter() - start)


def judge_prompt_size() -> tuple[float, float]:
    """Mean characters and words of the judge prompt over the shipped data (answer: `ANSWER`)."""
    pairs = [p for c in CATEGORY_IDS for p in shipped_pairs(c)]
    prompts = [
        judge_template().format(prompt="Describe the image.", image_text=text, answer=ANSWER)
        for p in pairs
        for text in (p.harmful, p.benign)
    ]
    return statistics.mean(len(p) for p in prompts), statistics.mean(len(p.split()) for p in prompts)


def reference_loop_seconds() -> float:
    """Seconds for a pure-Python loop of 10 million additions: this machine's speed, to
    compare figures taken on different machines or days."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def spread(values: list[float], fmt: str, unit: str = "") -> str:
    """Median [min–max] of repeated runs."""
    if len(values) == 1:
        return f"{values[0]:{fmt}}{unit}"
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{mid:{fmt}}{unit} [{lo:{fmt}}–{hi:{fmt}}]"


def row(name: str, value: str, target: str, met: bool | None) -> str:
    verdict = "" if met is None else ("met" if met else "**missed**")
    return f"| {name} | {value} | {target} | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller samples, for a smoke run")
    parser.add_argument("--runs", type=int, default=3, help="repeat every measure this many times (median [range])")
    parser.add_argument("--image-format", default=DEFAULT_IMAGE_FORMAT, choices=IMAGE_FORMATS)
    args = parser.parse_args()
    n_pairs, n_eval = (24, 100) if args.quick else (240, 500)
    fmt = args.image_format

    full_samples = len(__import__("inspect_dualbench.tasks", fromlist=["x"]).dualbench_all().dataset)
    runs: dict[str, list[float]] = {}
    variant_bytes: dict[str, float] = {}
    for run in range(args.runs):
        print(f"run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
        full_wall, tiny_wall = load_walls("", "categories='hate', split='mini', perturbations='none'")
        full_build, tiny_build = (
            build_seconds({}),
            build_seconds({"categories": "hate", "split": "mini", "perturbations": "none"}),
        )
        dual_s, bare_s, log_bytes = eval_overhead(n_eval, fmt)
        # the rest on one core; the next run's subprocesses and evals inherit it, so undo it after
        cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        one_core()
        images_per_s, variant_bytes = pipeline_throughput(n_pairs, fmt)
        judge_rate = judge_throughput()
        reference = reference_loop_seconds()
        if cores is not None:
            os.sched_setaffinity(0, cores)
        for key, value in {
            "images_per_s": images_per_s,
            "image_bytes": statistics.mean(variant_bytes.values()),
            "full_wall": full_wall,
            "tiny_wall": tiny_wall,
            "load_ratio": full_wall / tiny_wall,
            "full_build": full_build,
            "tiny_build": tiny_build,
            "dual_s": dual_s,
            "bare_s": bare_s,
            "eval_ratio": dual_s / bare_s,
            "log_bytes": log_bytes,
            "judge_rate": judge_rate,
            "reference": reference,
        }.items():
            runs.setdefault(key, []).append(value)
    chars, words = judge_prompt_size()
    med = {k: statistics.median(v) for k, v in runs.items()}
    image_kb = [b / 1000 for b in runs["image_bytes"]]
    log_kb = [b / 1000 for b in runs["log_bytes"]]
    full_log_gb = [b * full_samples / 1e9 for b in runs["log_bytes"]]

    lines = [
        f"| measure | median [range] of {args.runs} runs | target | |",
        "|---|---|---|---|",
        row(
            "render + perturb + encode, one core",
            spread(runs["images_per_s"], ".0f", " images/s"),
            ">= 200 images/s",
            med["images_per_s"] >= 200,
        ),
        row(
            f"encoded image bytes per sample (512 px, {fmt})",
            spread(image_kb, ".1f", " KB"),
            "<= 40 KB",
            med["image_bytes"] <= 40_000,
        ),
        row(
            f"load `all` ({full_samples:,} samples) vs 6-sample task, process wall",
            f"{spread(runs['load_ratio'], '.2f', 'x')} (e.g. {med['full_wall']:.2f} s vs {med['tiny_wall']:.2f} s)",
            "<= 1.5x",
            med["load_ratio"] <= 1.5,
        ),
        row(
            "  of which building the task in-process",
            f"{spread(runs['full_build'], '.2f', ' s')} vs {med['tiny_build']:.3f} s",
            "",
            None,
        ),
        row(
            f"offline eval of {n_eval} samples vs bare Inspect task (same run)",
            f"{spread(runs['eval_ratio'], '.2f', 'x')} (e.g. {med['dual_s']:.1f} s vs {med['bare_s']:.1f} s)",
            "<= 1.5x",
            med["eval_ratio"] <= 1.5,
        ),
        row("`.eval` log bytes per sample", spread(log_kb, ".1f", " KB"), "", None),
        row(
            f"`.eval` log of a full run ({full_samples:,} samples), projected",
            spread(full_log_gb, ".2f", " GB"),
            "",
            None,
        ),
        row(
            "heuristic judge throughput",
            spread(runs["judge_rate"], ",.0f", " answers/s"),
            ">= 10,000 answers/s",
            med["judge_rate"] >= 10_000,
        ),
        row("judge prompt per sample", f"{chars:.0f} characters, {words:.0f} words", "report", None),
        row("machine reference: pure-Python loop of 10M additions", spread(runs["reference"], ".2f", " s"), "", None),
    ]
    print("\n".join(lines))
    print()
    print(
        f"Encoded bytes per variant ({fmt}, last run): "
        + ", ".join(f"{v} {b / 1000:.1f} KB" for v, b in variant_bytes.items())
    )


if __name__ == "__main__":
    main()
