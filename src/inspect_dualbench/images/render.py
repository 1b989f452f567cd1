"""Render an instruction as a text image (the paper's typographic image), with shipped fonts.

Pure functions: the same (text, size) always gives the same pixels.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from inspect_dualbench.vocabulary import Bounds, asset, clean_text

DEFAULT_SIZE: Final = 512
"""Square side in pixels; 512 fits one high-detail tile for OpenAI vision pricing."""
MARGIN_FRACTION: Final = 0.08
"""Blank border on every side of the text, as a fraction of the image side."""
FONT_PX: Final = Bounds(least=12, most=44)
"""Font sizes tried, in pixels: the largest that fits is drawn (``most`` unless a caller asks for
less); ``least`` is the smallest legible size, below it a text is an error, not a crop."""
LINE_SPACING: Final = 1.25
"""Distance from one line's top to the next, as a multiple of the font size."""
FONT_FILE: Final = "DejaVuSans.ttf"
"""The shipped font (in ``assets/fonts``) used unless a caller names another."""
INK_AND_BACKGROUND: Final = (20, 255)
"""Grey levels (0 black, 255 white) of the text and of the page: near-black on white."""


@lru_cache(maxsize=64)
def font(px: int, name: str = FONT_FILE) -> ImageFont.FreeTypeFont:
    """A shipped font at a pixel size (cached: loading a TrueType file is slow)."""
    data = asset("fonts", name).read_bytes()
    return ImageFont.truetype(io.BytesIO(data), px)


MAX_TEXT_CHARS: Final = 300
"""Longest instruction accepted (the shipped data's longest is under 200 characters): longer
texts would need a font too small to read, and layout time grows with length squared."""
_NOTDEF_PROBE: Final = "\ue000"  # a private-use code point no shipped font draws


class TextNotDrawable(ValueError):
    """A text the renderer cannot draw faithfully; the message says why."""


class TextDoesNotFit(TextNotDrawable):
    """The text cannot be drawn legibly in its box: it would need a font below ``FONT_PX.least``."""


class MissingGlyphs(TextNotDrawable):
    """The text has characters the font cannot draw (they would render as empty boxes)."""


@lru_cache(maxsize=4096)
def has_glyph(ch: str, name: str = FONT_FILE) -> bool:
    """Whether a shipped font draws `ch` (rather than its empty-box "missing" glyph)."""
    face = font(FONT_PX.least * 2, name)
    return ch.isspace() or list(face.getmask(ch)) != list(face.getmask(_NOTDEF_PROBE))


def missing_glyphs(text: str, name: str = FONT_FILE) -> list[str]:
    """The characters of `text` a shipped font cannot draw, in order of first appearance."""
    return [ch for ch in dict.fromkeys(clean_text(text)) if not has_glyph(ch, name)]


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap to `width` pixels; words wider than a line are split by character.

    Line widths are summed from word widths (kerning across spaces ignored) so that trying
    many font sizes stays cheap.
    """
    space = face.getlength(" ")
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in _pieces(text.split(), face, width):
        w = face.getlength(word)
        if line and used + space + w > width:
            lines.append(" ".join(line))
            line, used = [], 0.0
        used = used + space + w if line else w
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines or [""]


def _pieces(words: list[str], face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Split any word wider than `width` into pieces that fit."""
    out: list[str] = []
    for word in words:
        while len(word) > 1 and face.getlength(word) > width:
            cut = 1
            while cut < len(word) and face.getlength(word[: cut + 1]) <= width:
                cut += 1
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    return out


def layout(
    text: str, width: int, height: int, font_name: str = FONT_FILE, max_px: int = FONT_PX.most
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size (within bounds) whose wrapped text fits the box, and its lines.

    Sizes are searched with word widths measured once at `max_px` and scaled (advance
    widths are close to linear in size); the chosen size is then wrapped for real and
    stepped down if real widths or line count do not fit.
    """
    ref = font(max_px, font_name)
    words = text.split()
    ref_widths = [ref.getlength(w) for w in words]
    ref_space = ref.getlength(" ")

    def fits(px: int) -> bool:
        scale = px / max_px
        lines, used = 1, 0.0
        for w in ref_widths:
            w *= scale
            if used and used + ref_space * scale + w > width:
                lines, used = lines + 1 + int(w // width), w % width if w > width else w
            else:
                used = used + ref_space * scale + w if used else w
        return lines * px * LINE_SPACING <= height

    px = FONT_PX.least
    lo, hi = FONT_PX.least, max_px
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(mid):
            px, lo = mid, mid + 1
        else:
            hi = mid - 1
    while True:
        face = font(px, font_name)
        lines = wrap(text, face, width)
        if px == FONT_PX.least or len(lines) * px * LINE_SPACING <= height:
            return face, lines
        px -= 1


Box = tuple[int, int, int, int]
"""A text box: (left, top, right, bottom) in pixels."""
Colour = int | tuple[int, ...]


def fit_text_block(
    box: Box, text: str, font_name: str = FONT_FILE, max_px: int = FONT_PX.most, stroke_width: int = 0
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The font and wrapped lines `text` takes in `box` at the largest size that fits (nothing is drawn);
    `stroke_width` is the width of an outline the text will be drawn with.

    Raises:
        MissingGlyphs: for characters the font cannot draw (never drawn as empty boxes).
        TextDoesNotFit: when even ``FONT_PX.least`` would overflow the box (never cropped silently).
    """
    missing = missing_glyphs(text, font_name)
    if missing:
        raise MissingGlyphs(f"the font {font_name} has no glyph for {' '.join(map(repr, missing))}")
    left, top, right, bottom = box
    pad = stroke_width * 2
    face, lines = layout(clean_text(text), right - left - pad, bottom - top - pad, font_name, max_px)
    step = face.size * LINE_SPACING
    if len(lines) * step > bottom - top - pad + step - face.size:  # the last line needs no spacing below it
        raise TextDoesNotFit(
            f"{len(text)} characters do not fit a {right - left}x{bottom - top} px text box at the smallest "
            f"legible font ({FONT_PX.least} px)"
        )
    return face, lines


def draw_text_block(
    draw: ImageDraw.ImageDraw,
    box: Box,
    text: str,
    fill: Colour,
    font_name: str = FONT_FILE,
    max_px: int = FONT_PX.most,
    align: str = "center",
    stroke: tuple[int, Colour] | None = None,
) -> None:
    """Word-wrap `text` into `box` (left, top, right, bottom) at the largest size that fits,
    centred vertically; `stroke` is (width, colour) for outlined text.

    Raises:
        TextNotDrawable: as `fit_text_block`, before anything is drawn.
    """
    face, lines = fit_text_block(box, text, font_name, max_px, stroke[0] if stroke else 0)
    left, top, right, bottom = box
    step = face.size * LINE_SPACING
    y = top + (bottom - top - step * len(lines)) / 2
    for n, line in enumerate(lines):
        x = left + (right - left - face.getlength(line)) / 2 if align == "center" else left
        kwargs = {"stroke_width": stroke[0], "stroke_fill": stroke[1]} if stroke else {}
        draw.text((x, y + n * step), line, font=face, fill=fill, **kwargs)  # type: ignore[arg-type]


def _as_written(text: str) -> str:
    return text


@dataclass(frozen=True)
class TextBox:
    """Where and how an image writes its instruction, as a function of the image side.

    The one definition both drawing (`draw`) and checking (`fit`) read, so that a text passes
    the check exactly when it can be drawn.
    """

    bounds: Callable[[int], Box]
    """The text box for an image side, in the coordinates of the surface the text is drawn on."""
    font_name: str = FONT_FILE
    max_px: int = FONT_PX.most
    align: str = "center"
    stroke: Callable[[int], tuple[int, Colour]] | None = None
    """(width, colour) of the text's outline for an image side, if it has one."""
    transform: Callable[[str], str] = _as_written
    """How the instruction is written (a meme caption upper-cases it)."""

    def fit(self, text: str, size: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
        """`fit_text_block` for this box in an image of side `size` (raises as it does)."""
        stroke_width = self.stroke(size)[0] if self.stroke else 0
        return fit_text_block(self.bounds(size), self.transform(text), self.font_name, self.max_px, stroke_width)

    def draw(self, draw: ImageDraw.ImageDraw, text: str, size: int, fill: Colour) -> None:
        """`draw_text_block` for this box in an image of side `size` (raises as `fit` does)."""
        stroke = self.stroke(size) if self.stroke else None
        draw_text_block(
            draw, self.bounds(size), self.transform(text), fill, self.font_name, self.max_px, self.align, stroke
        )


def page_box(size: int) -> Box:
    """The text box of the paper's image: the page less a `MARGIN_FRACTION` border."""
    margin = int(size * MARGIN_FRACTION)
    return (margin, margin, size - margin, size - margin)


PAGE_TEXT: Final = TextBox(page_box)
"""The text of the paper's image (`render_text_image`)."""


def render_text_image(text: str, size: int = DEFAULT_SIZE) -> Image.Image:
    """Black text centred on white, word-wrapped at the largest legible size that fits."""
    # Greyscale: a third of the pixels to perturb and encode; colour is added only by `color`.
    ink, background = INK_AND_BACKGROUND
    image = Image.new("L", (size, size), background)
    PAGE_TEXT.draw(ImageDraw.Draw(image), text, size, ink)
    return image
