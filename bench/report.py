#!/usr/bin/python3
"""Renders docs/benchmarks.md from one bench/run.sh run.

    /usr/bin/python3 bench/report.py RESULTS_DIR TEMPLATE OUT.md

RESULTS_DIR holds what run.sh wrote (machine.json, busy-after.json, ceiling-*.json,
e2e-*.json, jmh.json, fidelity.json, settings.json); TEMPLATE is bench/benchmarks.template.md,
whose {{name}} placeholders are replaced by the tables rendered here. Every number in the output
comes from RESULTS_DIR.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

HEADLINE_MODEL = "deit-small"
CUB_INPUT = "jpeg-500x375"
PHONE_INPUT = "jpeg-4032x3024"
GIB = 1024**3
PCIE_GB_PER_S = 50.0  # the host link the GPU section assumes (PCIe 5 x16 in practice)


def load(path: Path):
    return json.loads(path.read_text())


def number(value: float, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


class Results:
    """Everything one run measured, looked up by model and input."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.machine = load(directory / "machine.json")
        self.busy_after = load(directory / "busy-after.json")
        self.settings = load(directory / "settings.json")
        self.ceilings = {
            p.stem.removeprefix("ceiling-"): load(p)
            for p in sorted(directory.glob("ceiling-*.json"))
        }
        self.e2e = {
            p.stem.removeprefix("e2e-"): load(p) for p in sorted(directory.glob("e2e-*.json"))
        }
        self.jmh = {self.jmh_name(b): b for b in load(directory / "jmh.json")}
        self.fidelity = load(directory / "fidelity.json")

    @staticmethod
    def jmh_name(benchmark: dict) -> str:
        """Class.method, then the parameters that are not input files:
        DecodeBenchmark.decodeForModel[libjpeg-turbo]."""
        name = ".".join(benchmark["benchmark"].split(".")[-2:])
        params = benchmark.get("params", {})
        choices = [v for k, v in params.items() if k not in ("image", "modelDir")]
        return name + (f"[{','.join(choices)}]" if choices else "")

    def ceiling(self, model: str) -> float:
        return max(b["imagesPerSecond"] for b in self.ceilings[model]["batches"])

    def single_image_ms(self, model: str) -> float:
        """The best batch-1 median over ONNX Runtime's thread settings."""
        return min(b["p50Millis"] for b in self.ceilings[model]["batches"] if b["batch"] == 1)

    def point(self, model: str, input_name: str, concurrency: int) -> dict | None:
        for item in self.e2e.get(model, {}).get("inputs", []):
            if item["name"] == input_name:
                return next((p for p in item["points"] if p["concurrency"] == concurrency), None)
        return None

    def jmh_ms(self, name: str) -> float:
        metric = self.jmh[name]["primaryMetric"]
        scale = {"us/op": 1e-3, "ms/op": 1.0, "ns/op": 1e-6}[metric["scoreUnit"]]
        return metric["score"] * scale

    def jmh_counter(self, name: str, counter: str) -> float | None:
        """A per-iteration @AuxCounters value (JMH's score sums the iterations), averaged."""
        metric = self.jmh[name].get("secondaryMetrics", {}).get(counter)
        if not metric:
            return None
        values = [v for fork in metric["rawData"] for v in fork]
        return sum(values) / len(values)

    def model_json(self, model: str) -> dict:
        return load(Path(self.ceilings[model]["model"]) / "model.json")


def machine_section(r: Results) -> str:
    m = r.machine

    def busy(check: dict) -> str:
        others = ", ".join(
            f"`{p['command'][:60]}` ({p['cores']} cores)" for p in check["busy_processes"][:4]
        )
        return f"{100 * check['busy_share']:.0f} % of the CPU busy at {check['at']}" + (
            f"; busy: {others}" if others else ""
        )

    quiet = max(m["busy_before"]["busy_share"], r.busy_after["busy_share"]) < 0.15
    rows = [
        ["date", m["date"]],
        ["CPU", f"{m['cpu']}, {m['cores']} cores (the service's intra-op threads = {m['cores']})"],
        ["memory", f"{m['memory_gib']} GiB"],
        ["OS", f"{m['os']}, kernel {m['kernel']}"],
        ["GPU", m["gpu"]],
        ["Java", m["java"]],
        [
            "Spring Boot / ONNX Runtime",
            f"{m['spring_boot']} / {next(iter(r.ceilings.values()))['onnxRuntime']}",
        ],
        ["load generator", f"{m['hey']}, on the same machine"],
        ["commit", m["git_commit"] + (" (with uncommitted changes)" if m["git_dirty"] else "")],
        ["JVM options", f"`{r.settings['java_opts'] or '(none: JVM defaults)'}`"],
        ["service arguments", f"`{r.settings['service_args'] or '(none: application defaults)'}`"],
        [
            "durations",
            f"{r.settings['seconds']} s per load point after {r.settings['warmup']} s warm-up per "
            f"input; {r.settings['ceiling_seconds']} s per ceiling batch size; JMH "
            f"`{r.settings['jmh_args']}`",
        ],
        ["before the run", busy(m["busy_before"])],
        ["after the run", busy(r.busy_after)],
    ]
    verdict = (
        "**The machine was quiet** (under 15 % busy just before and just after the run)."
        if quiet
        else "**The machine was NOT quiet**: other processes shared the cores, so every number "
        "below is pessimistic and the ratios are less trustworthy than on an idle machine."
    )
    return table(["", ""], rows) + "\n\n" + verdict


def verdict_section(r: Results) -> str:
    model = HEADLINE_MODEL
    ceiling = r.ceiling(model)
    single = r.single_image_ms(model)
    rows = []

    def add(name: str, measured: str, value: float, limit: float, higher_is_better: bool) -> None:
        if value is None or math.isnan(value):
            rows.append([name, measured, "n/a", "not measured"])
            return
        ok = value >= limit if higher_is_better else value <= limit
        if ok:
            status = "met"
        elif higher_is_better:
            status = f"**missed by {100 * (1 - value / limit):.0f} %**"
        else:
            status = f"**missed by {100 * (value / limit - 1):.0f} %**"
        rows.append([name, measured, number(value, 2), status])

    for input_name, limit in ((CUB_INPUT, 0.90), (PHONE_INPUT, 0.75)):
        point = r.point(model, input_name, 16)
        rps = point["requests_per_second"] if point else float("nan")
        add(
            f"e2e throughput at c=16, {input_name} >= {limit:.2f} x ceiling",
            f"{number(rps)} req/s vs {number(ceiling)} images/s",
            rps / ceiling,
            limit,
            True,
        )
    point = r.point(model, CUB_INPUT, 1)
    p50 = point["p50_ms"] if point else float("nan")
    add(
        f"p50 at c=1, {CUB_INPUT} <= 1.15 x single-image latency",
        f"{number(p50)} ms vs {number(single)} ms",
        p50 / single,
        1.15,
        False,
    )
    post = r.jmh_ms("PostprocessingBenchmark.top5Boxes") + r.jmh_ms(
        "ResponseJsonBenchmark.top5Json"
    )
    add(
        "post-processing of top-5 (maps, boxes, JSON) <= 2 ms",
        f"{number(post, 3)} ms",
        post,
        2.0,
        False,
    )
    decode, before = (
        r.jmh_counter(f"DecodeBenchmark.decodeForModel[{d}]", "cpuMs")
        for d in ("libjpeg-turbo", "ImageIO")
    )
    add(
        "decode of a 12 MP JPEG for the model <= 12 core-ms (JMH, thread CPU time)",
        f"{number(decode)} core-ms (ImageIO path: {number(before)} core-ms)",
        decode,
        12.0,
        False,
    )
    extra = png_extra_ms(r, "libjpeg-turbo")
    add(
        "PNG answer of a 12 MP photo <= 15 ms more than the JSON answer",
        f"{number(extra)} ms more (ImageIO path: {number(png_extra_ms(r, 'ImageIO'))} ms)",
        extra,
        15.0,
        False,
    )
    for key, limit, what in (
        ("top1_agreement", 0.99, "agree on top-1"),
        ("iou_at_bar", 0.95, "box IoU >= 0.9"),
    ):
        dct, subsampled = (fidelity_rates(r, p) for p in ("dct", "subsampled"))
        add(
            f"12 MP reads scaled in the DCT vs exact: {what} >= {limit:.0%}",
            f"{dct[key]:.1%} (ImageIO subsampling: {subsampled[key]:.1%})"
            f" of {dct['photos']} photos",
            dct[key],
            limit,
            True,
        )
    peak = r.e2e[model]["peak_rss_kib"] * 1024 / GIB
    add("peak RSS (runs up to c=64) <= 1.5 GiB", f"{number(peak, 2)} GiB", peak, 1.5, False)
    return (
        f"Model: `{model}` (DeiT-Small TS-CAM, 200 classes, random weights, per-head attentions). "
        "Ceiling = the best raw ONNX Runtime throughput over batch 1/4/8, with and without "
        f"spin-waiting intra-op threads = {number(ceiling)} images/s; single-image latency = the "
        "best raw batch-1 p50 = "
        f"{number(single)} ms.\n\n" + table(["target", "measured", "value", "verdict"], rows)
    )


def png_extra_ms(r: Results, decoder: str) -> float:
    """What a PNG answer costs beyond a JSON one: the larger overlay read, then draw + encode."""
    prepare = r.jmh_ms(f"DecodeBenchmark.prepareForPng[{decoder}]") - r.jmh_ms(
        f"DecodeBenchmark.prepareForJson[{decoder}]"
    )
    return prepare + r.jmh_ms("OverlayBenchmark.renderPng")


def fidelity_rates(r: Results, path: str) -> dict:
    result = next(p for p in r.fidelity["paths"] if p["path"] == path)
    photos = result["photos"]
    return {
        "photos": photos,
        "top1_agreement": result["top1Agreements"] / photos,
        "iou_at_bar": result["boxesOverIouBar"] / photos,
        "mean_iou": result["meanIou"],
    }


def fidelity_section(r: Results) -> str:
    f = r.fidelity
    names = {
        "dct": "libjpeg-turbo, scaled inside the IDCT (the service)",
        "subsampled": "ImageIO, every n-th pixel (before; the fallback)",
    }
    rows = []
    for path in ("dct", "subsampled"):
        rates = fidelity_rates(r, path)
        rows.append(
            [
                names[path],
                f"{rates['top1_agreement']:.1%}",
                f"{rates['iou_at_bar']:.1%}",
                number(rates["mean_iou"], 3),
            ]
        )
    return (
        f"{f['count']} photos of 4032x3024 (`bench/make_fidelity_photos.py`), "
        f"model `{Path(f['model']).name}`, decoder {f['jpegDecoder']}. Each reduced read against "
        "the exact read (every pixel decoded, then the PIL-exact resize): the same top-1 class, "
        f"and the box of the exact read's top-1 class with IoU >= {f['iouBar']} against the exact "
        "box.\n\n"
        + table(["reduced read", "top-1 agreement", f"IoU >= {f['iouBar']}", "mean IoU"], rows)
    )


def ceiling_section(r: Results) -> str:
    parts = []
    for model, report in r.ceilings.items():
        rows = [
            [
                str(b["batch"]),
                "on" if b["spinning"] else "off",
                number(b["imagesPerSecond"]),
                number(b["p50Millis"]),
                number(b["meanMillis"]),
                str(b["runs"]),
            ]
            for b in report["batches"]
        ]
        parts.append(
            f"`{model}` ({describe_model(r.model_json(model))}), {report['intraOpThreads']} "
            "intra-op threads:\n\n"
            + table(
                [
                    "batch",
                    "spin-waiting threads",
                    "images/s",
                    "ms per run p50",
                    "ms per run mean",
                    "runs",
                ],
                rows,
            )
        )
    return "\n\n".join(parts)


def describe_model(model: dict) -> str:
    a = model["architecture"]
    return (
        f"embed {a['embed_dim']}, depth {a['depth']}, {a['num_heads']} heads, "
        f"{a['num_classes']} classes"
    )


def e2e_section(r: Results) -> str:
    parts = []
    for model, report in r.e2e.items():
        ceiling = r.ceiling(model) if model in r.ceilings else float("nan")
        single = r.single_image_ms(model) if model in r.ceilings else float("nan")
        parts.append(
            f"### `{model}` (ceiling {number(ceiling)} images/s, single image {number(single)} ms)"
        )
        for item in report["inputs"]:
            rows = [
                [
                    str(p["concurrency"]),
                    number(p["requests_per_second"]),
                    number(p["requests_per_second"] / ceiling, 2),
                    number(p["p50_ms"]),
                    number(p["p90_ms"]),
                    number(p["p99_ms"]),
                    f"{p['non_200']} / {p['transport_errors']}",
                    number(p["service_cpu_ms_per_request"], 0),
                    number(p["VmHWM"] / 1024, 0),
                ]
                for p in item["points"]
            ]
            s = item["stages"]
            parts.append(
                f"**{item['name']}** ({item['width']}x{item['height']} {item['format']}, "
                f"{item['bytes'] / 1024:,.0f} KiB):\n\n"
                + table(
                    [
                        "concurrency",
                        "req/s",
                        "x ceiling",
                        "p50 ms",
                        "p90 ms",
                        "p99 ms",
                        "non-200 / errors",
                        "service CPU ms/req",
                        "peak RSS MiB",
                    ],
                    rows,
                )
                + "\n\nService timers over these runs (means): decode+preprocess "
                f"{number(s['preprocess_ms'])} ms, queue wait {number(s['queue_wait_ms'])} ms, "
                f"session run {number(s['inference_batch_ms'])} ms per batch of "
                f"{number(s['mean_batch_size'], 2)} images, post-process "
                f"{number(s['postprocess_ms'], 2)} ms."
            )
        parts.append(
            "Peak RSS of this service process over all its runs: "
            f"{number(report['peak_rss_kib'] / 1024, 0)} MiB."
        )
    return "\n\n".join(parts)


def cpu_budget_section(r: Results) -> str:
    """Where the cores went: the model's core-time per image against the service's per request."""
    model = HEADLINE_MODEL
    cores = r.machine["cores"]
    model_core_ms = 1000 * cores / r.ceiling(model)
    rows = []
    for input_name in [item["name"] for item in r.e2e[model]["inputs"]]:
        point = r.point(model, input_name, 16)
        if point is None:
            continue
        service_ms = point["service_cpu_ms_per_request"]
        rows.append([
            input_name,
            number(service_ms, 0),
            number(service_ms - model_core_ms, 0),
            number(model_core_ms / service_ms, 2),
            number(point["requests_per_second"] / r.ceiling(model), 2),
        ])  # fmt: skip
    return (
        f"At the ceiling the model alone costs {cores} cores / {number(r.ceiling(model))} images/s "
        f"= **{number(model_core_ms, 0)} core-ms per image**. Whatever the service spends beyond "
        "that per request (HTTP, multipart, decode, resize, post-processing, JSON, GC, and ONNX "
        "Runtime's idle spinning) comes out of the same cores, so the best throughput it can "
        "reach is about model / service core-ms (the load generator's own CPU, not counted here, "
        "takes a little more):\n\n"
        + table(
            [
                "input (c=16)",
                "service CPU ms/req",
                "beyond the model",
                "bound: model / service",
                "measured x ceiling",
            ],
            rows,
        )
    )


def jmh_section(r: Results) -> str:
    rows = []
    for name, b in r.jmh.items():
        metric = b["primaryMetric"]
        params = ", ".join(f"{k}={Path(v).name}" for k, v in b.get("params", {}).items())
        error = metric["scoreError"]  # "NaN" (a string) when there was a single iteration
        spread = f" ± {error:,.3f}" if isinstance(error, float) and not math.isnan(error) else ""
        size, cpu = (r.jmh_counter(name, counter) for counter in ("bytes", "cpuMs"))
        output = ", ".join(
            ([f"{size / 1e6:,.2f} MB"] if size else []) + ([f"{cpu:,.1f} core-ms"] if cpu else [])
        )
        score = f"{metric['score']:,.3f}{spread} {metric['scoreUnit']}"
        rows.append([f"`{name}`", params, score, output])
    return table(["benchmark", "parameters", "score (99.9 % CI)", "output size, CPU time"], rows)


def gpu_section(r: Results) -> str:
    model = r.model_json(HEADLINE_MODEL)
    a = model["architecture"]
    grid = a["img_size"] // a["patch_size"]
    tokens = grid * grid + 1
    layers, heads, classes = a["depth"], a["num_heads"], a["num_classes"]
    per_head = layers * heads * tokens * tokens * 4
    mean = layers * tokens * tokens * 4
    rows_only = layers * heads * tokens * 4
    maps_and_logits = (classes * grid * grid + classes) * 4
    input_bytes = 3 * a["img_size"] ** 2 * 4

    def row(name: str, attention: int) -> list[str]:
        total = attention + maps_and_logits
        seconds = total / (PCIE_GB_PER_S * 1e9)
        return [name, f"{attention / 1e6:,.3f} MB", f"{total / 1e6:,.3f} MB",
                f"{seconds * 1e6:,.1f} µs", f"{1 / seconds:,.0f}"]  # fmt: skip

    rows = [
        row(
            f"per head `[{layers},{heads},{tokens},{tokens}]` (what the service exports and "
            "copies today)",
            per_head,
        ),
        row(f"head-averaged `[{layers},{tokens},{tokens}]` (`--attention mean`)", mean),
        row(
            f"class-token rows only `[{layers},{heads},{tokens}]` (all TS-CAM needs; not exported "
            "yet)",
            rows_only,
        ),
    ]
    return (
        f"Per image of `{HEADLINE_MODEL}`: input {input_bytes / 1e6:.2f} MB host -> device; "
        f"outputs device -> host are logits + feature maps ({maps_and_logits / 1e6:.3f} MB) plus "
        f"the attentions. At {PCIE_GB_PER_S:.0f} GB/s:\n\n"
        + table(
            [
                "attention output",
                "attention bytes",
                "all outputs",
                "copy time",
                "images/s copy bound",
            ],
            rows,
        )
    )


def render(results: Results, template: str) -> str:
    sections = {
        "machine": machine_section,
        "verdict": verdict_section,
        "ceiling": ceiling_section,
        "e2e": e2e_section,
        "cpu_budget": cpu_budget_section,
        "jmh": jmh_section,
        "fidelity": fidelity_section,
        "gpu": gpu_section,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: sections[m.group(1)](results), template)


def main(argv: list[str]) -> None:
    results = Results(Path(argv[0]))
    Path(argv[2]).write_text(render(results, Path(argv[1]).read_text()))


if __name__ == "__main__":
    main(sys.argv[1:])
