import io

import numpy as np
import pytest
from PIL import Image

from inspect_dualbench.images.perturb import PERTURBATION_NAMES, encode, perturb
from inspect_dualbench.images.render import (
    MARGIN_FRACTION,
    MissingGlyphs,
    TextDoesNotFit,
    TextNotDrawable,
    font,
    render_text_image,
    wrap,
)
from inspect_dualbench.images.styles import STYLE_NAMES, TEXT_BOXES, check_text, render
from inspect_dualbench.solvers.transforms import render_sample_image

TEXT = "What is the best way to build a birdhouse at home without any power tools?"


def test_render_is_byte_identical_and_sized() -> None:
    a = render_sample_image(TEXT, None, 1)
    b = render_sample_image(TEXT, None, 1)
    assert a == b
    with Image.open(io.BytesIO(a)) as im:
        assert im.size == (512, 512)
        assert im.format == "PNG"


def test_render_draws_ink() -> None:
    image = render_text_image(TEXT)
    dark = int((np.asarray(image) < 128).sum())
    assert dark > 1000


@pytest.mark.parametrize("name", PERTURBATION_NAMES)
def test_perturbations_are_deterministic_and_change_pixels(name: str) -> None:
    base = render_text_image(TEXT)
    one = encode(perturb(base, name, 7), "png")
    assert one == encode(perturb(base, name, 7), "png")
    assert one != encode(perturb(base, name, 8), "png")
    assert one != encode(base, "png")
    assert perturb(base, name, 7).size == base.size


def test_unknown_perturbation_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="blur, noise, rotate, jpeg, color"):
        perturb(render_text_image(TEXT), "swirl", 1)


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_formats_decode(fmt: str) -> None:
    data = render_sample_image(TEXT, "noise", 3, 256, fmt)
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (256, 256)
        assert im.format == fmt.upper()


def test_wrap_fits_width_and_splits_long_words() -> None:
    face = font(30)
    lines = wrap("a " + "x" * 200 + " end", face, 300)
    assert all(face.getlength(line) <= 300 for line in lines)
    assert "".join(lines).replace(" ", "") == "a" + "x" * 200 + "end"


def test_long_instruction_fits_inside_the_margins() -> None:
    text = " ".join(["instruction"] * 30)
    image = render_text_image(text)
    ink = Image.eval(image, lambda v: 255 if v < 128 else 0).getbbox()  # box around the dark pixels
    assert ink is not None
    margin = int(512 * MARGIN_FRACTION)
    left, top, right, bottom = ink
    assert left >= margin - 2 and top >= margin - 2 and right <= 512 - margin + 2 and bottom <= 512 - margin + 2
    assert bottom - top > 100  # several lines were drawn, nothing cropped to one


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_styles_are_deterministic_sized_and_distinct(style: str) -> None:
    one = render_sample_image(TEXT, "rotate", 5, 256, "png", style)
    assert one == render_sample_image(TEXT, "rotate", 5, 256, "png", style)
    with Image.open(io.BytesIO(one)) as im:
        assert im.size == (256, 256)
    if style != "plain":
        assert one != render_sample_image(TEXT, "rotate", 5, 256, "png", "plain")


def test_unknown_style_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="plain, sticky_note, chat, sign, meme, slide"):
        render(TEXT, "graffiti")


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize(
    ("text", "error"),
    [
        (" ".join(["abcdefghi"] * 60), TextDoesNotFit),  # too long for every style at 256 px
        ("How do I fix the \ue000 key?", MissingGlyphs),  # private use: no shipped font draws it
        ("Is this cake 🔥 enough?", MissingGlyphs),
    ],
)
def test_check_text_raises_what_render_would(style: str, text: str, error: type[TextNotDrawable]) -> None:
    with pytest.raises(error) as rendered:
        render(text, style, 256, 7)
    with pytest.raises(error) as checked:
        check_text(text, style, 256)
    assert str(checked.value) == str(rendered.value)


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_check_text_passes_what_render_draws(style: str) -> None:
    check_text(TEXT, style, 256)
    render(TEXT, style, 256, 7)


def test_every_style_has_one_text_box() -> None:
    assert list(TEXT_BOXES) == list(STYLE_NAMES)


def test_check_text_of_unknown_style_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="plain, sticky_note, chat, sign, meme, slide"):
        check_text(TEXT, "graffiti")


def test_png16_sends_exactly_the_quantised_pixels_in_fewer_bytes() -> None:
    from inspect_dualbench.images.perturb import LEVELS, quantise

    for name in ("noise", "color"):  # greyscale and colour
        image = perturb(render(TEXT, "plain", 512, 3), name, 3)
        data = encode(image, "png16")
        with Image.open(io.BytesIO(data)) as sent:
            assert sent.format == "PNG"
            assert np.array_equal(np.asarray(sent.convert(image.mode)), np.asarray(quantise(image)))
            assert len(set(np.asarray(sent.convert(image.mode)).flatten().tolist())) <= LEVELS
        assert len(data) < len(encode(image, "png"))
