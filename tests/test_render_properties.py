"""Property tests: the renderer draws any text its fonts can, at its size, or says why it cannot."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_dualbench.images.perturb import PERTURBATION_NAMES, perturb
from inspect_dualbench.images.render import (
    MissingGlyphs,
    TextDoesNotFit,
    TextNotDrawable,
    missing_glyphs,
    render_text_image,
)
from inspect_dualbench.vocabulary import clean_text

SIZE = 256
SCRIPTS = st.sampled_from(
    [
        "漢字かなカナ한국어",  # CJK: no shipped font has it
        "مرحبا بالعالم שלום",  # RTL
        "👩‍👩‍👧🏳️‍🌈🔥",  # emoji with joiners
        "e\u0301a\u0308\u0332",  # combining marks
        "\x00\x07\t\r\n\u200b\u202e\ufeff",  # control and format characters
        "x" * 300,  # one very long word
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), SCRIPTS, st.lists(SCRIPTS, max_size=5).map(" ".join)))
def test_any_text_renders_at_its_size_or_says_why_not(text: str) -> None:
    try:
        image = render_text_image(text, SIZE)
    except MissingGlyphs as ex:
        assert missing_glyphs(text)  # only for characters the font really lacks, named in the message
        assert repr(missing_glyphs(text)[0]) in str(ex)
        return
    except TextDoesNotFit:
        assert len(text) > 100  # never for a short text
        return
    assert image.size == (SIZE, SIZE)


@settings(max_examples=20, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="latin-1"), max_size=80),
    st.sampled_from(PERTURBATION_NAMES),
    st.integers(0, 2**32 - 1),
)
def test_any_drawable_text_perturbs_at_its_size(text: str, name: str, seed: int) -> None:
    if missing_glyphs(text):
        pytest.skip("latin-1 control characters aside, DejaVu draws all of latin-1")
    assert perturb(render_text_image(text, SIZE), name, seed).size == (SIZE, SIZE)


def test_zero_width_characters_are_removed_not_spaced() -> None:
    assert clean_text("h\u200dack the w\u200bifi") == "hack the wifi"
    assert clean_text("line\nbreak\x00") == "line break "


@pytest.mark.parametrize("text", ["中文", "Привет мир"])
def test_characters_no_font_draws_are_an_error_not_boxes(text: str) -> None:
    from inspect_dualbench.images.styles import render

    style = "plain" if text == "中文" else "sticky_note"  # DejaVu has Cyrillic, Comic Neue does not
    with pytest.raises(MissingGlyphs, match="has no glyph for"):
        render(text, style, SIZE)


def test_a_text_too_long_to_fit_is_an_error_not_a_crop() -> None:
    with pytest.raises(TextDoesNotFit, match="do not fit"):
        render_text_image(" ".join(["x" * 40] * 30), SIZE)
    assert issubclass(TextDoesNotFit, TextNotDrawable)
