#!/usr/bin/python3
"""Renders docs/benchmarks.md from one bench/run.sh run.

    /usr/bin/python3 bench/report.py RESULTS_DIR TEMPLATE OUT.md

RESULTS_DIR holds what run.sh wrote (machine.json, busy-after.json, sweep-MODEL.json,
raw-MODEL-wN.json, e2e-BUILD-MODEL-wN.json, decode-bound.json, jmh.json, fidelity.json,
settings.json); TEMPLATE is bench/benchmarks.template.md, whose {{name}} placeholders are replaced
by the tables rendered here. Every number in the output comes from RESULTS_DIR. Raw and end-to-end
figures are means over the run's windows (raw, e2e, raw, e2e, raw), so a ratio of the two sees the
same drift of the host; BUILD is `new` (this checkout) or `baseline` (BENCH_BASELINE).
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

HEADLINE_MODEL = "deit-small"
LABEL_TARGET = 0.95  # issue 19: label >= 0.95 x the raw ceiling
CUB_INPUT = "jpeg-500x375"
PHONE_INPUT = "jpeg-4032x3024"
GIB = 1024**3
NOT_MEASURED = "Not measured in this run (bench/run.sh ran without its `{stage}` stage)."
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


def mean(values: list[float]) -> float:
    values = [v for v in values if v is not None and not math.isnan(v)]
    return sum(values) / len(values) if values else float("nan")


def window_of(path: Path) -> int:
    return int(path.stem.rpartition("-w")[2])


class Results:
    """Everything one run measured, looked up by model, input and build."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.machine = load(directory / "machine.json")
        self.busy_after = load(directory / "busy-after.json")
        self.settings = load(directory / "settings.json")
        self.sweeps = {
            p.stem.removeprefix("sweep-"): load(p) for p in sorted(directory.glob("sweep-*.json"))
        }
        self.raw: dict[str, list[dict]] = {}
        for p in sorted(directory.glob("raw-*-w*.json"), key=window_of):
            self.raw.setdefault(p.stem.removeprefix("raw-").rpartition("-w")[0], []).append(load(p))
        self.e2e: dict[str, dict[str, list[dict]]] = {}
        for p in sorted(directory.glob("e2e-*-w*.json"), key=window_of):
            build, _, model = p.stem.removeprefix("e2e-").rpartition("-w")[0].partition("-")
            self.e2e.setdefault(build, {}).setdefault(model, []).append(load(p))
        self.bound = load(directory / "decode-bound.json")
        # Stages a run may skip (BENCH_STAGES): their sections then say so.
        jmh = directory / "jmh.json"
        self.jmh = {self.jmh_name(b): b for b in load(jmh)} if jmh.exists() else {}
        fidelity = directory / "fidelity.json"
        self.fidelity = load(fidelity) if fidelity.exists() else None
        label = directory / "label.json"
        self.label = load(label) if label.exists() else None
        raw_body = directory / "raw-body-cpu.txt"
        self.raw_body = raw_body.read_text() if raw_body.exists() else None
        commit = directory / "baseline-commit.txt"
        self.baseline = commit.read_text().strip() if commit.exists() else None

    @staticmethod
    def jmh_name(benchmark: dict) -> str:
        """Class.method, then the parameters that are not input files:
        DecodeBenchmark.decodeForModel[libjpeg-turbo]."""
        name = ".".join(benchmark["benchmark"].split(".")[-2:])
        params = benchmark.get("params", {})
        choices = [v for k, v in params.items() if k not in ("image", "modelDir")]
        return name + (f"[{','.join(choices)}]" if choices else "")

    def best_config(self, model: str) -> dict:
        return max(self.sweeps[model]["configs"], key=lambda c: c["imagesPerSecond"])

    def ceiling(self, model: str) -> float:
        """The best configuration of the sweep, as the raw windows measured it (their mean)."""
        best = self.best_config(model)["config"]
        windows = self.raw.get(model)
        if not windows:
            return self.best_config(model)["imagesPerSecond"]
        return mean([self.raw_config(w, best)["imagesPerSecond"] for w in windows])

    @staticmethod
    def raw_config(window: dict, label: str) -> dict:
        return next(c for c in window["configs"] if c["config"] == label)

    def single_image_ms(self, model: str) -> float:
        """Batch 1 on one caller with every core: the better median of spinning or not, mean over
        the raw windows (over the sweep when the model had no windows)."""
        cores = self.machine["cores"]

        def best(configs: list[dict]) -> float:
            return min(
                c["p50Millis"]
                for c in configs
                if c["batch"] == 1 and c["callers"] == 1 and c["threads"] == cores
            )

        windows = self.raw.get(model)
        if not windows:
            return best(self.sweeps[model]["configs"])
        return mean([best(w["configs"]) for w in windows])

    def builds(self) -> list[str]:
        return [b for b in ("baseline", "new") if b in self.e2e]

    def inputs(self, model: str, build: str = "new") -> list[dict]:
        return self.e2e[build][model][0]["inputs"]

    def point(self, model: str, input_name: str, concurrency: int, build: str = "new"):
        """One load point, averaged over the build's windows."""
        points = []
        for report in self.e2e.get(build, {}).get(model, []):
            for item in report["inputs"]:
                if item["name"] == input_name:
                    points += [p for p in item["points"] if p["concurrency"] == concurrency]
        if not points:
            return None
        averaged = {
            key: mean([p[key] for p in points])
            for key in ("requests_per_second", "p50_ms", "p90_ms", "p99_ms")
        }
        for key in ("service_cpu_ms_per_request", "load_generator_cpu_ms_per_request"):
            averaged[key] = mean([p.get(key, float("nan")) for p in points])
        averaged.update(
            concurrency=concurrency,
            non_200=sum(p["non_200"] for p in points),
            transport_errors=sum(p["transport_errors"] for p in points),
            VmHWM=max(p["VmHWM"] for p in points),
            windows=[p["requests_per_second"] for p in points],
            p50_windows=[p["p50_ms"] for p in points],
        )
        return averaged

    def stages(self, model: str, input_name: str, build: str = "new") -> dict:
        reports = self.e2e[build][model]
        stages = [i["stages"] for r in reports for i in r["inputs"] if i["name"] == input_name]
        return {key: mean([s.get(key, float("nan")) for s in stages]) for key in stages[0]}

    def idle_rss_mib(self, model: str, build: str) -> float:
        return mean([r["idle_rss_kib"] / 1024 for r in self.e2e[build][model]])

    def jit_warmup(self, model: str, build: str = "new") -> dict:
        """The longest JIT warm-up of the build's windows and the compilers' highest last share."""
        warmups = [r.get("jit_warmup") for r in self.e2e[build][model]]
        warmups = [w for w in warmups if w]
        if not warmups:
            return {"seconds": float("nan"), "last_compiler_share": float("nan")}
        return {
            "seconds": max(w["seconds"] for w in warmups),
            "last_compiler_share": max(w["last_compiler_share"] for w in warmups),
        }

    def peak_rss_mib(self, model: str, build: str) -> float:
        return max(r["peak_rss_kib"] / 1024 for r in self.e2e[build][model])

    def jmh_ms(self, name: str) -> float:
        if name not in self.jmh:
            return float("nan")
        metric = self.jmh[name]["primaryMetric"]
        scale = {"us/op": 1e-3, "ms/op": 1.0, "ns/op": 1e-6}[metric["scoreUnit"]]
        return metric["score"] * scale

    def jmh_counter(self, name: str, counter: str) -> float | None:
        """A per-iteration @AuxCounters value (JMH's score sums the iterations), averaged."""
        metric = self.jmh.get(name, {}).get("secondaryMetrics", {}).get(counter)
        if not metric:
            return None
        values = [v for fork in metric["rawData"] for v in fork]
        return sum(values) / len(values)

    def model_json(self, model: str) -> dict:
        return load(Path(self.sweeps[model]["model"]) / "model.json")

    def model_core_ms(self, model: str) -> float:
        """What one image costs the model alone at the ceiling, in core-ms."""
        return 1000 * self.machine["cores"] / self.ceiling(model)

    def decode_bound(self) -> float:
        """model / (model + djpeg at the service's scale + Pillow's resize of that read)."""
        model = self.model_core_ms(HEADLINE_MODEL)
        return model / (model + self.bound["djpeg_ms"] + self.bound["resize_ms"])


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
    st = r.settings
    new = r.e2e["new"][HEADLINE_MODEL][0].get("inference") or {}
    runs = (
        f"{new.get('workers')} workers x {new.get('intraOpThreads')} intra-op thread(s), latency "
        f"session {new.get('latencySessionThreads') or 'none'}"
        if new
        else "n/a"
    )
    rows = [
        ["date", m["date"]],
        ["CPU", f"{m['cpu']}, {m['cores']} cores"],
        ["memory", f"{m['memory_gib']} GiB"],
        ["OS", f"{m['os']}, kernel {m['kernel']}"],
        ["GPU", m["gpu"]],
        ["Java", m["java"]],
        [
            "Spring Boot / ONNX Runtime",
            f"{m['spring_boot']} / {next(iter(r.sweeps.values()))['onnxRuntime']}",
        ],
        ["load generator", f"{m['hey']}, on the same machine"],
        ["commit", m["git_commit"] + (" (with uncommitted changes)" if m["git_dirty"] else "")],
        ["before/after", f"baseline {r.baseline} against this commit" if r.baseline else "none"],
        ["the service runs the model on", f"{runs} (GET /model)"],
        ["JVM options", f"`{st['java_opts'] or '(none: JVM defaults)'}`"],
        ["service arguments", f"`{st['service_args'] or '(none: application defaults)'}`"],
        [
            "durations",
            f"{st['rounds']} e2e windows per build between raw windows; {st['seconds']} s per "
            f"load point after {st['warmup']} s warm-up per input; {st['raw_seconds']} s per "
            f"raw configuration in a window, {st['sweep_seconds']} s in the sweep; JMH "
            f"`{st['jmh_args']}`",
        ],
        ["before the run", busy(m["busy_before"])],
        ["after the run", busy(r.busy_after)],
    ]
    verdict = (
        "**The machine was quiet** (under 15 % busy just before and just after the run)."
        if quiet
        else "**The machine was NOT quiet**: other processes shared the cores, so every number "
        "below is pessimistic; the ratios, taken from windows that alternate, are what to read."
    )
    note = f"\n\n**Note on this run:** {st['note']}" if st.get("note") else ""
    return table(["", ""], rows) + "\n\n" + verdict + note


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

    point = r.point(model, CUB_INPUT, 16)
    rps = point["requests_per_second"] if point else float("nan")
    add(
        f"e2e throughput at c=16, {CUB_INPUT} >= 0.95 x ceiling",
        f"{number(rps)} req/s vs {number(ceiling)} images/s",
        rps / ceiling,
        0.95,
        True,
    )
    bound = r.decode_bound()
    point = r.point(model, PHONE_INPUT, 16)
    rps = point["requests_per_second"] if point else float("nan")
    add(
        f"e2e throughput at c=16, {PHONE_INPUT} >= 0.9 x decode bound (x ceiling)",
        f"{number(rps / ceiling, 2)} x ceiling vs bound {number(bound, 2)} "
        f"(djpeg {r.bound['scale']} {number(r.bound['djpeg_ms'])} + resize "
        f"{number(r.bound['resize_ms'])} core-ms beside the model's "
        f"{number(r.model_core_ms(model), 0)})",
        rps / ceiling / bound,
        0.9,
        True,
    )
    point = r.point(model, CUB_INPUT, 1)
    p50 = point["p50_ms"] if point else float("nan")
    before = r.point(model, CUB_INPUT, 1, "baseline") if r.baseline else None
    if before:
        add(
            f"p50 at c=1, {CUB_INPUT} <= the baseline's ({r.baseline}, same run)",
            f"{number(p50)} ms vs {number(before['p50_ms'])} ms",
            p50 / before["p50_ms"],
            1.0,
            False,
        )
    add(
        f"p50 at c=1, {CUB_INPUT} <= 1.15 x raw batch 1 on every core",
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
    decode, imageio = (
        r.jmh_counter(f"DecodeBenchmark.decodeForModel[{d}]", "cpuMs")
        for d in ("libjpeg-turbo", "ImageIO")
    )
    add(
        "decode of a 12 MP JPEG for the model <= 12 core-ms (JMH, thread CPU time)",
        f"{number(decode)} core-ms (ImageIO path: {number(imageio)} core-ms; djpeg "
        f"{number(r.bound['djpeg_ms'])})",
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
    peak = r.peak_rss_mib(model, "new") / 1024
    add("peak RSS (runs up to c=64) <= 1.5 GiB", f"{number(peak, 2)} GiB", peak, 1.5, False)
    best = r.best_config(model)
    return (
        f"Model: `{model}` (DeiT-Small TS-CAM, 200 classes, random weights, per-head attentions). "
        "Ceiling = the best raw ONNX Runtime configuration of the sweep (callers x intra-op "
        f"threads x batch, with and without spinning: {describe_config(best)}), measured again in "
        f"every raw window: {number(ceiling)} images/s (mean of the windows); single-image "
        "latency = raw batch 1 on one caller with every core (the better of spinning or not), "
        f"mean of the windows = {number(single)} ms. End-to-end figures are means over this "
        "build's windows, which alternate with the raw ones.\n\n"
        + table(["target", "measured", "value", "verdict"], rows)
    )


def memory_patterns_off(r: Results, model: str, best: str) -> str:
    """The best configuration with ONNX Runtime's memory-pattern planning off, where the raw
    windows measured it: the ratio is over the same windows."""
    windows = [
        w for w in r.raw.get(model, []) if any(c["config"] == best + "m" for c in w["configs"])
    ]
    if not windows:
        return ""
    off = mean([r.raw_config(w, best + "m")["imagesPerSecond"] for w in windows])
    on = mean([r.raw_config(w, best)["imagesPerSecond"] for w in windows])
    return (
        f" With memory-pattern planning off (every intermediate tensor its own arena allocation, "
        f"which concurrent runs contend for), the same configuration ran at {number(off)} images/s "
        f"in the same windows, {number(off / on, 2)} x: the service keeps it on."
    )


def describe_config(c: dict) -> str:
    return (
        f"{c['callers']} caller(s) x {c['threads']} thread(s), batch {c['batch']}, "
        f"{'spinning' if c['spinning'] else 'no spinning'}"
    )


def before_after_section(r: Results) -> str:
    if not r.baseline:
        return "No baseline in this run (`BENCH_BASELINE` unset)."
    model = HEADLINE_MODEL
    rows = []
    for item in r.inputs(model):
        for p in item["points"]:
            c = p["concurrency"]
            old, new = (r.point(model, item["name"], c, b) for b in ("baseline", "new"))
            if not old or not new:
                continue
            rows.append([
                item["name"], str(c),
                number(old["requests_per_second"]), number(new["requests_per_second"]),
                number(new["requests_per_second"] / old["requests_per_second"], 2),
                number(old["p50_ms"]), number(new["p50_ms"]),
                number(new["p50_ms"] / old["p50_ms"], 2),
                f"{old['non_200'] + old['transport_errors']} / "
                f"{new['non_200'] + new['transport_errors']}",
            ])  # fmt: skip
    memory = [
        [
            build if build == "new" else f"baseline ({r.baseline})",
            number(r.idle_rss_mib(model, build), 0),
            number(r.peak_rss_mib(model, build), 0),
        ]
        for build in ("baseline", "new")
    ]
    return (
        f"`{model}`, baseline = commit {r.baseline} built by run.sh, the new build = this commit; "
        "each e2e window ran both, taking turns at going first; means over the windows:\n\n"
        + table(
            [
                "input",
                "concurrency",
                "req/s before",
                "req/s after",
                "after / before",
                "p50 ms before",
                "p50 ms after",
                "after / before",
                "non-200 + errors before / after",
            ],
            rows,
        )
        + "\n\nMemory of the service process (`VmRSS` once ready, before any request; `VmHWM` "
        "over all its runs up to c=64, the 12 MP photos included):\n\n"
        + table(["build", "RSS idle MiB", "peak RSS MiB"], memory)
    )


def windows_section(r: Results) -> str:
    model = HEADLINE_MODEL
    best = r.best_config(model)["config"]
    cores = r.machine["cores"]
    rows = []
    raw = r.raw.get(model, [])
    e2e = {b: r.e2e[b][model] for b in r.builds()}

    def window_point(report: dict, input_name: str, c: int) -> dict | None:
        item = next((i for i in report["inputs"] if i["name"] == input_name), None)
        return next((p for p in item["points"] if p["concurrency"] == c), None) if item else None

    for k in range(max(len(raw), max((len(v) for v in e2e.values()), default=0))):
        if k < len(raw):
            w = raw[k]
            single = min(
                c["p50Millis"]
                for c in w["configs"]
                if c["batch"] == 1 and c["callers"] == 1 and c["threads"] == cores
            )
            rows.append([f"raw {k + 1}", "ONNX Runtime", number(r.raw_config(w, best)[
                "imagesPerSecond"]), "", "", number(single)])  # fmt: skip
        for build, reports in e2e.items():
            if k < len(reports):
                cub, phone, lone = (
                    window_point(reports[k], i, c)
                    for i, c in ((CUB_INPUT, 16), (PHONE_INPUT, 16), (CUB_INPUT, 1))
                )
                label = build if build == "new" else f"baseline {r.baseline}"
                rows.append([
                    f"e2e {k + 1}", label, "",
                    number(cub["requests_per_second"]) if cub else "n/a",
                    number(phone["requests_per_second"]) if phone else "n/a",
                    number(lone["p50_ms"]) if lone else "n/a",
                ])  # fmt: skip
    return (
        f"`{model}`, in the order measured (raw: best configuration `{best}` and batch 1 on one "
        f"caller with {cores} threads):\n\n"
        + table(
            [
                "window",
                "what",
                "raw images/s",
                f"c=16 {CUB_INPUT} req/s",
                f"c=16 {PHONE_INPUT} req/s",
                f"p50 ms (raw: batch 1; e2e: c=1 {CUB_INPUT})",
            ],
            rows,
        )
    )


def png_extra_ms(r: Results, decoder: str) -> float:
    """What a PNG answer costs beyond a JSON one: the larger overlay read, then draw + encode."""
    prepare = r.jmh_ms(f"DecodeBenchmark.prepareForPng[{decoder}]") - r.jmh_ms(
        f"DecodeBenchmark.prepareForJson[{decoder}]"
    )
    return prepare + r.jmh_ms("OverlayBenchmark.renderPng")


def fidelity_rates(r: Results, path: str) -> dict:
    if r.fidelity is None:
        return {
            "photos": 0,
            "top1_agreement": math.nan,
            "iou_at_bar": math.nan,
            "mean_iou": math.nan,
        }
    result = next(p for p in r.fidelity["paths"] if p["path"] == path)
    photos = result["photos"]
    return {
        "photos": photos,
        "top1_agreement": result["top1Agreements"] / photos,
        "iou_at_bar": result["boxesOverIouBar"] / photos,
        "mean_iou": result["meanIou"],
    }


def fidelity_section(r: Results) -> str:
    if r.fidelity is None:
        return NOT_MEASURED.format(stage="fidelity")
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
    for model, report in r.sweeps.items():
        best = r.best_config(model)["config"]
        rows = [
            [
                f"{c['callers']} x {c['threads']}",
                str(c["batch"]),
                "on" if c["spinning"] else "off",
                ("**" + number(c["imagesPerSecond"]) + "**")
                if c["config"] == best
                else number(c["imagesPerSecond"]),
                number(c["p50Millis"]),
                number(c["meanMillis"]),
                str(c["runs"]),
            ]
            for c in report["configs"]
        ]
        windows = r.raw.get(model)
        measured = (
            f"\n\nThe raw windows measured the best one at {number(r.ceiling(model))} images/s "
            f"(mean of {len(windows)}: "
            + ", ".join(number(r.raw_config(w, best)["imagesPerSecond"]) for w in windows)
            + ")."
            if windows
            else ""
        ) + memory_patterns_off(r, model, best)
        parts.append(
            f"`{model}` ({describe_model(r.model_json(model))}), one shared session, callers "
            "running it at once:\n\n"
            + table(
                [
                    "callers x intra-op threads",
                    "batch",
                    "spin-waiting threads",
                    "images/s",
                    "ms per run p50",
                    "ms per run mean",
                    "runs",
                ],
                rows,
            )
            + measured
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
    for model, reports in r.e2e["new"].items():
        ceiling = r.ceiling(model) if model in r.sweeps else float("nan")
        single = r.single_image_ms(model) if model in r.sweeps else float("nan")
        parts.append(
            f"### `{model}` (ceiling {number(ceiling)} images/s, single image {number(single)} ms; "
            f"means over {len(reports)} window(s))"
        )
        for item in r.inputs(model):
            points = [r.point(model, item["name"], p["concurrency"]) for p in item["points"]]
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
                for p in points
            ]
            s = r.stages(model, item["name"])
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
                f"{number(s['mean_batch_size'], 2)} images, "
                f"{number(100 * s.get('latency_batch_share', float('nan')), 0)} % of the batches "
                f"on the latency session, post-process {number(s['postprocess_ms'], 2)} ms."
            )
        jit = r.jit_warmup(model)
        parts.append(
            f"JIT warm-up before the load points: up to {number(jit['seconds'], 0)} s at c=16, "
            f"after which the compiler threads took {number(100 * jit['last_compiler_share'])} % "
            "of the service's CPU (at most, over the windows)."
        )
        parts.append(
            f"RSS of this service process once ready: {number(r.idle_rss_mib(model, 'new'), 0)} "
            f"MiB; peak over all its runs: {number(r.peak_rss_mib(model, 'new'), 0)} MiB."
        )
    return "\n\n".join(parts)


def cpu_budget_section(r: Results) -> str:
    """Where the cores went: the model's core-time per image against the service's per request."""
    model = HEADLINE_MODEL
    cores = r.machine["cores"]
    model_core_ms = r.model_core_ms(model)
    rows = []
    for input_name in [item["name"] for item in r.inputs(model)]:
        point = r.point(model, input_name, 16)
        if point is None:
            continue
        service_ms = point["service_cpu_ms_per_request"]
        load_ms = point["load_generator_cpu_ms_per_request"]
        rows.append([
            input_name,
            number(service_ms, 0),
            number(service_ms - model_core_ms, 0),
            number(load_ms, 1),
            number(model_core_ms / (service_ms + load_ms), 2),
            number(point["requests_per_second"] / r.ceiling(model), 2),
        ])  # fmt: skip
    b = r.bound
    return (
        f"At the ceiling the model alone costs {cores} cores / {number(r.ceiling(model))} images/s "
        f"= **{number(model_core_ms, 0)} core-ms per image**. Whatever the service spends beyond "
        "that per request (HTTP, multipart, decode, resize, post-processing, JSON, GC, and ONNX "
        "Runtime's idle spinning) comes out of the same cores, and so does the load generator's "
        "(`hey`, on the same machine: its user + system time per answered request), so the best "
        "throughput the service can reach here is about model / (service + load generator) "
        "core-ms:\n\n"
        + table(
            [
                "input (c=16)",
                "service CPU ms/req",
                "beyond the model",
                "load generator CPU ms/req",
                "bound: model / (service + load generator)",
                "measured x ceiling",
            ],
            rows,
        )
        + f"\n\nThe decode bound of the 12 MP photo (`bench/decode_bound.py`): libjpeg-turbo's own "
        f"`djpeg -scale {b['scale']}` reads it at {b['read_size'][0]}x{b['read_size'][1]} in "
        f"{number(b['djpeg_ms'])} core-ms ({b['djpeg_version']}; median of {b['repeat']}, "
        f"process start included) and Pillow resizes that read to the model input in "
        f"{number(b['resize_ms'])} core-ms, so no service can do better than "
        f"{number(model_core_ms, 0)} / ({number(model_core_ms, 0)} + {number(b['djpeg_ms'])} + "
        f"{number(b['resize_ms'])}) = **{number(r.decode_bound(), 2)} x ceiling** on it."
    )


def jmh_section(r: Results) -> str:
    if not r.jmh:
        return NOT_MEASURED.format(stage="jmh")
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


def label_section(r: Results) -> str:
    if r.label is None:
        return "Not measured in this run (stage `label`)."
    rows = [
        [
            str(i),
            number(w["ceiling"]),
            number(w.get("steady", float("nan"))),
            number(w.get("steady", float("nan")) / w["ceiling"], 2),
            number(w["label"]),
            number(w["label"] / w["ceiling"], 2),
        ]
        for i, w in enumerate(r.label["windows"], 1)
    ]
    verdict = "met" if r.label["ratio"] >= LABEL_TARGET else "**missed**"
    config = r.label["ceiling_config"]
    return (
        f"`label` over {r.label['images']} synthetic 500x375 JPEGs, DeiT-Small, against the raw "
        f"ceiling: the sweep's best configuration ({config}) measured alone before and after each "
        "label window (`bench/label.sh`). *Steady*: the images between the run's 30 % and 100 % "
        "progress lines over the time between them, the JIT's warm-up left out as a dataset of "
        "real size amortises it; *whole run*: the command's own figure over every image:\n\n"
        + table(
            [
                "window",
                "ceiling around it (images/s)",
                "label steady (images/s)",
                "steady / ceiling",
                "label whole run (images/s)",
                "whole run / ceiling",
            ],
            rows,
        )
        + f"\n\nMean of the windows, steady: {r.label['ratio']:.2f} x the ceiling (worse window "
        f"{r.label['worse_ratio']:.2f}); target >= {LABEL_TARGET}: "
        f"{verdict}."
    )


def raw_body_section(r: Results) -> str:
    if r.raw_body is None:
        return "Not measured in this run (stage `rawbody`)."
    return (
        "Service CPU per answered request (process CPU time / answers), demo model, windows "
        "alternated (`bench/raw-body-cpu.sh`); the target is for raw bodies: what a 12 MP photo "
        "costs beyond a 224 px PNG <= 1.1 x the floor (djpeg at the service's scale + Pillow's "
        "resize):\n\n" + "\n".join("    " + line for line in r.raw_body.strip().splitlines())
    )


def render(results: Results, template: str) -> str:
    sections = {
        "machine": machine_section,
        "verdict": verdict_section,
        "before_after": before_after_section,
        "windows": windows_section,
        "ceiling": ceiling_section,
        "e2e": e2e_section,
        "cpu_budget": cpu_budget_section,
        "jmh": jmh_section,
        "fidelity": fidelity_section,
        "gpu": gpu_section,
        "label": label_section,
        "raw_body": raw_body_section,
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: sections[m.group(1)](results), template)


def main(argv: list[str]) -> None:
    results = Results(Path(argv[0]))
    Path(argv[2]).write_text(render(results, Path(argv[1]).read_text()))


if __name__ == "__main__":
    main(sys.argv[1:])
