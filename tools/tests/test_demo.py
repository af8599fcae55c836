"""Checks of the demo dataset generator and training schedule:
/usr/bin/python3 -m pytest -q tools/tests/test_demo.py"""

import numpy as np
import pytest

from canvas import VISIBLE_ALPHA, CanvasComposer, load_fashion_mnist
from generate_dataset import canvas_rng
from train import curriculum


@pytest.fixture(scope="module")
def items():
    images, _ = load_fashion_mnist("t10k")
    return images[:200]


def test_same_seed_same_canvas_and_other_seed_differs(items):
    composer = CanvasComposer(items)
    a = composer.compose(canvas_rng(0, "test", 3), items[3])
    b = composer.compose(canvas_rng(0, "test", 3), items[3])
    c = composer.compose(canvas_rng(1, "test", 3), items[3])
    assert np.array_equal(a.rgb, b.rgb) and a.box == b.box
    assert not np.array_equal(a.rgb, c.rgb)


def test_box_is_the_tight_box_of_the_item_on_a_flat_background(items):
    """With no clutter and a flat black background (variation 0, always plain), every pixel that
    differs from the background belongs to the item, so the box must be their bounding box."""
    composer = CanvasComposer(items)
    for index in range(20):
        canvas = composer.compose(
            np.random.default_rng(index), items[index], clutter=0.0, variation=0.0
        )
        background = canvas.rgb[0, 0].astype(int)
        ink = np.abs(canvas.rgb.astype(int) - background).max(axis=2) > VISIBLE_ALPHA * 170 + 1
        ys, xs = np.nonzero(ink)
        x, y, w, h = canvas.box
        assert (xs.min(), ys.min(), xs.max(), ys.max()) == pytest.approx(
            (x, y, x + w - 1, y + h - 1), abs=1
        )


def test_item_side_stays_within_a_quarter_to_two_thirds_of_the_canvas(items):
    composer = CanvasComposer(items)
    for index in range(50):
        x, y, w, h = composer.compose(canvas_rng(0, "test", index), items[index]).box
        assert 0 <= x and 0 <= y and x + w <= 224 and y + h <= 224
        assert max(w, h) <= 0.65 * 224 + 1 and max(w, h) >= 0.25 * 224 * 0.5


def test_curriculum_goes_from_plain_to_the_test_distribution():
    schedule = curriculum(100, vary_frac=0.2, ramp_frac=0.3)
    assert schedule[0] == (0.0, 0.0)
    assert schedule[10] == pytest.approx((0.5, 0.0))
    assert schedule[35] == pytest.approx((1.0, 0.5))
    assert schedule[-1] == (1.0, 1.0)
