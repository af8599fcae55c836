"""TS-CAM on a DeiT backbone, with parameter names that load the official checkpoints.

Names follow timm's VisionTransformer (patch_embed.proj, cls_token, pos_embed,
blocks.N.{norm1,attn.qkv,attn.proj,norm2,mlp.fc1,mlp.fc2}, norm) plus the TS-CAM
conv head (`head`). The forward pass returns everything the service needs:
logits, the conv-head feature maps and the post-softmax attention of every block.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn

ARCHS = {
    "deit_tiny": dict(embed_dim=192, depth=12, num_heads=3),
    "deit_small": dict(embed_dim=384, depth=12, num_heads=6),
    "deit_base": dict(embed_dim=768, depth=12, num_heads=12),
}


@dataclass(frozen=True)
class TSCAMConfig:
    num_classes: int = 200
    img_size: int = 224
    patch_size: int = 16
    in_chans: int = 3
    embed_dim: int = 384
    depth: int = 12
    num_heads: int = 6
    mlp_ratio: float = 4.0
    qkv_bias: bool = True
    # "patch": DeiT's linear patch embedding (a conv with kernel = stride = patch).
    # "conv": a small convolutional stem reaching the same token grid (used by the demo model).
    stem: str = "patch"
    stem_channels: int = 32
    # Conv-stem depth; convs beyond log2(patch_size) keep stride 1. A trained stem with one extra
    # conv can so be "densified": halving patch_size doubles the token grid with the same weights.
    stem_convs: int = 0
    # 0: every token attends to every token (DeiT). k > 0: a patch token attends only to the class
    # token and to the patches in the k x k window around it, while the class token still attends
    # to all. Patch features then stay where their pixels are, which a from-scratch model with a
    # few blocks needs for its conv-head maps to localize (global mixing spreads class evidence
    # over the background). The exported attention keeps its [T, T] shape.
    attention_window: int = 0

    @property
    def grid(self) -> int:
        return self.img_size // self.patch_size

    @property
    def backbone(self) -> str:
        return f"{self.stem} stem"

    def to_dict(self) -> dict:
        # The densified-stem and windowed-attention options are left out while off, so packages
        # exported before they existed describe the same model in the same words.
        return {
            k: v
            for k, v in asdict(self).items()
            if v or k not in ("stem_convs", "attention_window")
        }

    @staticmethod
    def for_arch(arch: str, **overrides) -> "TSCAMConfig":
        if arch not in ARCHS:
            raise ValueError(f"unknown arch {arch!r}; expected one of {sorted(ARCHS)}")
        return TSCAMConfig(**{**ARCHS[arch], **overrides})


class PatchEmbed(nn.Module):
    def __init__(self, cfg: TSCAMConfig):
        super().__init__()
        self.proj = nn.Conv2d(cfg.in_chans, cfg.embed_dim, cfg.patch_size, cfg.patch_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class ConvStem(nn.Module):
    """Stride-2 3x3 convs down to the patch grid, then a 1x1 projection (early convolutions
    make small ViTs train far faster than a linear patch embedding)."""

    def __init__(self, cfg: TSCAMConfig):
        super().__init__()
        steps = cfg.patch_size.bit_length() - 1
        if 2**steps != cfg.patch_size:
            raise ValueError("conv stem needs a power-of-two patch size")
        if cfg.stem_convs and cfg.stem_convs < steps:
            raise ValueError(
                f"stem_convs {cfg.stem_convs} cannot reach patch size {cfg.patch_size}"
            )
        layers, cin, cout = [], cfg.in_chans, cfg.stem_channels
        for index in range(max(steps, cfg.stem_convs)):
            stride = 2 if index < steps else 1
            layers += [
                nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
            ]
            cin, cout = cout, min(cout * 2, cfg.embed_dim)
        self.convs = nn.Sequential(*layers)
        self.proj = nn.Conv2d(cin, cfg.embed_dim, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(self.convs(x)).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim: int, num_heads: int, qkv_bias: bool):
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        b, n, c = x.shape
        qkv = (
            self.qkv(x).reshape(b, n, 3, self.num_heads, c // self.num_heads).permute(2, 0, 3, 1, 4)
        )
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q @ k.transpose(-2, -1)) * self.scale
        attn = (scores if mask is None else scores + mask).softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x), attn


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, cfg: TSCAMConfig):
        super().__init__()
        self.norm1 = nn.LayerNorm(cfg.embed_dim, eps=1e-6)
        self.attn = Attention(cfg.embed_dim, cfg.num_heads, cfg.qkv_bias)
        self.norm2 = nn.LayerNorm(cfg.embed_dim, eps=1e-6)
        self.mlp = Mlp(cfg.embed_dim, int(cfg.embed_dim * cfg.mlp_ratio))

    def forward(
        self, x: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        y, attn = self.attn(self.norm1(x), mask)
        x = x + y
        return x + self.mlp(self.norm2(x)), attn


def window_mask(grid: int, window: int) -> torch.Tensor:
    """Additive attention mask [T, T]: 0 where a query may attend, a large negative elsewhere (not
    -inf, so no backend can turn an all-masked corner case into NaN)."""
    rows, cols = torch.meshgrid(torch.arange(grid), torch.arange(grid), indexing="ij")
    near = ((rows.flatten()[:, None] - rows.flatten()[None, :]).abs() <= window // 2) & (
        (cols.flatten()[:, None] - cols.flatten()[None, :]).abs() <= window // 2
    )
    allowed = torch.ones(grid * grid + 1, grid * grid + 1, dtype=torch.bool)
    allowed[1:, 1:] = near
    return torch.zeros(allowed.shape).masked_fill(~allowed, -1e9)


class TSCAM(nn.Module):
    """forward(x) -> (logits [N,C], feature_maps [N,C,h,w], attentions [N,L,heads,T,T])."""

    # Checkpoint keys the serving graph never uses: timm's pooling and DeiT's distillation head.
    UNUSED_CHECKPOINT_KEYS = ("avgpool", "head_dist", "dist_token")

    def __init__(self, cfg: TSCAMConfig):
        super().__init__()
        self.cfg = cfg
        self.patch_embed = PatchEmbed(cfg) if cfg.stem == "patch" else ConvStem(cfg)
        tokens = cfg.grid * cfg.grid
        self.cls_token = nn.Parameter(torch.zeros(1, 1, cfg.embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens + 1, cfg.embed_dim))
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.depth))
        self.norm = nn.LayerNorm(cfg.embed_dim, eps=1e-6)
        self.head = nn.Conv2d(cfg.embed_dim, cfg.num_classes, 3, 1, 1)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        mask = window_mask(cfg.grid, cfg.attention_window) if cfg.attention_window else None
        self.register_buffer("attention_mask", mask, persistent=False)
        self._init_weights()

    def _init_weights(self) -> None:
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        n = x.shape[0]
        x = self.patch_embed(x)
        x = torch.cat((self.cls_token.expand(n, -1, -1), x), dim=1) + self.pos_embed
        attentions = []
        for block in self.blocks:
            x, attn = block(x, self.attention_mask)
            attentions.append(attn)
        x = self.norm(x)
        g = self.cfg.grid
        patches = x[:, 1:].transpose(1, 2).reshape(n, self.cfg.embed_dim, g, g)
        feature_maps = self.head(patches)
        logits = self.avgpool(feature_maps).flatten(1)
        return logits, feature_maps, torch.stack(attentions, dim=1)


def official_cam(feature_maps: torch.Tensor, attentions: torch.Tensor) -> torch.Tensor:
    """The coupled map exactly as the official TS-CAM eval forward computes it (float32 torch):
    head mean, layer sum, class-token row over patches, times the feature maps."""
    n, c, h, w = feature_maps.shape
    a = attentions.mean(dim=2).sum(dim=1)[:, 0, 1:].reshape(n, 1, h, w)
    return a * feature_maps


# Methods whose checkpoints this loader reads: TS-CAM's own, and SCM's (Bai et al., ECCV 2022),
# which trains the same network plus a spatial calibration module (`layers.N.thred`,
# `layers.N.fuse._loss_rate`) that its inference never runs.
METHODS = ("tscam", "scm")
SCM_TRAINING_ONLY = "layers."


def read_checkpoint(path: str) -> dict:
    """The state dict of an official checkpoint ({'state_dict': ...} from DataParallel, as
    tools_cam/train_cam.py saves it) or of a plain state dict, without the 'module.' prefixes."""
    blob = torch.load(path, map_location="cpu", weights_only=False)
    state = blob.get("state_dict", blob) if isinstance(blob, dict) else blob
    return {k.removeprefix("module."): v for k, v in state.items()}


def save_official_checkpoint(model: nn.Module, path) -> None:
    """Save the model as the official tools_cam/train_cam.py does: {'epoch', 'state_dict' with
    DataParallel's 'module.' prefixes, 'best_map'} (random weights standing in for a download)."""
    state = {f"module.{k}": v for k, v in model.state_dict().items()}
    torch.save({"epoch": 0, "state_dict": state, "best_map": 0.0}, path)


def load_checkpoint(model: nn.Module, path: str, method: str = "tscam") -> list[str]:
    """Load an official TS-CAM or SCM checkpoint (see read_checkpoint) into a DeiT or Conformer
    model. Fails on missing keys and wrong shapes; ignores only keys the serving graph never uses.
    Returns the SCM training-only parameters it ignored (none for TS-CAM)."""
    return load_state(model, read_checkpoint(path), path, method)


def load_state(model: nn.Module, state: dict, path: str, method: str = "tscam") -> list[str]:
    """load_checkpoint on a state dict already read; path only names it in messages."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    ignored = sorted(k for k in state if method == "scm" and k.startswith(SCM_TRAINING_ONLY))
    state = {k: v for k, v in state.items() if k not in ignored}
    _check_shapes(model, state, path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing:
        raise ValueError(f"checkpoint {path} lacks parameters: {', '.join(missing)}")
    tolerated = getattr(model, "UNUSED_CHECKPOINT_KEYS", ())
    unused = [k for k in unexpected if not (tolerated and k.startswith(tolerated))]
    if unused:
        hint = (
            " (an SCM checkpoint? use --method scm)"
            if any(k.startswith(SCM_TRAINING_ONLY) for k in unused)
            else ""
        )
        raise ValueError(
            f"checkpoint {path} has parameters this architecture does not use: "
            f"{', '.join(unused)}{hint}"
        )
    return ignored


def input_size_of(state: dict, patch_size: int, path: str) -> int | None:
    """The input side a DeiT checkpoint was trained at, from its position embeddings (1 class
    token + a square grid of patches); None when it has none. Refuses position embeddings the
    service cannot serve: its attention contract is T = 1 + h*w tokens (so no distillation
    token) on a square grid."""
    pos_embed = state.get("pos_embed")
    if pos_embed is None:
        return None
    tokens = pos_embed.shape[1] - 1
    grid = math.isqrt(tokens)
    if grid * grid != tokens:
        raise ValueError(
            f"checkpoint {path}: pos_embed holds {pos_embed.shape[1]} tokens, not 1 class token "
            "plus a square patch grid; the service serves attention over T = 1 + h*w tokens "
            "(a distilled DeiT's extra token or a non-square input cannot be served)"
        )
    return grid * patch_size


def _check_shapes(model: nn.Module, state: dict, path: str) -> None:
    # torch reports a size mismatch as a wall of text; name the architecture knobs instead.
    expected = model.state_dict()
    wrong = [
        f"{k} {tuple(v.shape)} (architecture: {tuple(expected[k].shape)})"
        for k, v in state.items()
        if k in expected and tuple(v.shape) != tuple(expected[k].shape)
    ]
    if wrong:
        raise ValueError(
            f"checkpoint {path} does not fit this architecture "
            f"(check the arch/config and the number of classes): {'; '.join(wrong)}"
        )
