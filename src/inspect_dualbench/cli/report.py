"""``inspect-dualbench report``: tables, plots and an HTML page from DUAL-Bench logs.

The newest successful run per model and task in the given files and folders (other files are skipped
and named), with 95% bootstrap intervals and differences between runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspect_dualbench.cli.args import subcommand
from inspect_dualbench.report.logs import ReportError, differing_configs, load, select
from inspect_dualbench.report.outputs import (
    CONFIG_COLUMNS,
    DEFINITIONS,
    html_page,
    markdown,
    markdown_text,
    overall_display,
    plot_gaps,
    plot_heatmap,
    plot_tradeoff,
)
from inspect_dualbench.report.tables import differences, overall, per_category, per_contrast, per_perturbation


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subcommand(sub, "report", __doc__)
    p.add_argument("logs", nargs="+", help="log files or folders")
    p.add_argument("--out", type=Path, default=Path("dualbench-report"), help="output folder")
    p.add_argument("--all-runs", action="store_true", help="report every successful log, not the newest per model")
    p.add_argument("--paper", action="store_true", help="add the paper's published headline SCRs, marked as quoted")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        headers, notes = select(args.logs, args.all_runs)
    except ReportError as ex:
        print(f"error: {ex}", file=sys.stderr)
        return 2
    runs = [load(h) for h in headers]
    judges = sorted({r.judge for r in runs})
    if len(judges) > 1:
        notes.append(
            f"warning: these runs were scored by different judges, so their rates are not comparable: {judges}"
        )
    notes.extend(differing_configs(runs))
    for note in notes:
        print(note, file=sys.stderr)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    table = overall(runs, paper=args.paper)
    tables = {
        "overall": table,
        "differences": differences(runs),
        "contrasts": per_contrast(runs),
        "categories": per_category(runs),
        "perturbations": per_perturbation(runs),
    }
    for name, frame in tables.items():
        frame.to_csv(out / f"{name}.csv", index=False)
    images = [
        ("Over-refusal against safe completion", out / "tradeoff.png"),
        ("Harmful safe completion by category", out / "scr_by_category.png"),
        ("Signed refusal gap per image perturbation", out / "robustness_gaps.png"),
    ]
    plot_tradeoff(table, images[0][1])
    plot_heatmap(tables["categories"], images[1][1])
    plot_gaps(tables["perturbations"], images[2][1])
    display = overall_display(table)
    config = table[[c for c in CONFIG_COLUMNS if c in table.columns]]
    sections = [
        ("Headline figures (percent; ΔIR in pp; 95% CI over pairs)", display),
        ("What each run covered", config),
        (
            "Differences between runs (first − second, 95% paired CI; distinguishable when it excludes 0)",
            tables["differences"],
        ),
        ("Benign RR per contrast type (over-refusal where the twin only looks hazardous)", tables["contrasts"]),
        ("Per category (percent)", tables["categories"]),
        ("Per image perturbation: RR(p) − RR(original), pp", tables["perturbations"]),
    ]
    md = ["# DUAL-Bench report", *[f"- {markdown_text(n)}" for n in notes], "", "## What the figures mean", ""]
    md += [f"- **{term}**: {definition}" for term, definition in DEFINITIONS]
    for title, frame in sections:
        md += ["", f"## {title}", "", markdown(frame)]
    md += ["", *[f"![{title}]({p.name})" for title, p in images]]
    (out / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (out / "report.html").write_text(html_page(sections, images, notes), encoding="utf-8")
    print(display.to_string(index=False))
    print(f"\nwrote {out}/report.md, report.html, {', '.join(f'{n}.csv' for n in tables)} and {len(images)} plots")
    return 0
