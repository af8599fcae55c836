"""tools/tscam/reference.py against the official formulas."""

import numpy as np
import pytest
import torch

from tscam import reference
from tscam.model import TSCAM, TSCAMConfig, official_cam


@pytest.fixture(scope="module")
def outputs():
    torch.manual_seed(4)
    model = TSCAM(TSCAMConfig(num_classes=6, embed_dim=48, depth=4, num_heads=3)).eval()
    with torch.no_grad():
        for block in model.blocks:  # peaky attention, so the class-token map is far from flat
            block.attn.qkv.weight.normal_(0.0, 0.15)
        x = torch.from_numpy(
            np.random.default_rng(0).normal(0, 1, (2, 3, 224, 224)).astype(np.float32)
        )
        logits, feature_maps, attentions = model(x)
        return feature_maps, attentions, official_cam(feature_maps, attentions)


@pytest.mark.parametrize("form", ["heads", "mean"])
def test_coupled_map_equals_the_official_cam(outputs, form):
    feature_maps, attentions, expected = outputs
    for i in range(feature_maps.shape[0]):
        a = attentions[i].numpy() if form == "heads" else attentions[i].mean(dim=1).numpy()
        attention_map = reference.class_token_attention(a, (14, 14))
        assert attention_map.std() > 0.1 * attention_map.mean()
        for c in range(feature_maps.shape[1]):
            cam = reference.coupled_map(feature_maps[i, c].numpy(), attention_map)
            np.testing.assert_allclose(cam, expected[i, c].numpy(), rtol=1e-5, atol=1e-7)


def test_class_token_attention_is_the_head_mean_summed_over_layers_row_zero():
    # L=2, heads=2, T=5 (a 2x2 grid): entry [l, h, q, k] = 1000*l + 100*h + 10*q + k
    l, h, q, k = np.meshgrid(*(np.arange(n) for n in (2, 2, 5, 5)), indexing="ij")
    attentions = (1000 * l + 100 * h + 10 * q + k).astype(np.float32)
    # row q=0, columns k=1..4: sum over l of mean over h = (0+50+k) + (1000+50+k) = 1100 + 2k
    expected = np.array([[1102, 1104], [1106, 1108]], np.float32)
    np.testing.assert_array_equal(reference.class_token_attention(attentions, (2, 2)), expected)
    np.testing.assert_array_equal(
        reference.class_token_attention(attentions.mean(axis=1), (2, 2)), expected
    )


def test_a_constant_map_has_no_contour_and_gives_the_official_fallback_box():
    with np.errstate(invalid="ignore"):
        assert reference.box(np.full((14, 14), 0.3, np.float32), 0.1) == [0, 0, 1, 1]


def official_unclamped_iou(a, b) -> float:
    """The official TS-CAM IoU as written: the overlap is not clamped at zero."""
    inter = (min(a[2], b[2]) - max(a[0], b[0]) + 1) * (min(a[3], b[3]) - max(a[1], b[1]) + 1)
    area_a, area_b = ((a[2] - a[0] + 1) * (a[3] - a[1] + 1)), (
        (b[2] - b[0] + 1) * (b[3] - b[1] + 1)
    )
    return inter / (area_a + area_b - inter)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ([0, 0, 10, 10], [0, 0, 10, 10], 1.0),
        ([0, 0, 9, 9], [0, 0, 19, 19], 100 / 400),  # contained
        ([0, 0, 10, 10], [10, 0, 20, 10], 11 / 231),  # touching: inclusive pixels share column 10
        ([0, 0, 10, 10], [11, 0, 21, 10], 0.0),  # adjacent: no shared pixel
        ([0, 0, 10, 10], [20, 0, 30, 10], 0.0),  # apart on x only
        ([0, 0, 10, 10], [20, 20, 30, 30], 0.0),  # apart on both axes
    ],
)
def test_iou_uses_inclusive_pixels_and_clamps_the_overlap(a, b, expected):
    assert reference.iou(a, b) == pytest.approx(expected)
    assert reference.iou(b, a) == pytest.approx(expected)


def test_the_official_iou_would_score_boxes_apart_on_both_axes_as_half_overlapping():
    # Why reference.iou clamps: two negative extents multiply into a positive "intersection".
    assert official_unclamped_iou([0, 0, 10, 10], [20, 20, 30, 30]) == pytest.approx(
        81 / 161
    )  # 0.50
    assert official_unclamped_iou([0, 0, 10, 10], [20, 0, 30, 10]) < 0
