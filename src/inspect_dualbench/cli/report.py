"""``inspect-dualbench report``: tables, plots and an HTML page from one or many logs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspect_dualbench.report.logs import ReportError, load, select
from inspect_dualbench.report.outputs import (
    html_page,
    markdown,
    overall_display,
    plot_gaps,
    plot_heatmap,
    plot_tradeoff,
)
from inspect_dualbench.report.tables import overall, per_category, per_perturbation


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="tables, plots and an HTML page from DUAL-Bench logs")
    p.add_argument("logs", nargs="+", help="log files or folders")
    p.add_argument("--out", type=Path, default=Path("dualbench-report"), help="output folder")
    p.add_argument("--all-runs", action="store_true", help="report every successful log, not the newest per model")
    p.add_argument("--paper", action="store_true", help="add the paper's published headline SCRs, marked as quoted")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        paths, notes = select(args.logs, args.all_runs)
    except ReportError as ex:
        print(f"error: {ex}", file=sys.stderr)
        return 2
    runs = [load(p) for p in paths]
    judges = sorted({r.judge for r in runs})
    if len(judges) > 1:
        notes.append(
            f"warning: these runs were scored by different judges, so their rates are not comparable: {judges}"
        )
    for note in notes:
        print(note, file=sys.stderr)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    table = overall(runs, paper=args.paper)
    categories = per_category(runs)
    gaps = per_perturbation(runs)
    display = overall_display(table)
    table.to_csv(out / "overall.csv", index=False)
    categories.to_csv(out / "categories.csv", index=False)
    gaps.to_csv(out / "perturbations.csv", index=False)
    images = [out / "tradeoff.png", out / "scr_by_category.png", out / "robustness_gaps.png"]
    plot_tradeoff(table, images[0])
    plot_heatmap(categories, images[1])
    plot_gaps(gaps, images[2])
    sections = [
        ("Overall (percent, 95% CI over pairs)", display),
        ("Per category (percent)", categories),
        ("Per perturbation: RR(p) − RR(original), pp", gaps),
    ]
    md = ["# DUAL-Bench report", *[f"- {n}" for n in notes]]
    for title, frame in sections:
        md += ["", f"## {title}", "", markdown(frame)]
    md += ["", *[f"![{p.stem}]({p.name})" for p in images]]
    (out / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (out / "report.html").write_text(html_page(sections, images, notes), encoding="utf-8")
    print(display.to_string(index=False))
    print(f"\nwrote {out}/report.md, report.html, overall.csv, categories.csv, perturbations.csv and 3 plots")
    return 0
