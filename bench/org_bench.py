"""Benchmark organization scans: 1, 10 and 50 member accounts x 2 regions, and the merge of 100 shard reports.

    python bench/org_bench.py [--members 1,10,50] [--latency-ms 80] [--merge-reports 100] [--merge-members 10]

For each member count, a fresh moto_server on a free loopback port holds an AWS Organization whose members each
have a world-open SSH group in both regions (tests/org_lab.py, planted through each member's assumed role). The
scan talks to moto through a loopback relay that holds every request --latency-ms (the round trip to AWS, so the
network rather than moto's CPU dominates a single account), and runs as the user runs it:

    tierguard account --organization --regions us-east-1,eu-west-1 --no-checkov --format json

(one process, the default), and once more for the largest organization with --processes 2 and with
--max-workers 128 (at the default 32 calls in flight, 80 ms per call allows at most 400 calls a second).

The baseline is `tierguard account` of the calling account alone, through the same relay. Every run measured is
the second of two (moto builds parts of an account lazily, on first use: a first scan of an organization costs
moto about 4x the CPU, which is the stand-in's cost, not AWS's). Measured: wall time; peak resident memory of
tierguard's processes together (sampled from /proc every 50 ms) and of the largest one (GNU time); CPU time of
tierguard and its worker processes (os.wait4); moto_server's CPU time during the scan (/proc: on 2 cores the two
compete, so this says how much of the wall time is the stand-in AWS's own work); API calls per account (the
report's count); the ratio of the 50-member time to the one-account time (target <= 5 on this 2-core machine)
and the memory added per account (target: flat, since raw API answers are dropped once an account is judged).

Then `tierguard merge` of --merge-reports shard reports is timed and its peak memory read: --merge-members members
are scanned as that many shards (--shard I/N, no relay, two at a time), and their reports copied under new
account ids up to the number wanted (see merge_run).

Writes bench/results-org.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.account_bench import latency_relay  # noqa: E402
from bench.process_tree import TreePeak  # noqa: E402
from tests.conftest import MOTO_GAPS, aws_environment, start_moto_server  # noqa: E402
from tests.org_lab import build_organization  # noqa: E402

REGIONS = ("us-east-1", "eu-west-1")
TIERGUARD = Path(sys.executable).with_name("tierguard")
SKIPS = [arg for gap in MOTO_GAPS for arg in ("--skip", gap)]
MOTO_PID: list[int] = []  # the moto_server of the run being measured


GNU_TIME = Path("/usr/bin/time")


def measured(command: list[str], env: dict[str, str], cwd: Path) -> tuple[int, float, float, float, float]:
    """Run one process: (exit code, wall seconds, peak RSS in MiB of all its processes together, of the largest
    one, CPU seconds it and the worker processes it waited for used).

    The sum is sampled every 50 ms from /proc (a scan of several accounts runs worker processes beside the
    parent). The largest single process is read by GNU time when it is installed: a child's own ru_maxrss
    also counts the memory of the process it was forked from (this bench, which grows with the organization
    it builds)."""
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile("r") as peak_file:
        wrapper = [str(GNU_TIME), "-f", "%M", "-o", peak_file.name] if GNU_TIME.exists() else []
        process = subprocess.Popen(wrapper + command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with TreePeak(process.pid, every_s=0.05) as peak_sum:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode() if process.stderr else ""
        if process.returncode not in (0, 1, 3):
            raise SystemExit(f"{' '.join(command)} exited {process.returncode}: {stderr[-2000:]}")
        recorded = peak_file.read().strip().splitlines()
        peak_kib = int(recorded[-1]) if wrapper and recorded and recorded[-1].isdigit() else usage.ru_maxrss
    return process.returncode, wall, max(peak_sum.kib, peak_kib) / 1024, peak_kib / 1024, usage.ru_utime + usage.ru_stime


def cpu_seconds(pid: int) -> float:
    """CPU time a running process has used so far (Linux /proc): moto_server's share of a scan's wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scan(env: dict[str, str], folder: Path, *options: str) -> dict:
    out = folder / "report"
    command = [str(TIERGUARD), "account", "--regions", ",".join(REGIONS), "--no-checkov", *SKIPS, "--format", "json",
               "--output-dir", str(out), "--quiet", *options]
    moto_before = cpu_seconds(MOTO_PID[0]) if MOTO_PID else 0.0
    code, wall, peak, largest, cpu = measured(command, env, folder)
    moto_cpu = cpu_seconds(MOTO_PID[0]) - moto_before if MOTO_PID else None
    report = json.loads((out / "tierguard.json").read_text())
    accounts = len(report["account_scan"]["accounts"])
    return {"exit_code": code, "wall_s": round(wall, 2), "peak_rss_mib": round(peak, 1),
            "largest_process_rss_mib": round(largest, 1), "accounts": accounts,
            "tierguard_cpu_s": round(cpu, 2), "moto_cpu_s": round(moto_cpu, 2) if moto_cpu is not None else None,
            "api_calls": report["account_scan"]["api_calls"],
            "api_calls_per_account": round(report["account_scan"]["api_calls"] / accounts, 1),
            "resources": report["summary"]["resources"], "findings": len(report["findings"]),
            "complete": report["scan"]["complete"], "errors": [e["message"] for e in report["scan"]["errors"]]}


def organization_runs(members: list[int], latency_ms: float) -> dict:
    results: dict = {}
    for count in members:
        process, endpoint = start_moto_server()
        MOTO_PID[:] = [process.pid]
        try:
            started = time.perf_counter()
            build_organization(endpoint, members=count, regions=REGIONS)
            print(f"{count} member(s): organization built in {time.perf_counter() - started:.0f} s", flush=True)
            port = latency_relay(int(endpoint.rsplit(":", 1)[1]), latency_ms / 1000)
            env = {**os.environ, **aws_environment(f"http://127.0.0.1:{port}")}
            with tempfile.TemporaryDirectory() as folder:
                if "one_account" not in results:
                    scan(env, Path(folder))  # warm-up: moto builds its per-account backends on first use
                    results["one_account"] = scan(env, Path(folder))
                    one = results["one_account"]
                    print(f"  one account:        {one['wall_s']:6.2f} s, {one['peak_rss_mib']:.0f} MiB, "
                          f"CPU tierguard {one['tierguard_cpu_s']} s, moto {one['moto_cpu_s']} s", flush=True)
                scan(env, Path(folder), "--organization")  # warm-up, as for the one account: moto's lazy backends
                run = scan(env, Path(folder), "--organization")
                results[f"members_{count}"] = run
                _print(f"--organization ({run['accounts']} accounts)", run)
                if count == max(members):
                    workers = scan(env, Path(folder), "--organization", "--processes", "2")
                    results[f"members_{count}_two_processes"] = workers
                    _print("  ... with --processes 2", workers)
                    # 32 calls in flight at 80 ms are at most 400 calls a second: a floor of its own
                    wide = scan(env, Path(folder), "--organization", "--max-workers", "128")
                    results[f"members_{count}_max_workers_128"] = wide
                    _print("  ... with --max-workers 128", wide)
        finally:
            stop(process)
    return results


def _print(what: str, run: dict) -> None:
    print(f"  {what}: {run['wall_s']:6.2f} s, {run['peak_rss_mib']:.0f} MiB ({run['largest_process_rss_mib']:.0f} MiB "
          f"largest process), {run['api_calls_per_account']} calls per account, CPU tierguard {run['tierguard_cpu_s']} s, "
          f"moto {run['moto_cpu_s']} s, complete {run['complete']}", flush=True)


def stop(process: subprocess.Popen) -> None:
    """End moto_server; a server still busy after 30 s is killed (it holds nothing worth waiting for)."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def _as_account(report: dict, old: str, new: str) -> dict:
    """The same report with one account id replaced everywhere (ids, ARNs, labels, messages)."""
    return json.loads(json.dumps(report).replace(old, new))


def merge_run(reports_wanted: int, members: int) -> dict:
    """`tierguard merge` of `reports_wanted` shard reports, one account each. Scanning that many moto accounts
    takes longer than the merge deserves (moto builds a 100-member organization in about 8 minutes here), so a
    `members`-member organization is scanned as `members` shards, and each shard report is copied under new
    account ids until there are `reports_wanted` of them: real reports, distinct accounts, the same size."""
    process, endpoint = start_moto_server()
    MOTO_PID[:] = []  # shard scans run two at a time: moto's CPU is not attributed to one of them
    try:
        started = time.perf_counter()
        build_organization(endpoint, members=members, regions=REGIONS)
        print(f"merge: {members}-member organization built in {time.perf_counter() - started:.0f} s", flush=True)
        env = {**os.environ, **aws_environment(endpoint)}
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)

            def shard(index: int) -> Path:
                own = base / f"shard-{index}"
                own.mkdir()
                scan(env, own, "--organization", "--shard", f"{index}/{members}")
                return own / "report" / "tierguard.json"

            with ThreadPoolExecutor(max_workers=2) as pool:
                scanned = list(pool.map(shard, range(1, members + 1)))
            reports: list[Path] = []
            used = {a for path in scanned for a in json.loads(path.read_text())["account_scan"]["accounts"]}
            for copy in range(-(-reports_wanted // members)):
                for index, path in enumerate(scanned):
                    if len(reports) == reports_wanted:
                        break
                    report = json.loads(path.read_text())
                    if copy:
                        for account in report["account_scan"]["accounts"]:
                            new = int(account)
                            while f"{new:012d}" in used:
                                new = (new + 7919) % 10**12
                            used.add(f"{new:012d}")
                            report = _as_account(report, account, f"{new:012d}")
                    report["account_scan"]["shards"] = [f"{len(reports) + 1}/{reports_wanted}"]  # one run's shards
                    target = base / f"report-{copy}-{index}.json"
                    target.write_text(json.dumps(report))
                    reports.append(target)
            size = sum(p.stat().st_size for p in reports)
            command = [str(TIERGUARD), "merge", *map(str, reports), "--format", "json,html,md,sarif,junit",
                       "--output-dir", str(base / "merged"), "--quiet"]
            code, wall, peak, _, cpu = measured(command, env, base)
            merged = json.loads((base / "merged" / "tierguard.json").read_text())
    finally:
        stop(process)
    result = {"shard_reports": len(reports), "scanned_shards": members, "shard_reports_mib": round(size / 2**20, 2),
              "exit_code": code, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mib": round(peak, 1),
              "accounts": len(merged["account_scan"]["accounts"]), "findings": len(merged["findings"]),
              "complete": merged["scan"]["complete"]}
    print(f"  merge of {result['shard_reports']} reports ({result['shard_reports_mib']} MiB): {result['wall_s']} s, "
          f"{result['peak_rss_mib']:.0f} MiB, {result['accounts']} accounts, complete {result['complete']}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", default="1,10,50")
    parser.add_argument("--latency-ms", type=float, default=80.0)
    parser.add_argument("--merge-reports", type=int, default=100)
    parser.add_argument("--merge-members", type=int, default=10, help="members scanned to make the merge's reports")
    args = parser.parse_args()
    members = [int(n) for n in args.members.split(",")]
    result: dict = {"latency_ms": args.latency_ms, "regions": list(REGIONS), "cores": os.cpu_count()}
    output = Path(__file__).resolve().parent / "results-org.json"
    result.update(organization_runs(members, args.latency_ms))
    output.write_text(json.dumps(result, indent=2) + "\n")  # kept even if the merge stage fails
    largest, one = result[f"members_{max(members)}"], result["one_account"]
    result["ratio_largest_to_one_account"] = round(largest["wall_s"] / one["wall_s"], 2)
    smallest = result[f"members_{min(members)}"]
    extra_accounts = largest["accounts"] - smallest["accounts"]
    if extra_accounts:
        result["memory_per_added_account_mib"] = round((largest["peak_rss_mib"] - smallest["peak_rss_mib"]) / extra_accounts, 2)
    if args.merge_reports:
        result["merge"] = merge_run(args.merge_reports, args.merge_members)
    print(f"{largest['accounts']} accounts in {largest['wall_s']} s = {result['ratio_largest_to_one_account']}x one account "
          f"(target <= 5); memory per added account {result.get('memory_per_added_account_mib')} MiB")
    output.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
