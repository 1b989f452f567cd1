from inspect_dualbench.solvers.transforms import attach_image, paraphrase_prompt, render_sample_image

__all__ = ["attach_image", "paraphrase_prompt", "render_sample_image"]
