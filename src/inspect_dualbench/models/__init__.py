"""Offline model APIs registered through the package's ``inspect_ai`` entry point."""

from inspect_ai.model import ModelAPI, modelapi


@modelapi(name="dualbench-ocr")
def dualbench_ocr() -> type[ModelAPI]:
    # imported lazily: the OCR stack is only loaded when this model is used
    from inspect_dualbench.models.api import OCRPolicyAPI

    return OCRPolicyAPI
