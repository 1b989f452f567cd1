"""``dualbench-ocr/<policy>``: an offline vision "model" that reads the image with OCR and
answers by the keyword policy. A real baseline (an OCR pipeline's floor) that needs no key."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ChatMessageUser,
    ContentImage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from inspect_dualbench.models.ocr import ocr_bytes
from inspect_dualbench.models.policy import respond


def _image_bytes(messages: list[ChatMessage]) -> bytes | None:
    """The last image of the last user message, decoded from its data URI."""
    for message in reversed(messages):
        if isinstance(message, ChatMessageUser) and not isinstance(message.content, str):
            for content in reversed(message.content):
                if isinstance(content, ContentImage) and content.image.startswith("data:"):
                    return base64.b64decode(content.image.split(",", 1)[1])
            return None
    return None


class OCRPolicyAPI(ModelAPI):
    """Model API: OCR the image, then `respond` with the policy named by the model name."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        respond("", model_name)  # an unknown policy fails when the model is created, before any sample

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        data = _image_bytes(input)
        text = await asyncio.to_thread(ocr_bytes, data) if data is not None else ""
        answer = respond(text, self.model_name)
        output = ModelOutput.from_content(model=self.model_name, content=answer)
        output.usage = ModelUsage(
            input_tokens=len(text.split()),
            output_tokens=len(answer.split()),
            total_tokens=len(text.split()) + len(answer.split()),
        )
        return output

    def max_connections(self) -> int:
        return 2
