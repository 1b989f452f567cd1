"""Solvers that turn a sample's metadata into what the model sees."""

from __future__ import annotations

import asyncio
import base64
from functools import lru_cache
from typing import Any

from inspect_ai.model import ChatMessageUser, ContentImage, ContentText
from inspect_ai.solver import Generate, Solver, TaskState, solver
from PIL import Image

from inspect_dualbench.data.samples import IMAGE_VARIANT, PROMPT_VARIANT, prompt_variants
from inspect_dualbench.images.perturb import IMAGE_FORMATS, MIME_TYPES, encode, perturb
from inspect_dualbench.images.render import DEFAULT_SIZE
from inspect_dualbench.images.styles import render
from inspect_dualbench.vocabulary import DEFAULT_IMAGE_FORMAT, DEFAULT_STYLE


def image_perturbation(metadata: dict[str, Any]) -> str | None:
    """The image perturbation a sample's metadata asks for, if any."""
    return str(metadata["variant"]) if metadata["variant_kind"] == IMAGE_VARIANT else None


def render_sample_image(
    image_text: str,
    perturbation: str | None,
    seed: int,
    size: int = DEFAULT_SIZE,
    image_format: str = DEFAULT_IMAGE_FORMAT,
    style: str = DEFAULT_STYLE,
) -> bytes:
    """Encoded image bytes for one sample: the text in its style, then the perturbation if any."""
    image = _base_image(image_text, style, size, seed)
    if perturbation is not None:
        image = perturb(image, perturbation, seed)
    return encode(image, image_format)


@lru_cache(maxsize=256)
def _base_image(image_text: str, style: str, size: int, seed: int) -> Image.Image:
    # Samples run in dataset order, so the six variants of a text follow each other: render once.
    return render(image_text, style, size, seed)


def data_uri(data: bytes, image_format: str) -> str:
    return f"data:{MIME_TYPES[image_format]};base64,{base64.b64encode(data).decode('ascii')}"


@solver
def attach_image(image_format: str = DEFAULT_IMAGE_FORMAT, size: int = DEFAULT_SIZE) -> Solver:
    """Render the sample's instruction (and its perturbation) and put the image before the prompt.

    Rendering here rather than in the dataset keeps loading the full split cheap; the image
    becomes part of the logged messages, so `inspect view` shows what the model saw.
    """
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"unknown image_format {image_format!r}; valid: {', '.join(IMAGE_FORMATS)}")

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        md = state.metadata
        # in a worker thread: Pillow releases the GIL while filtering and encoding, and the
        # event loop stays free for model calls
        data = await asyncio.to_thread(
            render_sample_image,
            md["image_text"],
            image_perturbation(md),
            int(md["seed"]),
            size,
            image_format,
            md["style"],
        )
        prompt = state.user_prompt.text
        state.messages[state.messages.index(state.user_prompt)] = ChatMessageUser(
            content=[ContentImage(image=data_uri(data, image_format)), ContentText(text=prompt)]
        )
        return state

    return solve


@solver
def paraphrase_prompt() -> Solver:
    """Swap the prompt for its paraphrase when the sample's variant is a prompt variant."""
    paraphrases = prompt_variants()

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if state.metadata["variant_kind"] == PROMPT_VARIANT:
            state.user_prompt.text = paraphrases[state.metadata["variant"]]
        return state

    return solve
