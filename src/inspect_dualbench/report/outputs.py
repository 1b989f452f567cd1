"""Write the report: Markdown, CSV, PNG plots and one self-contained HTML page."""

from __future__ import annotations

import base64
import html
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: no display on servers or CI
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from inspect_dualbench.categories import CATEGORY_IDS  # noqa: E402

OVERALL_COLUMNS = [
    ("model", "model"),
    ("task", "task"),
    ("split", "split"),
    ("samples", "samples"),
    ("benign_RR", "benign RR (over-refusal)"),
    ("benign_SCR", "benign SCR"),
    ("benign_DAR", "benign DAR"),
    ("harmful_RR", "harmful RR"),
    ("harmful_SCR", "harmful SCR"),
    ("harmful_DAR", "harmful DAR"),
    ("delta_IR", "ΔIR (pp)"),
    ("flip_rate", "flip rate"),
    ("unparsed", "unparsed"),
    ("truncated", "truncated"),
    ("judge", "judge"),
]
CONFIG_COLUMNS = [
    "model",
    "task",
    "split",
    "pairs_per_category",
    "limit",
    "variants",
    "styles",
    "dataset",
    "samples",
    "eval_version",
    "date",
    "model_input_tokens",
    "model_output_tokens",
    "judge_input_tokens",
    "judge_output_tokens",
    "source",
]
DEFINITIONS = [
    ("benign RR", "refusals / judged benign samples × 100: over-refusal, lower is better"),
    ("benign SCR", "safe completions / judged benign samples × 100: needless warnings, lower is better"),
    ("benign DAR", "direct answers / judged benign samples × 100: helpfulness, higher is better"),
    ("harmful RR", "refusals / judged harmful samples × 100: lower is better when SCR takes its place"),
    ("harmful SCR", "safe completions / judged harmful samples × 100: the ideal answer, higher is better"),
    ("harmful DAR", "direct answers / judged harmful samples × 100: unsafe compliance, lower is better"),
    ("ΔIR", "mean over image perturbations of |RR(p) − RR(original)| on matched items, pp: lower is better"),
    ("flip rate", "(item, perturbation) whose label differs from the original's / compared × 100: lower is better"),
    ("[low, high]", "95% percentile bootstrap interval, resampling pairs (1,000 replicates)"),
    ("unparsed / truncated", "samples kept out of the rates: no judge verdict / empty answer at the token limit"),
]


COUNT_COLUMNS = {"samples", "judged", "unparsed", "truncated"}


def _cell(row: pd.Series, key: str) -> str:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and key in COUNT_COLUMNS:
        return f"{value:.0f}"
    if isinstance(value, float):
        low, high = row.get(f"{key}_low"), row.get(f"{key}_high")
        if isinstance(low, float) and not math.isnan(low):
            return f"{value:.1f} [{low:.1f}, {high:.1f}]"
        return f"{value:.1f}"
    return str(value)


def overall_display(table: pd.DataFrame) -> pd.DataFrame:
    """The overall table with each rate as 'value [low, high]'."""
    return pd.DataFrame([{title: _cell(row, key) for key, title in OVERALL_COLUMNS} for _, row in table.iterrows()])


def markdown(table: pd.DataFrame) -> str:
    """A GitHub Markdown table (numbers to one decimal; text escaped so a model name or path
    cannot break the table or inject markup)."""
    cols = list(table.columns)
    lines = ["| " + " | ".join(map(markdown_text, cols)) + " |", "|" + "---|" * len(cols)]
    for _, row in table.iterrows():
        lines.append("| " + " | ".join(_plain(v) for v in row) + " |")
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def markdown_text(text: str) -> str:
    """Text escaped for Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.1f}" if isinstance(value, float) else markdown_text(str(value))


def plot_tradeoff(table: pd.DataFrame, path: Path) -> None:
    """Over-refusal (benign RR) against harmful SCR, one point per run; paper rows as lines."""
    fig, ax = plt.subplots(figsize=(8, 4.8))
    measured = table[table["benign_RR"].notna()]
    for _, r in measured.iterrows():
        ax.errorbar(
            r["benign_RR"],
            r["harmful_SCR"],
            xerr=[[r["benign_RR"] - r["benign_RR_low"]], [r["benign_RR_high"] - r["benign_RR"]]],
            yerr=[[r["harmful_SCR"] - r["harmful_SCR_low"]], [r["harmful_SCR_high"] - r["harmful_SCR"]]],
            fmt="o",
            capsize=3,
        )
        ax.annotate(
            f"{r['model']} ({r['task']})",
            (r["benign_RR"], r["harmful_SCR"]),
            textcoords="offset points",
            xytext=(5, 5),
            fontsize=8,
        )
    for _, r in table[table["benign_RR"].isna() & table["harmful_SCR"].notna()].iterrows():
        ax.axhline(r["harmful_SCR"], linestyle="--", linewidth=0.8, color="grey")
        # outside the plot area, so a reference label never covers a model's label
        ax.annotate(
            str(r["model"]).replace(" [quoted from paper]", " (paper)"),
            (1.01, r["harmful_SCR"]),
            xycoords=("axes fraction", "data"),
            fontsize=7,
            va="center",
            color="grey",
            annotation_clip=False,
        )
    ax.set_xlabel("over-refusal: benign RR (%), lower is better")
    ax.set_ylabel("harmful SCR (%), higher is better")
    ax.set_xlim(-2, 102)
    ax.set_ylim(-2, 102)
    ax.set_title("Safety vs usefulness (95% CI over pairs)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_heatmap(categories: pd.DataFrame, path: Path) -> None:
    """Harmful SCR per category (rows) and run (columns), each cell with its sample count;
    a category a run did not cover is left blank."""
    frame = categories.assign(run=categories["model"] + " / " + categories["task"])
    pivot = frame.pivot_table(index="category", columns="run", values="harmful_SCR")
    counts = frame.pivot_table(index="category", columns="run", values="samples")
    order = [c for c in CATEGORY_IDS if c in pivot.index]
    pivot, counts = pivot.reindex(order), counts.reindex(index=order, columns=pivot.columns)
    fig, ax = plt.subplots(figsize=(3 + 1.2 * len(pivot.columns), 2 + 0.4 * len(pivot.index)))
    image = ax.imshow(pivot.values, vmin=0, vmax=100, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(pivot.columns)), pivot.columns, rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(pivot.index)), pivot.index, fontsize=8)
    for (i, j), v in pd.DataFrame(pivot.values).stack().items():  # stack() drops the missing cells
        n = counts.iat[i, j]
        ax.text(j, i, f"{v:.0f}\nn={n:.0f}", ha="center", va="center", fontsize=6, color="white" if v < 60 else "black")
    fig.colorbar(image, ax=ax, label="harmful SCR (%)")
    ax.set_title("Harmful SCR by category (n = samples)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_gaps(perturbations: pd.DataFrame, path: Path) -> None:
    """Signed RR gap per perturbation, grouped by run."""
    fig, ax = plt.subplots(figsize=(7, 4))
    if not perturbations.empty:
        runs = list(dict.fromkeys(perturbations["model"] + " / " + perturbations["task"]))
        names = list(dict.fromkeys(perturbations["perturbation"]))
        width = 0.8 / len(runs)
        for k, run in enumerate(runs):
            rows = perturbations[(perturbations["model"] + " / " + perturbations["task"]) == run].set_index(
                "perturbation"
            )
            xs = [i + k * width for i, n in enumerate(names) if n in rows.index]
            ys = [rows.loc[n, "gap"] for n in names if n in rows.index]
            lows = [rows.loc[n, "gap"] - rows.loc[n, "gap_low"] for n in names if n in rows.index]
            highs = [rows.loc[n, "gap_high"] - rows.loc[n, "gap"] for n in names if n in rows.index]
            ax.bar(xs, ys, width, yerr=[lows, highs], capsize=2, label=run)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(names))], names)
        ax.legend(fontsize=7)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel("RR(perturbed) − RR(original), pp")
    ax.set_title("Instruction robustness: signed refusal gap per perturbation")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def html_page(sections: list[tuple[str, pd.DataFrame]], images: list[tuple[str, Path]], notes: list[str]) -> str:
    """One page: notes, metric definitions, the tables and the plots (embedded as data URIs so the
    page opens from disk with no server)."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>DUAL-Bench report</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:13px}"
        "td,th{border:1px solid #ccc;padding:3px 6px}img{max-width:100%}</style></head><body>",
        "<h1>DUAL-Bench report</h1>",
    ]
    if notes:
        parts.append("<ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>")
    parts.append("<h2>What the figures mean</h2><dl>")
    parts.extend(f"<dt><b>{html.escape(t)}</b></dt><dd>{html.escape(d)}</dd>" for t, d in DEFINITIONS)
    parts.append("</dl>")
    for title, table in sections:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(table.to_html(index=False, na_rep="–", float_format=lambda v: f"{v:.1f}"))
    for title, image in images:
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        parts.append(
            f"<h2>{html.escape(title)}</h2><img alt='{html.escape(title)}' src='data:image/png;base64,{data}'>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)
