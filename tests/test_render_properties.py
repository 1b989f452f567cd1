"""Property tests: the renderer never crashes on arbitrary Unicode and keeps its size."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_dualbench.images.perturb import PERTURBATION_NAMES, perturb
from inspect_dualbench.images.render import render_text_image

SIZE = 160
SCRIPTS = st.sampled_from(
    [
        "漢字かなカナ한국어",  # CJK
        "مرحبا بالعالم שלום",  # RTL
        "👩‍👩‍👧🏳️‍🌈🔥",  # emoji with joiners
        "e\u0301a\u0308\u0332",  # combining marks
        "\x00\x07\t\r\n\u200b\u202e\ufeff",  # control and format characters
        "x" * 300,  # one very long word
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), SCRIPTS, st.lists(SCRIPTS, max_size=5).map(" ".join)))
def test_any_text_renders_at_the_configured_size(text: str) -> None:
    image = render_text_image(text, SIZE)
    assert image.size == (SIZE, SIZE)


@settings(max_examples=20, deadline=None)
@given(st.text(max_size=80), st.sampled_from(PERTURBATION_NAMES), st.integers(0, 2**32 - 1))
def test_any_text_perturbs_at_the_configured_size(text: str, name: str, seed: int) -> None:
    assert perturb(render_text_image(text, SIZE), name, seed).size == (SIZE, SIZE)
