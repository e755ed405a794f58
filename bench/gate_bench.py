"""Benchmark the pre-deploy gate against checkov and cfn-lint, side by side in one run.

    python bench/gate_bench.py [--stacks 50] [--resources 100] [--repeat 3]

Builds a large cdk.out from the real synthesized fixtures (every stack a copy of fixture
templates with renamed logical ids, until it holds --resources resources), then measures, each
as a fresh process, wall time and peak memory (the sum of the RSS of the whole process tree,
sampled from /proc) of:

  - tierguard's own rules alone (`tierguard templates --no-checkov --no-cfn-lint`),
  - checkov's CLI alone on the manifest's template files,
  - cfn-lint's CLI alone on the same files,
  - the full gate (`tierguard templates`, checkov and cfn-lint included),

on the seed app (synth_fixtures/out/compliant) and on the large assembly; plus `tierguard --help`.
Prints a Markdown table and writes bench/results-gate.json. Linux only (reads /proc).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.process_tree import TreePeak  # noqa: E402

FIXTURES = REPO / "synth_fixtures" / "out"
BIN = Path(sys.executable).parent


def build_assembly(target: Path, stacks: int, per_stack: int) -> int:
    """A cdk.out of `stacks` stacks with about `per_stack` resources each; returns the resource count."""
    stamps = []
    for variant in sorted(FIXTURES.iterdir()):
        for template in sorted(variant.glob("*.template.json")):
            data = json.loads(template.read_text())
            if data.get("Resources"):
                stamps.append(data)
    target.mkdir(parents=True)
    artifacts = {}
    total = 0
    cursor = 0
    for index in range(stacks):
        name = f"BenchStack{index:03d}"
        resources: dict = {}
        outputs: dict = {}
        copy = 0
        while len(resources) < per_stack:
            stamp = stamps[cursor % len(stamps)]
            cursor += 1
            copy += 1
            renamed = _rename(stamp, f"C{copy}")
            room = per_stack - len(resources)
            items = list(renamed["Resources"].items())[:room]
            resources.update(items)
            outputs.update(renamed.get("Outputs", {}))
        template = {"Resources": resources, "Outputs": outputs, "Parameters": stamps[0].get("Parameters", {})}
        (target / f"{name}.template.json").write_text(json.dumps(template, indent=1))
        artifacts[name] = {
            "type": "aws:cloudformation:stack",
            "environment": "aws://123456789012/us-east-1",
            "properties": {"templateFile": f"{name}.template.json"},
        }
        total += len(resources)
    (target / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}, indent=1))
    (target / "cdk.out").write_text('{"version":"55.0.0"}')
    return total


def _rename(template: dict, suffix: str) -> dict:
    """Copy of a template with every logical id suffixed (references follow)."""
    text = json.dumps(template)
    for logical_id in sorted(template.get("Resources", {}), key=len, reverse=True):
        text = re.sub(rf'"{re.escape(logical_id)}([".])', rf'"{logical_id}{suffix}\1', text)
        text = text.replace("${" + logical_id, "${" + logical_id + suffix)
    return json.loads(text)


def measure(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """(wall seconds, peak tree RSS in MB, exit code) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with TreePeak(process.pid, every_s=0.02) as peak:
        code = process.wait()
        elapsed = time.perf_counter() - started
    return elapsed, peak.kib // 1024, code


def run_suite(label: str, assembly: Path, repeat: int, workdir: Path) -> dict:
    templates = [str(assembly / t) for t in sorted(os.listdir(assembly)) if t.endswith(".template.json")]
    checkov_files = [arg for path in templates for arg in ("-f", path)]
    commands = {
        "tierguard rules only": [str(BIN / "tierguard"), "templates", str(assembly), "-q", "--no-checkov", "--no-cfn-lint",
                                 "--output-dir", str(workdir / "out-rules")],
        "checkov CLI": [str(BIN / "checkov"), *checkov_files, "--framework", "cloudformation", "--skip-download",
                        "--quiet", "--compact", "--output", "json"],
        "cfn-lint CLI": [str(BIN / "cfn-lint"), *templates],
        "tierguard gate (all engines)": [str(BIN / "tierguard"), "templates", str(assembly), "-q",
                                         "--output-dir", str(workdir / "out-gate")],
    }
    rows = {}
    for name, command in commands.items():
        runs = [measure(command, workdir) for _ in range(repeat)]
        rows[name] = {
            "wall_s": round(statistics.median(r[0] for r in runs), 2),
            "peak_mb": max(r[1] for r in runs),
            "exit": runs[0][2],
        }
        print(f"  {label:<10} {name:<30} {rows[name]['wall_s']:>7.2f} s {rows[name]['peak_mb']:>6} MB", flush=True)
    return rows


def rules_in_process(assembly: Path, repeat: int) -> float:
    """Reading the templates and running tierguard's rules, without process start-up."""
    code = (
        "import time,sys;from tierguard.scanner.gate import scan_templates, OWN_RULES_ONLY;"
        "from tierguard.scanner.config import Config;"
        f"t=time.perf_counter();scan_templates([{str(assembly)!r}], Config(), OWN_RULES_ONLY);"
        "print(time.perf_counter()-t)"
    )
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(repeat)]
    return round(statistics.median(times), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stacks", type=int, default=50)
    parser.add_argument("--resources", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tierguard-bench-"))
    try:
        large = workdir / "large.out"
        count = build_assembly(large, args.stacks, args.resources)
        size_mb = sum(f.stat().st_size for f in large.glob("*.json")) / 1e6
        print(f"large assembly: {args.stacks} stacks, {count} resources, {size_mb:.1f} MB; {os.cpu_count()} cores")

        help_runs = [measure([str(BIN / "tierguard"), "--help"], workdir)[0] for _ in range(10)]
        results = {
            "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
            "large": {"stacks": args.stacks, "resources": count, "mb": round(size_mb, 1)},
            "help_s": round(statistics.median(help_runs), 3),
            "seed": run_suite("seed", FIXTURES / "compliant", args.repeat, workdir),
            "scale": run_suite("scale", large, args.repeat, workdir),
            "rules_in_process_s": {
                "seed": rules_in_process(FIXTURES / "compliant", args.repeat),
                "scale": rules_in_process(large, args.repeat),
            },
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    seed, scale = results["seed"], results["scale"]
    checks = {
        "own rules <= 1/20 of checkov (scale, in-process rules vs checkov CLI)":
            results["rules_in_process_s"]["scale"] <= scale["checkov CLI"]["wall_s"] / 20,
        "own rules <= 1/20 of checkov (scale, whole `--no-checkov --no-cfn-lint` process)":
            scale["tierguard rules only"]["wall_s"] <= scale["checkov CLI"]["wall_s"] / 20,
        "seed gate <= 1.2 x checkov alone":
            seed["tierguard gate (all engines)"]["wall_s"] <= 1.2 * seed["checkov CLI"]["wall_s"],
        "scale gate <= slowest engine alone":
            scale["tierguard gate (all engines)"]["wall_s"]
            <= max(scale["checkov CLI"]["wall_s"], scale["cfn-lint CLI"]["wall_s"]),
        "tierguard --help < 0.3 s": results["help_s"] < 0.3,
    }
    results["targets"] = checks

    print("\n| input | command | wall (s) | peak memory (MB) |\n|---|---|---:|---:|")
    for label in ("seed", "scale"):
        for name, row in results[label].items():
            print(f"| {label} | {name} | {row['wall_s']:.2f} | {row['peak_mb']} |")
    print(f"\nown rules in process (read + resolve + rules): seed {results['rules_in_process_s']['seed']} s, "
          f"scale {results['rules_in_process_s']['scale']} s")
    print(f"tierguard --help: {results['help_s']} s (median of 10)\n")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {name}")
    out = Path(__file__).resolve().parent / "results-gate.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
