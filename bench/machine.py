#!/usr/bin/python3
"""Describes the machine and how busy it is, for the benchmark report.

    /usr/bin/python3 bench/machine.py OUT.json          # the machine, versions, a busy check
    /usr/bin/python3 bench/machine.py --busy OUT.json   # only the busy check (after the runs)

The busy check samples /proc/stat for a few seconds while the benchmark itself is idle, and names
the processes that used the CPU in that window, so the report can say whether the numbers were
taken on a quiet machine.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

SAMPLE_SECONDS = 3.0
BUSY_PROCESS_SHARE = 0.05  # of one core, over the sample window


def cpu_times() -> tuple[int, int]:
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def process_ticks() -> dict[int, tuple[str, int]]:
    ticks = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (
                (stat.parent / "cmdline")
                .read_bytes()
                .replace(b"\0", b" ")
                .decode(errors="replace")
                .strip()
            )
        except OSError:
            continue
        rest = text.rpartition(")")[2].split()
        ticks[int(stat.parent.name)] = (
            cmdline[:120] or text.split()[1],
            int(rest[11]) + int(rest[12]),
        )
    return ticks


def busy_check() -> dict:
    busy_before, total_before = cpu_times()
    processes_before = process_ticks()
    time.sleep(SAMPLE_SECONDS)
    busy_after, total_after = cpu_times()
    processes_after = process_ticks()
    clock = os.sysconf("SC_CLK_TCK")
    busy = []
    for pid, (name, after) in processes_after.items():
        before = processes_before.get(pid, (name, after))[1]
        cores = (after - before) / clock / SAMPLE_SECONDS
        if cores >= BUSY_PROCESS_SHARE and pid != os.getpid():
            busy.append({"pid": pid, "command": name, "cores": round(cores, 2)})
    return {
        "at": now(),
        "busy_share": (busy_after - busy_before) / max(1, total_after - total_before),
        "load_average": os.getloadavg(),
        "busy_processes": sorted(busy, key=lambda p: -p["cores"]),
    }


def first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (
        (result.stdout or result.stderr).strip().splitlines()[0]
        if (result.stdout or result.stderr)
        else "unknown"
    )


def cpu_model() -> str:
    match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return match.group(1) if match else platform.processor()


def memory_gib() -> float:
    match = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    return int(match.group(1)) / 1024 / 1024


def spring_boot_version() -> str:
    pom = Path("pom.xml").read_text()
    match = re.search(r"spring-boot-starter-parent</artifactId>\s*<version>([^<]+)<", pom)
    return match.group(1) if match else "unknown"


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def describe() -> dict:
    return {
        "date": now(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib(), 1),
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "java": first_line(["java", "-version"]),
        "spring_boot": spring_boot_version(),
        "hey": "hey (Debian " + first_line(["dpkg-query", "-W", "-f", "${Version}", "hey"]) + ")",
        "git_commit": first_line(["git", "rev-parse", "--short", "HEAD"]),
        "git_dirty": bool(
            subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout
        ),
        "gpu": first_line(["sh", "-c", "nvidia-smi -L 2>/dev/null || echo none"]),
        "busy_before": busy_check(),
    }


def main(argv: list[str]) -> None:
    if argv[0] == "--busy":
        Path(argv[1]).write_text(json.dumps(busy_check(), indent=2))
    else:
        Path(argv[0]).write_text(json.dumps(describe(), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
