"""load_checkpoint on checkpoints in the official TS-CAM format (synthetic, deit_tiny shapes)."""

import pytest
import torch

from tscam.model import TSCAM, TSCAMConfig, load_checkpoint

DEIT_TINY_CUB = TSCAMConfig.for_arch("deit_tiny", num_classes=200)


@pytest.fixture(scope="module")
def source() -> TSCAM:
    torch.manual_seed(1)
    return TSCAM(DEIT_TINY_CUB)


def official_format(state: dict) -> dict:
    """What the official training script saves: DataParallel keys inside a wrapper dict."""
    return {
        "epoch": 29,
        "state_dict": {f"module.{k}": v for k, v in state.items()},
        "best_map": 86.4,
    }


def save(tmp_path, blob) -> str:
    path = tmp_path / "model_best.pth"
    torch.save(blob, path)
    return str(path)


def fresh_model() -> TSCAM:
    torch.manual_seed(2)
    return TSCAM(DEIT_TINY_CUB)


def assert_same_parameters(a: TSCAM, b: TSCAM) -> None:
    sa, sb = a.state_dict(), b.state_dict()
    assert sa.keys() == sb.keys()
    for key in sa:
        assert torch.equal(sa[key], sb[key]), key


def test_loads_every_parameter_of_an_official_checkpoint(tmp_path, source):
    model = fresh_model()
    assert not torch.equal(model.head.weight, source.head.weight)
    load_checkpoint(model, save(tmp_path, official_format(source.state_dict())))
    assert_same_parameters(model, source)


def test_loads_a_plain_state_dict(tmp_path, source):
    model = fresh_model()
    load_checkpoint(model, save(tmp_path, source.state_dict()))
    assert_same_parameters(model, source)


def test_tolerates_parameters_the_serving_graph_never_uses(tmp_path, source):
    state = {**source.state_dict(), "head_dist.weight": torch.zeros(200, 192)}
    model = fresh_model()
    load_checkpoint(model, save(tmp_path, official_format(state)))
    assert_same_parameters(model, source)


def test_a_missing_parameter_is_named(tmp_path, source):
    state = dict(source.state_dict())
    del state["blocks.11.mlp.fc2.bias"]
    with pytest.raises(ValueError, match=r"lacks parameters: blocks\.11\.mlp\.fc2\.bias$"):
        load_checkpoint(fresh_model(), save(tmp_path, official_format(state)))


def test_a_foreign_parameter_is_named(tmp_path, source):
    state = {**source.state_dict(), "fc.weight": torch.zeros(200, 192)}
    with pytest.raises(ValueError, match=r"does not use: fc\.weight$"):
        load_checkpoint(fresh_model(), save(tmp_path, official_format(state)))


def test_a_class_count_mismatch_names_the_shapes(tmp_path, source):
    torch.manual_seed(3)
    ten_classes = TSCAM(TSCAMConfig.for_arch("deit_tiny", num_classes=10))
    with pytest.raises(
        ValueError, match=r"head\.weight \(200, 192, 3, 3\) \(architecture: \(10, 192, 3, 3\)\)"
    ):
        load_checkpoint(ten_classes, save(tmp_path, official_format(source.state_dict())))
