"""Summarises a hey CSV run (one row per completed request) for bench/overload.sh.

Usage: summarize.py RUN.csv DURATION_SECONDS
Prints one line of key=value pairs: counts per status, throughput of 200s, p50/p99 of 200s (ms).
"""

import csv
import sys


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def main(path, duration):
    statuses = {}
    accepted = []
    with open(path, newline="") as rows:
        for row in csv.DictReader(rows):
            status = int(row["status-code"])
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                accepted.append(float(row["response-time"]) * 1000)
    accepted.sort()
    fields = {
        "completed": sum(statuses.values()),
        "statuses": ",".join(f"{code}:{count}" for code, count in sorted(statuses.items())),
        "ok_per_s": f"{len(accepted) / duration:.1f}",
        "p50_ms": f"{percentile(accepted, 0.50):.0f}",
        "p99_ms": f"{percentile(accepted, 0.99):.0f}",
        "max_ms": f"{accepted[-1] if accepted else float('nan'):.0f}",
    }
    print(" ".join(f"{key}={value}" for key, value in fields.items()))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
