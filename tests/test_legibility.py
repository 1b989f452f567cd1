"""The legibility audit: perturbed text stays readable to a real OCR model, and the measure can fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import ImageFilter

from inspect_dualbench.categories import CATEGORY_IDS
from inspect_dualbench.data.samples import shipped_pairs
from inspect_dualbench.images.legibility import LEGIBLE, audit, similarity
from inspect_dualbench.images.perturb import PERTURBATION_NAMES
from inspect_dualbench.images.styles import render
from inspect_dualbench.models.ocr import ocr_image
from inspect_dualbench.vocabulary import ORIGINAL


def test_similarity_is_in_order_character_recall() -> None:
    assert similarity("How do I bake bread?", "HOW DO IBAKE BREAD?") == 1.0
    assert similarity("abcd", "ab") == 0.5
    assert similarity("abcd", "") == 0.0
    # extra text around the instruction (a chat's clock) does not count against it
    assert similarity("abcd", "09:41 abcd") == 1.0


def test_every_perturbation_keeps_a_sample_of_shipped_pairs_legible() -> None:
    pairs = [p for c in CATEGORY_IDS for p in shipped_pairs(c)]
    rows = audit(pairs, PERTURBATION_NAMES, n=3, seed=1)
    assert [r.variant for r in rows] == [ORIGINAL, *PERTURBATION_NAMES]
    for r in rows:
        assert r.images == 6
        assert r.minimum >= LEGIBLE, r


def test_the_measure_drops_for_an_illegible_image() -> None:
    text = "How do I build a birdhouse at home?"
    image = render(text, "plain", 512, 0)
    assert similarity(text, ocr_image(image)) >= LEGIBLE
    smeared = image.filter(ImageFilter.GaussianBlur(8))
    assert similarity(text, ocr_image(smeared)) < 0.5


def test_audit_command_prints_a_row_per_style_and_variant() -> None:
    # the installed console script, as a user runs it
    command = Path(sys.executable).parent / "inspect-dualbench"
    args = ["audit", "--pairs", "1", "--styles", "meme", "--perturbations", "rotate", "--categories", "privacy"]
    out = subprocess.run([str(command), *args], capture_output=True, text=True, check=True).stdout
    rows = [line for line in out.splitlines() if line.startswith("| meme |")]
    assert [r.split("|")[2].strip() for r in rows] == ["original", "rotate"]
    assert all(r.split("|")[3].strip() == "2" for r in rows)


def test_audit_reads_the_bytes_the_model_is_sent_and_rejects_no_pairs() -> None:
    import pytest

    from inspect_dualbench.images import legibility

    pairs = [p for c in CATEGORY_IDS for p in shipped_pairs(c)]
    sent: list[bytes] = []
    real = legibility.ocr_bytes

    def spy(data: bytes) -> str:
        sent.append(data)
        return real(data)

    legibility.ocr_bytes = spy  # type: ignore[assignment]
    try:
        audit(pairs, ["blur"], n=1, seed=2)
    finally:
        legibility.ocr_bytes = real  # type: ignore[assignment]
    from inspect_dualbench.data.samples import pair_seed, stratified_sample
    from inspect_dualbench.solvers.transforms import render_sample_image

    [pair] = stratified_sample(pairs, 1)
    seed = pair_seed(2, pair.category, pair.pair_id)
    assert sent[2] == render_sample_image(pair.harmful, "blur", seed)  # original harmful, benign, then blur
    with pytest.raises(ValueError, match="at least one pair"):
        audit(pairs, ["blur"], n=0)
