#!/usr/bin/python3
"""End-to-end load test of POST /localize: starts the service jar on a model package, drives it
with `hey` at each concurrency for each input, and writes what it measured as JSON.

    /usr/bin/python3 bench/e2e.py --jar JAR --model DIR --inputs DIR --out OUT.json \
        [--seconds 10] [--warmup 3] [--jit-settle-max 240] [--concurrency 1 4 16 64] \
        [--port 18080] [--label new]

Before any load point the service is driven at c=16 over every input until its JIT compilers have
settled: a Spring Boot service at ~15 requests/s takes minutes to bring its per-request code to
C2, and the compilers' CPU comes out of the cores the model runs on. Warm-up goes on in 10 s
chunks until the compiler threads (/proc/PID/task/*/comm "C1/C2 CompilerThre") took under 1 % of
the service's CPU in the last chunk, or --jit-settle-max seconds passed; how long that took and
the compilers' last share are in the output. Then each input gets --warmup seconds at c=4.

Per (input, concurrency): requests/s, latency p50/p90/p99, non-200 answers, the service's CPU
seconds per request, the load generator's (hey's user + system time: it shares the cores), and the
service's peak RSS so far (VmHWM). Per input: the service's own stage timers
(from /actuator/prometheus) over that input's runs, to show where the time went, and the share of
batches the latency session ran. Per service: its RSS once ready, before any request (idle), and
what GET /model says runs the model (`inference`; absent from builds before the workers).
JVM options come from $BENCH_JAVA_OPTS, extra service arguments from $BENCH_SERVICE_ARGS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
JIT_CHUNK_SECONDS = 10
JIT_SETTLED_SHARE = 0.01
STAGE_METRICS = {
    "preprocess_ms": "tscam_preprocess_seconds",
    "queue_wait_ms": "tscam_queue_wait_seconds",
    "inference_batch_ms": "tscam_inference_seconds",
    "postprocess_ms": "tscam_postprocess_seconds",
}


class Service:
    """The service jar as a child process, with what /proc and the actuator say about it."""

    def __init__(self, jar: Path, model: Path, port: int, log: Path):
        self.port = port
        java_opts = shlex.split(os.environ.get("BENCH_JAVA_OPTS", ""))
        extra = shlex.split(os.environ.get("BENCH_SERVICE_ARGS", ""))
        command = [
            "java",
            *java_opts,
            "-jar",
            str(jar),
            f"--tscam.model.dir={model}",
            f"--server.port={port}",
            f"--management.server.port={port + 1}",
            *extra,
        ]
        self.command = command
        self.log = log.open("w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def management_url(self, path: str) -> str:
        """The actuator's own port: the service's port plus one."""
        return f"http://127.0.0.1:{self.port + 1}{path}"

    def wait_ready(self, timeout: float = 300) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the service exited with {self.process.returncode}; see {self.log.name}"
                )
            try:
                with urllib.request.urlopen(
                    self.management_url("/actuator/health/readiness"), timeout=2
                ) as answer:
                    if answer.status == 200:
                        return time.monotonic() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the service was not ready within {timeout} s")

    def proc_status(self) -> dict[str, int]:
        """VmHWM and VmRSS in KiB."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
        return values

    def cpu_seconds(self) -> float:
        return cpu_ticks(Path(f"/proc/{self.process.pid}/stat")) / CLOCK_TICKS

    def compiler_cpu_seconds(self) -> float:
        """CPU time of the JIT compiler threads (HotSpot names them "C1/C2 CompilerThre...")."""
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                if (task / "comm").read_text().startswith(("C1 Compiler", "C2 Compiler")):
                    total += cpu_ticks(task / "stat")
            except OSError:  # the thread ended between the listing and the read
                continue
        return total / CLOCK_TICKS

    def metrics(self) -> dict[str, float]:
        """Sum and count of each stage timer, summed over its tags."""
        with urllib.request.urlopen(
            self.management_url("/actuator/prometheus"), timeout=10
        ) as answer:
            text = answer.read().decode()
        totals: dict[str, float] = {}
        for line in text.splitlines():
            match = re.match(r"^([a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$", line)
            if match and match.group(1).endswith(("_sum", "_count")):
                keys = [match.group(1)]
                if 'lane="latency"' in (match.group(2) or ""):
                    keys.append(match.group(1) + ":latency")
                for key in keys:
                    totals[key] = totals.get(key, 0.0) + float(match.group(3))
        return totals

    def inference(self) -> dict | None:
        """What GET /model says runs the model; None for builds that do not say."""
        with urllib.request.urlopen(self.url("/model"), timeout=10) as answer:
            return json.loads(answer.read()).get("inference")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def cpu_ticks(stat: Path) -> int:
    """utime + stime of a /proc stat file: fields 14 and 15 (1-based), after the "(comm)" field."""
    fields = stat.read_text().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def settle_jit(service: Service, url: str, bodies: list[Path], boundary: str, limit: float) -> dict:
    """Drives the service at c=16 in chunks, over every input in turn, until the JIT is quiet."""
    started = time.monotonic()
    share = 1.0
    chunk = 0
    while time.monotonic() - started < limit:
        cpu, compiler = service.cpu_seconds(), service.compiler_cpu_seconds()
        hey(url, bodies[chunk % len(bodies)], boundary, 16, JIT_CHUNK_SECONDS)
        chunk += 1
        spent = service.cpu_seconds() - cpu
        share = (service.compiler_cpu_seconds() - compiler) / spent if spent else 0.0
        print(f"JIT warm-up chunk {chunk}: compilers {100 * share:.1f} % of the CPU", flush=True)
        if share < JIT_SETTLED_SHARE:
            break
    return {"seconds": time.monotonic() - started, "last_compiler_share": share}


def hey(url: str, body: Path, boundary: str, concurrency: int, seconds: float) -> dict:
    command = [
        "hey", "-z", f"{seconds}s", "-c", str(concurrency), "-t", "120", "-m", "POST",
        "-T", f"multipart/form-data; boundary={boundary}", "-D", str(body), url,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse_hey(output)


def parse_hey(output: str) -> dict:
    def seconds_after(label: str) -> float:
        match = re.search(rf"{re.escape(label)}\s+([0-9.]+) secs", output)
        return float(match.group(1)) if match else float("nan")

    statuses = {
        int(code): int(count) for code, count in re.findall(r"\[(\d+)\]\s+(\d+) responses", output)
    }
    error_section = output.partition("Error distribution:")[2]
    errors = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]", error_section, re.MULTILINE))
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    return {
        "requests_per_second": float(rps.group(1)) if rps else 0.0,
        "p50_ms": 1000 * seconds_after("50% in"),
        "p90_ms": 1000 * seconds_after("90% in"),
        "p99_ms": 1000 * seconds_after("99% in"),
        "responses": sum(statuses.values()),
        "non_200": sum(n for code, n in statuses.items() if code != 200),
        "transport_errors": errors,
    }


def stage_means(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    means = {}
    for key, metric in STAGE_METRICS.items():
        count = after.get(f"{metric}_count", 0) - before.get(f"{metric}_count", 0)
        total = after.get(f"{metric}_sum", 0) - before.get(f"{metric}_sum", 0)
        means[key] = 1000 * total / count if count else float("nan")
    batches = after.get("tscam_batch_size_count", 0) - before.get("tscam_batch_size_count", 0)
    images = after.get("tscam_batch_size_sum", 0) - before.get("tscam_batch_size_sum", 0)
    means["mean_batch_size"] = images / batches if batches else float("nan")
    latency = after.get("tscam_batch_size_count:latency", 0) - before.get(
        "tscam_batch_size_count:latency", 0
    )
    means["latency_batch_share"] = latency / batches if batches else float("nan")
    return means


def run(args: argparse.Namespace) -> dict:
    manifest = json.loads((args.inputs / "inputs.json").read_text())
    service = Service(args.jar, args.model, args.port, args.out.with_suffix(".log"))
    try:
        ready_seconds = service.wait_ready()
        idle_rss_kib = service.proc_status()["VmRSS"]
        inference = service.inference()
        url = service.url("/localize")
        bodies = [args.inputs / f"{item['name']}.body" for item in manifest["inputs"]]
        jit = settle_jit(service, url, bodies, manifest["boundary"], args.jit_settle_max)
        inputs = []
        for item, body in zip(manifest["inputs"], bodies):
            hey(url, body, manifest["boundary"], 4, args.warmup)  # JIT, caches, ONNX Runtime arenas
            before = service.metrics()
            points = []
            for concurrency in args.concurrency:
                cpu_before, load_before = service.cpu_seconds(), children_cpu_seconds()
                point = hey(url, body, manifest["boundary"], concurrency, args.seconds)
                cpu = service.cpu_seconds() - cpu_before
                load = children_cpu_seconds() - load_before
                point.update(concurrency=concurrency, **service.proc_status())
                answered = point["responses"]
                point["service_cpu_ms_per_request"] = 1000 * cpu / answered if answered else None
                point["load_generator_cpu_ms_per_request"] = (
                    1000 * load / answered if answered else None
                )
                print(
                    f"{args.label} {args.model.name} {item['name']} c={concurrency}: "
                    f"{point['requests_per_second']:.1f} req/s, p50 {point['p50_ms']:.1f} ms, p99 "
                    f"{point['p99_ms']:.1f} ms, non-200 {point['non_200']}, HWM "
                    f"{point['VmHWM'] / 1024:.0f} MiB",
                    flush=True,
                )
                points.append(point)
            inputs.append(
                {**item, "points": points, "stages": stage_means(before, service.metrics())}
            )
        return {
            "label": args.label,
            "jar": str(args.jar),
            "inference": inference,
            "idle_rss_kib": idle_rss_kib,
            "model": str(args.model),
            "java_opts": os.environ.get("BENCH_JAVA_OPTS", ""),
            "service_args": os.environ.get("BENCH_SERVICE_ARGS", ""),
            "ready_seconds": ready_seconds,
            "jit_warmup": jit,
            "seconds_per_point": args.seconds,
            "inputs": inputs,
            "peak_rss_kib": service.proc_status()["VmHWM"],
        }
    finally:
        service.stop()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jar", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--inputs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--jit-settle-max", type=float, default=240)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--label", default="new", help="which build this is, for the report")
    args = parser.parse_args(argv)
    args.out.write_text(json.dumps(run(args), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
