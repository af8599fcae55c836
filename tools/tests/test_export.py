"""The exported ONNX graph computes what the PyTorch model computes (checked with a numpy
interpreter of the graph: Debian's onnx 1.12 has no onnx.reference and there is no ONNX Runtime
for Python here; the Java suite checks ONNX Runtime itself against the goldens)."""

import json
from pathlib import Path
import subprocess
import sys

import numpy as np
import onnx
import pytest
import torch

import export
from onnx_numpy import NumpyOnnxRunner
from tscam.model import TSCAM, TSCAMConfig
from tscam.package import PackageInfo, write_package

CONFIGS = {
    "patch-stem-224": TSCAMConfig(num_classes=7, embed_dim=48, depth=3, num_heads=3),
    # The demo model's kind of net: conv stem with BatchNorm, smaller input, finer patches.
    "conv-stem-112": TSCAMConfig(
        num_classes=5,
        img_size=112,
        patch_size=8,
        embed_dim=32,
        depth=2,
        num_heads=2,
        stem="conv",
        stem_channels=8,
    ),
    # The bundled demo model's form: a densified stem (a stride-1 third conv) and windowed
    # attention.
    "windowed-dense-32": TSCAMConfig(
        num_classes=4,
        img_size=32,
        patch_size=4,
        embed_dim=32,
        depth=2,
        num_heads=2,
        stem="conv",
        stem_channels=8,
        stem_convs=3,
        attention_window=3,
    ),
}
TOLERANCE = 1e-4


def random_model(cfg: TSCAMConfig) -> TSCAM:
    torch.manual_seed(0)
    model = TSCAM(cfg)
    with torch.no_grad():
        for module in model.modules():  # give BatchNorm statistics that are not the identity
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
    return model.eval()


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def packages(request, tmp_path_factory):
    """The same model exported in both attention forms: (model, {form: (manifest, onnx model)})."""
    model = random_model(CONFIGS[request.param])
    labels = tuple(f"label {i}" for i in range(model.cfg.num_classes))
    exported = {}
    for form in ("heads", "mean"):
        out = tmp_path_factory.mktemp(f"{request.param}-{form}")
        info = PackageInfo(
            name="t", version="3", labels=labels, trained=False, description="random"
        )
        manifest = write_package(model, info, out, form)
        exported[form] = (manifest, onnx.load(str(out / "model.onnx")))
    return model, exported


def batch(cfg: TSCAMConfig, n: int = 3) -> np.ndarray:
    return (
        np.random.default_rng(5).normal(0, 1, (n, 3, cfg.img_size, cfg.img_size)).astype(np.float32)
    )


def torch_outputs(model: TSCAM, x: np.ndarray) -> dict[str, np.ndarray]:
    with torch.no_grad():
        logits, feature_maps, attentions = model(torch.from_numpy(x))
    return {
        "logits": logits.numpy(),
        "feature_maps": feature_maps.numpy(),
        "attentions": attentions.numpy(),
    }


def test_heads_graph_reproduces_pytorch_for_any_batch_size(packages):
    model, exported = packages
    for n in (1, 3):
        x = batch(model.cfg, n)
        expected = torch_outputs(model, x)
        actual = NumpyOnnxRunner(exported["heads"][1]).run({"input": x})
        for name, value in expected.items():
            assert actual[name].shape == value.shape
            np.testing.assert_allclose(actual[name], value, rtol=0, atol=TOLERANCE, err_msg=name)


def test_mean_graph_outputs_the_mean_of_heads(packages):
    model, exported = packages
    x = batch(model.cfg)
    heads = NumpyOnnxRunner(exported["heads"][1]).run({"input": x})
    mean = NumpyOnnxRunner(exported["mean"][1]).run({"input": x})
    np.testing.assert_allclose(
        mean["attentions"], heads["attentions"].mean(axis=2), rtol=0, atol=1e-7
    )
    np.testing.assert_allclose(
        mean["attentions"], torch_outputs(model, x)["attentions"].mean(axis=2), atol=TOLERANCE
    )
    np.testing.assert_array_equal(mean["logits"], heads["logits"])


def declared(value_info) -> list:
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def test_graph_declares_the_package_contract(packages):
    model, exported = packages
    cfg = model.cfg
    tokens = 1 + cfg.grid**2
    for form, attention_shape in (
        ("heads", ["N", cfg.depth, cfg.num_heads, tokens, tokens]),
        ("mean", ["N", cfg.depth, tokens, tokens]),
    ):
        graph = exported[form][1]
        assert graph.opset_import[0].version == 17
        assert [(i.name, declared(i)) for i in graph.graph.input] == [
            ("input", ["N", 3, cfg.img_size, cfg.img_size])
        ]
        assert [(o.name, declared(o)) for o in graph.graph.output] == [
            ("logits", ["N", cfg.num_classes]),
            ("feature_maps", ["N", cfg.num_classes, cfg.grid, cfg.grid]),
            ("attentions", attention_shape),
        ]


def test_manifest_follows_the_package_contract(packages):
    model, exported = packages
    manifest = exported["heads"][0]
    assert manifest == {
        "name": "t",
        "version": "3",
        "description": "random",
        "trained": False,
        "inputSize": [model.cfg.img_size, model.cfg.img_size],
        "mean": [0.485, 0.456, 0.406],
        "std": [0.229, 0.224, 0.225],
        "labels": [f"label {i}" for i in range(model.cfg.num_classes)],
        "camThreshold": 0.1,
        "outputs": {"logits": "logits", "featureMaps": "feature_maps", "attentions": "attentions"},
        "architecture": model.cfg.to_dict(),
    }


def test_cli_exports_an_official_checkpoint(tmp_path):
    torch.manual_seed(7)
    source = TSCAM(TSCAMConfig.for_arch("deit_tiny", num_classes=3)).eval()
    checkpoint = tmp_path / "model_best.pth"
    state = {f"module.{k}": v for k, v in source.state_dict().items()}
    torch.save({"epoch": 29, "state_dict": state, "best_map": 70.0}, checkpoint)
    (tmp_path / "labels.txt").write_text(
        "Black footed Albatross\nLaysan Albatross\nSooty Albatross\n"
    )
    out = tmp_path / "cub"
    command = [
        sys.executable,
        str(export.__file__),
        "--arch",
        "deit_tiny",
        "--checkpoint",
        str(checkpoint),
        "--labels",
        str(tmp_path / "labels.txt"),
        "--attention",
        "mean",
        "--cam-threshold",
        "0.12",
        "--out",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)

    assert result.stdout.startswith(
        f"{out}: cub 1, trained, input 224x224, embed 192 depth 12 heads 3"
    )
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["labels"] == ["Black footed Albatross", "Laysan Albatross", "Sooty Albatross"]
    assert (manifest["trained"], manifest["camThreshold"]) == (True, 0.12)
    assert manifest["architecture"] == source.cfg.to_dict()
    x = batch(source.cfg, 1)
    actual = NumpyOnnxRunner(onnx.load(str(out / "model.onnx"))).run({"input": x})
    np.testing.assert_allclose(
        actual["logits"], torch_outputs(source, x)["logits"], rtol=0, atol=TOLERANCE
    )


def test_cli_config_overrides_the_arch_and_must_agree_on_the_classes(tmp_path):
    base = ["--random", "--out", str(tmp_path / "p"), "--arch", "deit_tiny"]
    with pytest.raises(ValueError, match="--config says 4 classes but there are 10 labels"):
        export.main([*base, "--num-classes", "10", "--config", '{"num_classes": 4, "depth": 1}'])
    with pytest.raises(ValueError, match="unknown TSCAMConfig fields in --config: depht"):
        export.main([*base, "--num-classes", "10", "--config", '{"depht": 1}'])
    config = tmp_path / "config.json"
    config.write_text('{"depth": 1, "img_size": 64}')
    export.main([*base, "--num-classes", "2", "--config", str(config)])
    architecture = json.loads((tmp_path / "p" / "model.json").read_text())["architecture"]
    assert (architecture["depth"], architecture["img_size"], architecture["embed_dim"]) == (
        1,
        64,
        192,
    )


def test_cli_says_the_checkpoint_does_not_fit_the_labels(tmp_path):
    torch.manual_seed(7)
    torch.save(
        TSCAM(TSCAMConfig(num_classes=3, embed_dim=16, depth=1, num_heads=2)).state_dict(),
        tmp_path / "c.pth",
    )
    config = '{"embed_dim": 16, "depth": 1, "num_heads": 2}'
    command = [
        sys.executable,
        str(export.__file__),
        "--config",
        config,
        "--checkpoint",
        str(tmp_path / "c.pth"),
        "--num-classes",
        "5",
        "--out",
        str(tmp_path / "p"),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert "export.py: error: checkpoint" in result.stderr
    assert "head.weight (3, 16, 3, 3) (architecture: (5, 16, 3, 3))" in result.stderr


def test_windowed_attention_reaches_only_the_class_token_and_the_window():
    cfg = CONFIGS["windowed-dense-32"]
    attentions = torch_outputs(random_model(cfg), batch(cfg, 1))["attentions"][
        0
    ]  # [L, heads, T, T]
    grid = cfg.grid
    assert attentions.shape[-1] == 1 + grid * grid
    assert (attentions[:, :, 0, 1:] > 0).all(), "the class token attends to every patch"
    patch = 1 + 3 * grid + 4  # row 3, column 4 of the 8 x 8 grid
    reached = attentions[:, :, patch, 1:].reshape(cfg.depth, cfg.num_heads, grid, grid) > 0
    expected = np.zeros((grid, grid), dtype=bool)
    expected[2:5, 3:6] = True
    assert (reached == expected).all()
    assert (attentions[:, :, patch, 0] > 0).all(), "every patch attends to the class token"


def scm_checkpoint(tmp_path, model: TSCAM) -> Path:
    """What SCM's train_cam.py saves: DataParallel keys plus the training-only calibration
    module."""
    state = {f"module.{k}": v for k, v in model.state_dict().items()}
    for i in range(4):
        state[f"module.layers.{i}.thred"] = torch.ones(1) * 0.5
        state[f"module.layers.{i}.fuse._loss_rate"] = torch.ones(1)
    path = tmp_path / "scm_best.pth"
    torch.save({"epoch": 30, "state_dict": state, "best_map": 96.6}, path)
    return path


def test_cli_exports_an_scm_checkpoint_ignoring_its_training_only_layers(tmp_path, capsys):
    torch.manual_seed(7)
    config = TSCAMConfig(num_classes=200, embed_dim=16, depth=1, num_heads=2)
    source = TSCAM(config).eval()
    out = tmp_path / "scm"
    export.main(
        [
            "--method",
            "scm",
            "--config",
            json.dumps({"embed_dim": 16, "depth": 1, "num_heads": 2}),
            "--checkpoint",
            str(scm_checkpoint(tmp_path, source)),
            "--labels",
            "cub200",
            "--out",
            str(out),
        ]
    )

    printed = capsys.readouterr().out
    assert printed.startswith(
        "ignored 8 SCM training-only parameters (layers.*): layers.0.fuse._loss_rate, "
    )
    manifest = json.loads((out / "model.json").read_text())
    assert manifest["coupling"] == "scm"
    assert manifest["labels"][0] == "Black footed Albatross" and len(manifest["labels"]) == 200
    assert manifest["description"].startswith("SCM custom with 200 classes")


def test_an_scm_checkpoint_read_as_tscam_points_at_the_method(tmp_path):
    torch.manual_seed(7)
    source = TSCAM(TSCAMConfig(num_classes=3, embed_dim=16, depth=1, num_heads=2))
    with pytest.raises(
        ValueError, match=r"layers\.0\.fuse\._loss_rate.*\(an SCM checkpoint\? use --method scm\)"
    ):
        export.main(
            [
                "--config",
                '{"embed_dim": 16, "depth": 1, "num_heads": 2}',
                "--num-classes",
                "3",
                "--checkpoint",
                str(scm_checkpoint(tmp_path, source)),
                "--out",
                str(tmp_path / "p"),
            ]
        )


def test_tscam_packages_leave_the_coupling_out(tmp_path):
    export.main(
        [
            "--random",
            "--config",
            '{"embed_dim": 16, "depth": 1, "num_heads": 2}',
            "--labels",
            "imagenet1k",
            "--out",
            str(tmp_path / "p"),
        ]
    )
    manifest = json.loads((tmp_path / "p" / "model.json").read_text())
    assert "coupling" not in manifest
    assert (len(manifest["labels"]), manifest["labels"][0], manifest["labels"][999]) == (
        1000,
        "tench",
        "toilet tissue",
    )


SMALL_DEIT = dict(num_classes=3, embed_dim=24, depth=1, num_heads=2)


def deit_checkpoint(tmp_path, img_size: int, extra_tokens: int = 0) -> str:
    """An official-format DeiT checkpoint trained at img_size, optionally with position embeddings
    for extra tokens (a distilled DeiT's dist_token)."""
    torch.manual_seed(0)
    state = TSCAM(TSCAMConfig(img_size=img_size, **SMALL_DEIT)).state_dict()
    if extra_tokens:
        pos = state["pos_embed"]
        state["pos_embed"] = torch.cat([pos[:, :1]] * extra_tokens + [pos], dim=1)
    path = tmp_path / f"deit-{img_size}-{extra_tokens}.pth"
    torch.save({"state_dict": {f"module.{k}": v for k, v in state.items()}}, path)
    return str(path)


def export_small_deit(checkpoint: str, out, config: dict | None = None) -> dict:
    export.main(
        [
            "--checkpoint",
            checkpoint,
            "--config",
            json.dumps({**SMALL_DEIT, **(config or {})}),
            "--num-classes",
            "3",
            "--out",
            str(out),
        ]
    )
    return json.loads((out / "model.json").read_text())


def test_cli_reads_the_input_size_from_the_position_embeddings(tmp_path):
    # As the README's DeiT-B-384: 24x24 patches; here 6x6 at 96 px.
    manifest = export_small_deit(deit_checkpoint(tmp_path, 96), tmp_path / "p")
    assert manifest["inputSize"] == [96, 96]
    assert manifest["architecture"]["img_size"] == 96


def test_cli_refuses_a_config_that_contradicts_the_position_embeddings(tmp_path):
    with pytest.raises(ValueError, match=r"img_size 224 but the checkpoint's position embeddings"):
        export_small_deit(deit_checkpoint(tmp_path, 96), tmp_path / "p", {"img_size": 224})


def test_cli_refuses_position_embeddings_the_service_cannot_serve(tmp_path):
    with pytest.raises(ValueError, match=r"pos_embed holds 38 tokens, not 1 class token plus"):
        export_small_deit(deit_checkpoint(tmp_path, 96, extra_tokens=1), tmp_path / "p")
