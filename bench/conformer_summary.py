#!/usr/bin/python3
"""Summarises bench/conformer.sh: per model, the median over its windows of the raw ONNX Runtime
ceiling (best images/s over batch sizes 1, 4, 8), the service's c=16 requests/s on the 500x375
JPEG and the service's peak RSS; then Conformer-S / DeiT-S ratios and each model's share of its
ceiling. Prints a Markdown table and writes RESULTS_DIR/summary.json.

    /usr/bin/python3 bench/conformer_summary.py target/bench-conformer
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

MODELS = ("deit-small", "conformer-small")


def window_values(results: Path, model: str) -> dict[str, list[float]]:
    ceilings = [
        max(c["imagesPerSecond"] for c in json.loads(p.read_text())["configs"])
        for p in sorted(results.glob(f"ceiling-{model}-*.json"))
    ]
    services = [json.loads(p.read_text()) for p in sorted(results.glob(f"e2e-{model}-*.json"))]
    return {
        "ceiling_images_per_second": ceilings,
        "c16_requests_per_second": [
            s["inputs"][0]["points"][0]["requests_per_second"] for s in services
        ],
        "peak_rss_mib": [s["peak_rss_kib"] / 1024 for s in services],
    }


def summarise(results: Path) -> dict:
    per_model = {}
    for model in MODELS:
        values = window_values(results, model)
        per_model[model] = {
            "windows": values,
            **{key: statistics.median(v) for key, v in values.items()},
        }
    deit, conformer = per_model["deit-small"], per_model["conformer-small"]
    keys = ("ceiling_images_per_second", "c16_requests_per_second", "peak_rss_mib")
    return {
        "models": per_model,
        "conformer_over_deit": {key: conformer[key] / deit[key] for key in keys},
        "service_over_ceiling": {
            model: per_model[model]["c16_requests_per_second"]
            / per_model[model]["ceiling_images_per_second"]
            for model in MODELS
        },
    }


def table(summary: dict) -> str:
    rows = [
        "| | ONNX Runtime ceiling (images/s) | service c=16, 500x375 JPEG (req/s) "
        "| service / ceiling | peak RSS (MiB) |",
        "|---|---|---|---|---|",
    ]
    for model in MODELS:
        m = summary["models"][model]
        rows.append(
            f"| {model} | {m['ceiling_images_per_second']:.2f} | "
            f"{m['c16_requests_per_second']:.2f} | {summary['service_over_ceiling'][model]:.2f} | "
            f"{m['peak_rss_mib']:.0f} |"
        )
    r = summary["conformer_over_deit"]
    rows.append(
        f"| Conformer-S / DeiT-S | {r['ceiling_images_per_second']:.2f} | "
        f"{r['c16_requests_per_second']:.2f} | | {r['peak_rss_mib']:.2f} |"
    )
    return "\n".join(rows)


def main() -> None:
    results = Path(sys.argv[1])
    summary = summarise(results)
    (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(table(summary))


if __name__ == "__main__":
    main()
