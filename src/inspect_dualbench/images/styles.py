"""Image styles: the paper's plain text image and renderings that look like the world.

Each style draws the instruction with Pillow and shipped fonts only; colours, tilt and
layout details are drawn from ``random.Random`` seeded by (style, seed), so an image is
reproducible from (text, style, size, seed). Each style writes the instruction in one `TextBox`
(`TEXT_BOXES`), which `render` draws in and `check_text` lays out in without drawing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Final

from PIL import Image, ImageDraw, ImageFilter

from inspect_dualbench.images.render import DEFAULT_SIZE, PAGE_TEXT, Box, TextBox, font, render_text_image
from inspect_dualbench.vocabulary import DEFAULT_STYLE

HAND_FONT: Final = "ComicNeue-Bold.otf"
BOLD_FONT: Final = "DejaVuSans-Bold.ttf"

Style = Callable[[str, int, random.Random], Image.Image]


def _note_side(size: int) -> int:
    """Side of the sticky note in an image of side `size` (before it is turned)."""
    return int(size * 0.8)


def _note_text(size: int) -> Box:
    side = _note_side(size)
    return (int(side * 0.08), int(side * 0.12), int(side * 0.92), int(side * 0.94))


def _bubble(size: int) -> Box:
    unit = size / 512
    return (int(70 * unit), int(120 * unit), size - int(20 * unit), size - int(90 * unit))


def _bubble_text(size: int) -> Box:
    unit = size / 512
    left, top, right, bottom = _bubble(size)
    return (left + int(18 * unit), top + int(14 * unit), right - int(18 * unit), bottom - int(14 * unit))


def _plate(size: int) -> Box:
    return (int(size * 0.05), int(size * 0.08), int(size * 0.95), int(size * 0.62))


def _plate_text(size: int) -> Box:
    left, top, right, bottom = _plate(size)
    inset = size // 25
    return (left + inset, top + inset, right - inset, bottom - inset)


def _caption(size: int) -> Box:
    return (int(size * 0.1), int(size * 0.08), int(size * 0.9), int(size * 0.92))  # clear of corners a rotation cuts


def _caption_outline(size: int) -> tuple[int, tuple[int, int, int]]:
    return (max(2, size // 170), (0, 0, 0))


def _slide_text(size: int) -> Box:
    return (int(size * 0.13), int(size * 0.14), int(size * 0.94), int(size * 0.84))


STICKY_NOTE_TEXT: Final = TextBox(_note_text, HAND_FONT)
"""In the note's own coordinates: the note is turned after its text is drawn."""
CHAT_TEXT: Final = TextBox(_bubble_text)
SIGN_TEXT: Final = TextBox(_plate_text, BOLD_FONT)
MEME_TEXT: Final = TextBox(_caption, BOLD_FONT, max_px=40, stroke=_caption_outline, transform=str.upper)
SLIDE_TEXT: Final = TextBox(_slide_text, BOLD_FONT, align="left")


def plain(text: str, size: int, rng: random.Random) -> Image.Image:
    """Dark text on white (the paper's typographic image)."""
    return render_text_image(text, size)


def sticky_note(text: str, size: int, rng: random.Random) -> Image.Image:
    """A handwritten-looking sticky note, slightly turned, on a desk."""
    desk = rng.choice([(139, 104, 72), (96, 96, 104), (176, 150, 120)])
    image = Image.new("RGB", (size, size), desk)
    side = _note_side(size)
    paper = rng.choice([(255, 240, 130), (255, 200, 215), (200, 240, 190), (190, 225, 255)])
    note = Image.new("RGBA", (side, side), (*paper, 255))
    draw = ImageDraw.Draw(note)
    draw.rectangle((0, 0, side, int(side * 0.08)), fill=tuple(max(0, c - 25) for c in paper))
    ink = rng.choice([(20, 30, 110), (25, 25, 25), (10, 70, 40)])
    STICKY_NOTE_TEXT.draw(draw, text, size, ink)
    turned = note.rotate(rng.uniform(-4, 4), resample=Image.Resampling.BICUBIC, expand=True)
    shadow = Image.new("RGBA", turned.size, (0, 0, 0, 0))
    shadow.paste((0, 0, 0, 90), mask=turned.getchannel("A"))
    offset = ((size - turned.width) // 2, (size - turned.height) // 2)
    image.paste(shadow.filter(ImageFilter.GaussianBlur(6)), (offset[0] + 6, offset[1] + 8), shadow)
    image.paste(turned, offset, turned)
    return image


def chat(text: str, size: int, rng: random.Random) -> Image.Image:
    """A phone chat screenshot: status bar, contact header, the instruction as a sent bubble."""
    dark = rng.random() < 0.3
    bg, fg = ((18, 18, 18), (235, 235, 235)) if dark else ((255, 255, 255), (20, 20, 20))
    image = Image.new("RGB", (size, size), bg)
    draw = ImageDraw.Draw(image)
    unit = size / 512
    small = font(int(18 * unit))
    draw.text((int(20 * unit), int(10 * unit)), f"{rng.randint(7, 11)}:{rng.randint(10, 59)}", font=small, fill=fg)
    draw.rectangle((size - int(50 * unit), int(14 * unit), size - int(20 * unit), int(28 * unit)), outline=fg, width=2)
    header = int(90 * unit)
    draw.line((0, header, size, header), fill=(128, 128, 128), width=1)
    draw.ellipse(
        (int(20 * unit), int(44 * unit), int(60 * unit), int(84 * unit)),
        fill=rng.choice([(90, 150, 220), (220, 120, 90)]),
    )
    bubble = rng.choice([(0, 122, 255), (52, 199, 89)])
    draw.rounded_rectangle(_bubble(size), radius=int(24 * unit), fill=bubble)
    CHAT_TEXT.draw(draw, text, size, (255, 255, 255))
    field = (int(20 * unit), size - int(60 * unit), size - int(20 * unit), size - int(20 * unit))
    draw.rounded_rectangle(field, radius=int(20 * unit), outline=(150, 150, 150), width=2)
    return image


def sign(text: str, size: int, rng: random.Random) -> Image.Image:
    """A street or shop sign on a post against the sky."""
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    top_sky, low_sky = (110, 160, 220), (200, 225, 245)
    for y in range(size):
        t = y / size
        draw.line((0, y, size, y), fill=tuple(int(a + (b - a) * t) for a, b in zip(top_sky, low_sky, strict=True)))
    draw.rectangle((0, int(size * 0.86), size, size), fill=(90, 130, 70))
    draw.rectangle(
        (size // 2 - size // 40, int(size * 0.5), size // 2 + size // 40, int(size * 0.9)), fill=(110, 110, 115)
    )
    plate, ink, rim = rng.choice(
        [
            ((0, 110, 60), (255, 255, 255), (255, 255, 255)),
            ((250, 250, 245), (170, 20, 20), (170, 20, 20)),
            ((20, 60, 140), (255, 255, 255), (255, 255, 255)),
        ]
    )
    draw.rounded_rectangle(_plate(size), radius=size // 40, fill=plate, outline=rim, width=max(2, size // 90))
    SIGN_TEXT.draw(draw, text, size, ink)
    return image


def meme(text: str, size: int, rng: random.Random) -> Image.Image:
    """A drawn landscape picture with a meme caption in outlined white capitals."""
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    hue = rng.choice(
        [((250, 170, 90), (120, 80, 160)), ((120, 190, 240), (230, 240, 250)), ((250, 120, 120), (250, 210, 150))]
    )
    for y in range(size):
        t = y / size
        draw.line((0, y, size, y), fill=tuple(int(a + (b - a) * t) for a, b in zip(*hue, strict=True)))
    sun = rng.randint(size // 5, 4 * size // 5)
    draw.ellipse((sun - size // 10, size // 3, sun + size // 10, size // 3 + size // 5), fill=(255, 235, 160))
    for n, shade in enumerate([(70, 110, 70), (50, 85, 55), (35, 60, 40)]):
        base = int(size * (0.6 + 0.12 * n))
        peaks = [(x, base - rng.randint(0, size // 6)) for x in range(0, size + size // 4, size // 4)]
        draw.polygon([(0, size), *peaks, (size, size)], fill=shade)
    MEME_TEXT.draw(draw, text, size, (255, 255, 255))
    return image


def slide(text: str, size: int, rng: random.Random) -> Image.Image:
    """A presentation slide: accent bar, the instruction as the slide's text, a footer rule."""
    image = Image.new("RGB", (size, size), rng.choice([(255, 255, 255), (246, 244, 238)]))
    draw = ImageDraw.Draw(image)
    accent = rng.choice([(30, 80, 160), (160, 40, 60), (20, 120, 110)])
    draw.rectangle((0, 0, size, int(size * 0.07)), fill=accent)
    draw.rectangle((int(size * 0.06), int(size * 0.14), int(size * 0.08), int(size * 0.82)), fill=accent)
    SLIDE_TEXT.draw(draw, text, size, (30, 30, 30))
    draw.line((int(size * 0.06), int(size * 0.9), int(size * 0.94), int(size * 0.9)), fill=(170, 170, 170), width=2)
    return image


STYLES: Final[dict[str, Style]] = {
    DEFAULT_STYLE: plain,
    "sticky_note": sticky_note,
    "chat": chat,
    "sign": sign,
    "meme": meme,
    "slide": slide,
}
STYLE_NAMES: Final[tuple[str, ...]] = tuple(STYLES)
TEXT_BOXES: Final[dict[str, TextBox]] = {
    DEFAULT_STYLE: PAGE_TEXT,
    "sticky_note": STICKY_NOTE_TEXT,
    "chat": CHAT_TEXT,
    "sign": SIGN_TEXT,
    "meme": MEME_TEXT,
    "slide": SLIDE_TEXT,
}
"""The text box each style draws its instruction in (none depends on the seed)."""


def _known(style: str) -> str:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; valid: {', '.join(STYLE_NAMES)}")
    return style


def render(text: str, style: str = DEFAULT_STYLE, size: int = DEFAULT_SIZE, seed: int = 0) -> Image.Image:
    """The instruction rendered in a style; the same arguments always give the same pixels.

    Raises:
        TextNotDrawable: when the text cannot be drawn faithfully (see `fit_text_block`).
    """
    return STYLES[_known(style)](text, size, random.Random(f"style:{style}:{seed}"))


def check_text(text: str, style: str = DEFAULT_STYLE, size: int = DEFAULT_SIZE) -> None:
    """Check that `render` can draw `text` in `style` at `size` by laying the text out, without drawing it.

    Takes no seed: a style's seed changes colours and tilt, never its text box, so one check holds for all seeds.

    Raises:
        TextNotDrawable: the very error `render` would raise, with the same message.
    """
    TEXT_BOXES[_known(style)].fit(text, size)
