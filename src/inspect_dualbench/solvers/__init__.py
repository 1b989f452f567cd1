from inspect_dualbench.solvers.transforms import (
    attach_image,
    image_perturbation,
    paraphrase_prompt,
    render_sample_image,
)

__all__ = ["attach_image", "image_perturbation", "paraphrase_prompt", "render_sample_image"]
