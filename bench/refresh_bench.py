"""Benchmark the price-table refresh on an AmazonEC2-sized offer file: it must stream.

    python bench/refresh_bench.py [--mb 450]

Writes a synthetic offer CSV of about --mb megabytes (the eu-west-1 AmazonEC2 offer is 441 MB)
in the shape AWS publishes, with the handful of rows tierguard wants buried among the rest,
then runs `python -m tierguard.scanner.cost.refresh FILE --dry-run` and reports its wall time
and peak memory. Streaming means the peak stays flat whatever the file size.
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate", "StartingRange",
          "EndingRange", "Unit", "PricePerUnit", "Currency", "Product Family", "serviceCode", "Location",
          "Location Type", "Instance Type", "Tenancy", "Operating System", "Pre Installed S/W", "CapacityStatus",
          "usageType", "operation", "Region Code", "Storage", "Network Performance", "Processor Architecture"]


def write_offer(path: Path, megabytes: int) -> int:
    rows = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        for meta in (["FormatVersion", "v1.0"], ["Disclaimer", "synthetic"], ["Publication Date", "2026-12-01T09:00:00Z"],
                     ["Version", "20261201090000"], ["OfferCode", "AmazonEC2"]):
            writer.writerow(meta)
        writer.writerow(HEADER)
        wanted = ["BoxUsage:t3.micro", "NatGateway-Hours", "EBS:VolumeUsage.gp3"]
        limit = megabytes * 1_000_000
        while handle.tell() < limit:
            rows += 1
            usage = wanted[rows % 3] if rows % 50_000 == 0 else f"BoxUsage:r{rows % 97}.{rows % 13}xlarge"
            instance_type = usage.split(":", 1)[1] if usage.startswith("BoxUsage:") else ""
            writer.writerow([f"SKU{rows:012d}", "JRTCKXETXF", f"SKU{rows:012d}.JRTCKXETXF.6YS6EN2CT7",
                             "Reserved" if rows % 4 == 1 else "OnDemand", "a long price description for this product " * 2,
                             "2026-12-01T00:00:00Z", "0", "Inf", "Hrs",
                             "0.0460000000" if usage in wanted else f"{(rows % 1000 + 1) / 997:.10f}", "USD",
                             "Compute Instance", "AmazonEC2", "US East (N. Virginia)", "AWS Region", instance_type,
                             "Shared", "Linux" if rows % 3 else "Windows", "NA", "Used", usage, "RunInstances",
                             "us-east-1", "EBS only", "Up to 5 Gigabit", "64-bit"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=450)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tierguard-refresh-") as folder:
        offer = Path(folder) / "index.csv"
        started = time.perf_counter()
        rows = write_offer(offer, args.mb)
        size = offer.stat().st_size / 1e6
        print(f"offer: {size:.0f} MB, {rows} rows (written in {time.perf_counter() - started:.0f} s)")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tierguard.scanner.cost.refresh", str(offer), "--dry-run"],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(done.stdout.strip() or done.stderr.strip())
    result = {"offer_mb": round(size), "rows": rows, "wall_s": round(elapsed, 1), "peak_mb": round(peak_mb), "exit": done.returncode}
    print(f"refresh: {result['wall_s']} s, peak memory {result['peak_mb']} MB for a {result['offer_mb']} MB offer")
    (Path(__file__).resolve().parent / "results-refresh.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
