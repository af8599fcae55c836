"""The TS-CAM Conformer definition and its export: official checkpoint format loaded strictly,
the serving forward against the transcription of the official eval forward
(tools/golden_conformer.py), and the package the exporter writes. The Java suite's
ConformerParityTest checks ONNX Runtime and the boxes against the same transcription."""

import json

import numpy as np
import onnx
import pytest
import torch

import export
import golden_conformer
from golden_conformer import get_topk_boxes, official_eval_forward
from tscam import reference
from tscam.conformer import ConformerConfig, TSCAMConformer
from tscam.model import load_checkpoint, official_cam, save_official_checkpoint

# The official architecture at reduced width; depth 6 keeps two blocks per stage.
SMALL = ConformerConfig(num_classes=7, channel_ratio=1, embed_dim=24, depth=6, num_heads=2)


def small_model(seed: int) -> TSCAMConformer:
    torch.manual_seed(seed)
    model = TSCAMConformer(SMALL)
    with torch.no_grad():
        for module in model.modules():  # BatchNorm statistics that are not the identity
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(1.0, 4.0)
    return model.eval()


@pytest.fixture(scope="module")
def source() -> TSCAMConformer:
    return small_model(1)


def test_conformer_small_has_the_published_size():
    model = TSCAMConformer(ConformerConfig.for_arch("conformer_small", num_classes=1000))
    # Conformer-S has 37.7M parameters with ImageNet's linear transformer head (Peng et al., ICCV
    # 2021, Table 1); TS-CAM replaces that Linear(384, 1000) with a 3x3 conv.
    conv_head = sum(p.numel() for p in model.trans_cls_head.parameters())
    linear_head = 384 * 1000 + 1000
    total = sum(p.numel() for p in model.parameters()) - conv_head + linear_head
    assert total / 1e6 == pytest.approx(37.7, abs=0.05)
    names = model.state_dict().keys()
    assert {"conv_trans_12.fusion_block.residual_conv.weight", "trans_cls_head.weight"} <= names
    assert "conv_trans_13.cnn_block.conv1.weight" not in names


def test_the_serving_forward_is_the_official_eval_forward(source):
    x = torch.from_numpy(np.random.default_rng(3).normal(0, 1, (2, 3, 224, 224)).astype("f4"))
    with torch.no_grad():
        logits, feature_maps, attentions = source(x)
        official_logits, official_cams = official_eval_forward(source, x)
    assert attentions.shape == (2, SMALL.depth, SMALL.num_heads, 197, 197)
    torch.testing.assert_close(logits, official_logits, rtol=0, atol=1e-5)
    torch.testing.assert_close(official_cam(feature_maps, attentions), official_cams)


def test_the_official_boxes_are_the_reference_boxes(source):
    x = torch.from_numpy(np.random.default_rng(4).normal(0, 1, (1, 3, 224, 224)).astype("f4"))
    with torch.no_grad():
        _, cams = official_eval_forward(source, x)
    classes = list(range(SMALL.num_classes))
    boxes = get_topk_boxes(classes, cams[0], 224, topk=(len(classes),), threshold=0.5)[0]
    assert [box[1:] for box in boxes] == [reference.box(cams[0, c].numpy(), 0.5) for c in classes]


def save(tmp_path, model) -> str:
    path = tmp_path / "model_best.pth"
    save_official_checkpoint(model, path)
    return str(path)


def test_loads_every_parameter_of_an_official_checkpoint(tmp_path, source):
    model = small_model(2)
    load_checkpoint(model, save(tmp_path, source))
    for key, value in source.state_dict().items():
        assert torch.equal(model.state_dict()[key], value), key


def test_a_missing_parameter_is_named(tmp_path, source):
    path = save(tmp_path, source)
    blob = torch.load(path)
    del blob["state_dict"]["module.conv_trans_4.squeeze_block.ln.bias"]
    torch.save(blob, path)
    with pytest.raises(
        ValueError, match=r"lacks parameters: conv_trans_4\.squeeze_block\.ln\.bias$"
    ):
        load_checkpoint(small_model(2), path)


@pytest.mark.parametrize("extra", ["head_dist.weight", "conv_trans_7.cnn_block.conv1.weight"])
def test_an_unexpected_parameter_is_named(tmp_path, source, extra):
    # DeiT's distillation head is tolerated in DeiT checkpoints, not in a Conformer's.
    path = save(tmp_path, source)
    blob = torch.load(path)
    blob["state_dict"][f"module.{extra}"] = torch.zeros(3)
    torch.save(blob, path)
    with pytest.raises(ValueError, match=rf"does not use: {extra.replace('.', '[.]')}$"):
        load_checkpoint(small_model(2), path)


def test_a_conformer_checkpoint_does_not_load_into_a_wider_conformer(tmp_path, source):
    wider = TSCAMConformer(ConformerConfig(num_classes=7, channel_ratio=2, embed_dim=24, depth=6))
    with pytest.raises(ValueError, match=r"conv_cls_head\.weight \(7, 256\) \(architecture: "):
        load_checkpoint(wider, save(tmp_path, source))


@pytest.mark.parametrize("form", ["heads", "mean"])
def test_cli_exports_an_official_conformer_checkpoint(tmp_path, source, form):
    out = tmp_path / "package"
    export.main(
        [
            "--checkpoint",
            save(tmp_path, source),
            "--config",
            json.dumps(SMALL.to_dict()),
            "--num-classes",
            "7",
            "--attention",
            form,
            "--out",
            str(out),
        ]
    )
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["architecture"] == SMALL.to_dict()
    assert manifest["inputSize"] == [224, 224] and manifest["trained"]
    assert manifest["outputs"] == {
        "logits": "logits",
        "featureMaps": "feature_maps",
        "attentions": "attentions",
    }
    graph = onnx.load(str(out / "model.onnx")).graph
    shapes = {
        o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
        for o in graph.output
    }
    heads = [SMALL.num_heads] if form == "heads" else []
    assert shapes == {
        "logits": ["N", 7],
        "feature_maps": ["N", 7, 14, 14],
        "attentions": ["N", SMALL.depth, *heads, 197, 197],
    }


def test_the_conformer_arch_is_conformer_small():
    args = export.parse_args(
        ["--arch", "conformer_small", "--random", "--num-classes", "200", "--out", "x"]
    )
    cfg = export.build_config(args, 200)
    assert cfg == ConformerConfig(
        num_classes=200, channel_ratio=4, embed_dim=384, depth=12, num_heads=6
    )


def test_the_committed_goldens_are_the_official_evaluations_answer(tmp_path):
    """tools/golden_conformer.py, rerun, writes the committed images, package and boxes again."""
    manifest = golden_conformer.write_all(tmp_path)
    committed = golden_conformer.RESOURCES
    assert manifest == json.loads(
        (committed / golden_conformer.GOLDEN / "manifest.json").read_text()
    )
    for entry in manifest["images"]:
        assert (tmp_path / entry["image"]).read_bytes() == (committed / entry["image"]).read_bytes()
    package = golden_conformer.PACKAGE
    for name in ("model.json", "model.onnx"):
        assert (tmp_path / package / name).read_bytes() == (committed / package / name).read_bytes()
