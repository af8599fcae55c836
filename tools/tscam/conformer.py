"""TS-CAM on a Conformer backbone, with parameter names that load the official checkpoints.

A transcription of vasgaowei/TS-CAM lib/models/conformer.py (itself after pengzhiliang/Conformer):
the same modules under the same names (conv1/bn1 stem, conv_1, trans_patch_conv, trans_1,
conv_trans_2 .. conv_trans_<depth>, each a ConvTransBlock of cnn_block, fusion_block,
squeeze_block (FCUDown), expand_block (FCUUp) and trans_block; trans_norm, trans_cls_head,
conv_cls_head), the same epsilons (1e-6 in the blocks, BatchNorm's and LayerNorm's defaults in the
stem and trans_norm) and the same arithmetic. Dropout and DropPath, which are identities in eval
mode, are left out.

What differs is only what forward returns. The official eval forward returns (logits, cams) with the
cams already coupled; the serving graph returns what the service couples itself, as for DeiT:
logits (the pooled trans_cls_head maps plus conv_cls_head of the pooled CNN branch, inside the
graph), the trans_cls_head maps and the post-softmax attention of every transformer block,
[N, depth, heads, T, T] with token 0 the class token. The official eval forward itself is
transcribed in tools/golden_conformer.py, which checks the two against each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .model import Block

# The transformer blocks are model.Block: the official Conformer Block is the DeiT one (pre-norm
# attention and MLP, LayerNorm eps 1e-6, the same parameter names).
ARCHS = {
    # conformer_tscam_small_patch16 (lib/models/conformer.py), used by
    # configs/CUB/conformer_tscam_small_patch16_224.yaml and configs/ILSVRC/...
    "conformer_small": dict(channel_ratio=4, embed_dim=384, depth=12, num_heads=6),
}
EXPANSION = 4  # ConvBlock's bottleneck expansion (hard-coded in the official code)
STEM_CHANNELS = 64  # the stem's conv1 width (hard-coded in the official code)


@dataclass(frozen=True)
class ConformerConfig:
    """The official Conformer constructor's arguments that shape the weights (patch_size 16 and
    base_channel 64 are what every published checkpoint uses; the stage strides assume
    patch_size 16)."""

    num_classes: int = 200
    img_size: int = 224
    patch_size: int = 16
    in_chans: int = 3
    base_channel: int = 64
    channel_ratio: int = 4
    num_med_block: int = 0
    embed_dim: int = 384
    depth: int = 12
    num_heads: int = 6
    mlp_ratio: float = 4.0
    qkv_bias: bool = True

    def __post_init__(self):
        if self.depth % 3:
            raise ValueError(f"Conformer depth {self.depth} is not a multiple of 3")
        if self.patch_size != 16 or self.img_size % 32:
            raise ValueError(
                f"Conformer needs patch_size 16 and an input size divisible by 32, "
                f"got {self.patch_size} and {self.img_size}"
            )

    @property
    def grid(self) -> int:
        return self.img_size // self.patch_size

    @property
    def backbone(self) -> str:
        return f"Conformer, channel ratio {self.channel_ratio}"

    def to_dict(self) -> dict:
        return {"backbone": "conformer", **asdict(self)}

    @staticmethod
    def for_arch(arch: str, **overrides) -> "ConformerConfig":
        if arch not in ARCHS:
            raise ValueError(f"unknown arch {arch!r}; expected one of {sorted(ARCHS)}")
        return ConformerConfig(**{**ARCHS[arch], **overrides})


def _bn(channels: int) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(channels, eps=1e-6)


class ConvBlock(nn.Module):
    """The official ConvBlock: a ResNet bottleneck whose 3x3 conv can take the transformer's
    up-sampled tokens (x_t) added to its input."""

    def __init__(self, inplanes: int, outplanes: int, stride: int = 1, res_conv: bool = False):
        super().__init__()
        med = outplanes // EXPANSION
        self.conv1 = nn.Conv2d(inplanes, med, 1, 1, 0, bias=False)
        self.bn1 = _bn(med)
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(med, med, 3, stride, 1, bias=False)
        self.bn2 = _bn(med)
        self.act2 = nn.ReLU(inplace=True)
        self.conv3 = nn.Conv2d(med, outplanes, 1, 1, 0, bias=False)
        self.bn3 = _bn(outplanes)
        self.act3 = nn.ReLU(inplace=True)
        if res_conv:
            self.residual_conv = nn.Conv2d(inplanes, outplanes, 1, stride, 0, bias=False)
            self.residual_bn = _bn(outplanes)
        self.res_conv = res_conv

    def forward(self, x, x_t=None, return_x_2=True):
        residual = x
        x = self.act1(self.bn1(self.conv1(x)))
        x = self.conv2(x) if x_t is None else self.conv2(x + x_t)
        x2 = self.act2(self.bn2(x))
        x = self.bn3(self.conv3(x2))
        if self.res_conv:
            residual = self.residual_bn(self.residual_conv(residual))
        x = self.act3(x + residual)
        return (x, x2) if return_x_2 else x


class MedConvBlock(nn.Module):
    """The official Med_ConvBlock (num_med_block > 0 only; the published models use none)."""

    def __init__(self, inplanes: int):
        super().__init__()
        med = inplanes // EXPANSION
        self.conv1 = nn.Conv2d(inplanes, med, 1, 1, 0, bias=False)
        self.bn1 = _bn(med)
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(med, med, 3, 1, 1, bias=False)
        self.bn2 = _bn(med)
        self.act2 = nn.ReLU(inplace=True)
        self.conv3 = nn.Conv2d(med, inplanes, 1, 1, 0, bias=False)
        self.bn3 = _bn(inplanes)
        self.act3 = nn.ReLU(inplace=True)

    def forward(self, x):
        residual = x
        x = self.act1(self.bn1(self.conv1(x)))
        x = self.act2(self.bn2(self.conv2(x)))
        return self.act3(self.bn3(self.conv3(x)) + residual)


class FCUDown(nn.Module):
    """CNN feature maps -> transformer patch tokens (the class token is taken from x_t)."""

    def __init__(self, inplanes: int, outplanes: int, dw_stride: int):
        super().__init__()
        self.conv_project = nn.Conv2d(inplanes, outplanes, 1, 1, 0)
        self.sample_pooling = nn.AvgPool2d(kernel_size=dw_stride, stride=dw_stride)
        self.ln = nn.LayerNorm(outplanes, eps=1e-6)
        self.act = nn.GELU()

    def forward(self, x, x_t):
        x = self.sample_pooling(self.conv_project(x)).flatten(2).transpose(1, 2)
        x = self.act(self.ln(x))
        return torch.cat([x_t[:, 0][:, None, :], x], dim=1)


class FCUUp(nn.Module):
    """Transformer patch tokens -> CNN feature maps (nearest up-sampling, as F.interpolate's
    default)."""

    def __init__(self, inplanes: int, outplanes: int, up_stride: int):
        super().__init__()
        self.up_stride = up_stride
        self.conv_project = nn.Conv2d(inplanes, outplanes, 1, 1, 0)
        self.bn = _bn(outplanes)
        self.act = nn.ReLU()

    def forward(self, x, h: int, w: int):
        b, _, c = x.shape
        x_r = x[:, 1:].transpose(1, 2).reshape(b, c, h, w)
        x_r = self.act(self.bn(self.conv_project(x_r)))
        return F.interpolate(x_r, size=(h * self.up_stride, w * self.up_stride))


class ConvTransBlock(nn.Module):
    def __init__(
        self,
        cfg: ConformerConfig,
        inplanes: int,
        outplanes: int,
        res_conv: bool,
        stride: int,
        dw_stride: int,
        last_fusion: bool = False,
    ):
        super().__init__()
        self.cnn_block = ConvBlock(inplanes, outplanes, stride, res_conv)
        self.fusion_block = (
            ConvBlock(outplanes, outplanes, stride=2, res_conv=True)
            if last_fusion
            else ConvBlock(outplanes, outplanes)
        )
        if cfg.num_med_block > 0:
            self.med_block = nn.ModuleList(
                MedConvBlock(outplanes) for _ in range(cfg.num_med_block)
            )
        self.squeeze_block = FCUDown(outplanes // EXPANSION, cfg.embed_dim, dw_stride)
        self.expand_block = FCUUp(cfg.embed_dim, outplanes // EXPANSION, dw_stride)
        self.trans_block = Block(cfg)
        self.dw_stride = dw_stride
        self.num_med_block = cfg.num_med_block

    def forward(self, x, x_t):
        x, x2 = self.cnn_block(x)
        _, _, h, w = x2.shape
        x_st = self.squeeze_block(x2, x_t)
        x_t, attn = self.trans_block(x_st + x_t)
        if self.num_med_block > 0:
            for m in self.med_block:
                x = m(x)
        x_t_r = self.expand_block(x_t, h // self.dw_stride, w // self.dw_stride)
        x = self.fusion_block(x, x_t_r, return_x_2=False)
        return x, x_t, attn


class TSCAMConformer(nn.Module):
    """forward(x) -> (logits [N,C], feature_maps [N,C,h,w], attentions [N,L,heads,T,T])."""

    def __init__(self, cfg: ConformerConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.embed_dim
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.trans_norm = nn.LayerNorm(d)  # default eps 1e-5, as in the official code
        self.trans_cls_head = nn.Conv2d(d, cfg.num_classes, 3, 1, 1)
        self.pooling = nn.AdaptiveAvgPool2d(1)
        # The official code sizes this int(256 * channel_ratio): the last stage's width when
        # base_channel is 64, as in every published checkpoint.
        self.conv_cls_head = nn.Linear(int(256 * cfg.channel_ratio), cfg.num_classes)
        self.conv1 = nn.Conv2d(cfg.in_chans, STEM_CHANNELS, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(STEM_CHANNELS)
        self.act1 = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

        stage_1 = cfg.base_channel * cfg.channel_ratio
        dw = cfg.patch_size // 4
        self.conv_1 = ConvBlock(STEM_CHANNELS, stage_1, 1, res_conv=True)
        self.trans_patch_conv = nn.Conv2d(STEM_CHANNELS, d, dw, dw, 0)
        self.trans_1 = Block(cfg)
        per_stage = cfg.depth // 3
        widths = (stage_1, 2 * stage_1, 4 * stage_1)
        for index in range(2, cfg.depth + 1):
            stage = (index - 1) // per_stage  # 0, 1, 2: stage 1 holds trans_1 and 2..per_stage
            first = index == stage * per_stage + 1 and stage > 0
            inplanes = widths[stage - 1] if first else widths[stage]
            self.add_module(
                f"conv_trans_{index}",
                ConvTransBlock(
                    cfg,
                    inplanes,
                    widths[stage],
                    res_conv=first,
                    stride=2 if first else 1,
                    dw_stride=dw // 2**stage,
                    last_fusion=index == cfg.depth,
                ),
            )
        self.fin_stage = cfg.depth + 1
        self._init_weights()

    def _init_weights(self) -> None:
        # The official initialisation (trunc_normal_ Linear weights and cls_token, kaiming_normal_
        # convs), so random-weight packages look like an untrained official model.
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def backbone(self, x: torch.Tensor):
        """Both branches through every stage: (CNN maps, tokens, [attention per block])."""
        cls_tokens = self.cls_token.expand(x.shape[0], -1, -1)
        x_base = self.maxpool(self.act1(self.bn1(self.conv1(x))))
        x = self.conv_1(x_base, return_x_2=False)
        x_t = self.trans_patch_conv(x_base).flatten(2).transpose(1, 2)
        x_t, attn = self.trans_1(torch.cat([cls_tokens, x_t], dim=1))
        attentions = [attn]
        for index in range(2, self.fin_stage):
            x, x_t, attn = getattr(self, f"conv_trans_{index}")(x, x_t)
            attentions.append(attn)
        return x, x_t, attentions

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        n = x.shape[0]
        x, x_t, attentions = self.backbone(x)
        conv_cls = self.conv_cls_head(self.pooling(x).flatten(1))
        x_t = self.trans_norm(x_t)
        g = self.cfg.grid
        patches = x_t[:, 1:].transpose(1, 2).reshape(n, self.cfg.embed_dim, g, g)
        feature_maps = self.trans_cls_head(patches)
        logits = self.pooling(feature_maps).flatten(1) + conv_cls
        return logits, feature_maps, torch.stack(attentions, dim=1)
