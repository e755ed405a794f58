"""What installing tierguard costs a new user: `pipx install` of the wheel from a clean pip cache.

    python bench/install_bench.py [--pipx-version 1.7.1]

Builds the wheel from a clean copy of the sources, installs pipx into a scratch venv, then times
`pipx install WHEEL` with PIPX_HOME in a scratch folder and pip's cache off (every package is
downloaded), and `tierguard demo` in the result. Reports the packages installed, the size on disk,
the largest distributions, and for each direct dependency the packages it brings (its closure) and
their size: what dominates. Writes bench/results-install.json. Needs the package index (PyPI).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOT_SOURCES = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", ".venv", "venv", "node_modules", "__pycache__", ".typecheck",
                                     "tierguard-report", "test-artifacts", "synth_fixtures", "tests", "bench")

# Run inside the installed venv: every distribution with its size, and what it requires.
INVENTORY = r"""
import json, re
from importlib import metadata
out = {}
for dist in metadata.distributions():
    name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
    size = sum((f.size or 0) for f in (dist.files or []))
    requires = []
    for req in dist.requires or []:
        if "extra ==" in req and name != "moto":
            continue
        if name == "moto" and "extra ==" in req and "cloudformation" not in req:
            continue
        requires.append(re.sub(r"[-_.]+", "-", re.split(r"[ ;<>=!~\[(]", req, 1)[0]).lower())
    out[name] = {"size": size, "requires": requires}
print(json.dumps(out))
"""


def run(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start, done


def closure(name: str, graph: dict[str, dict], seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if name in seen or name not in graph:
        return seen
    seen.add(name)
    for child in graph[name]["requires"]:
        closure(child, graph, seen)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pipx-version", default="1.7.1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tierguard-install-") as scratch_name:
        scratch = Path(scratch_name)
        source = scratch / "src"
        shutil.copytree(REPO, source, ignore=NOT_SOURCES)
        build_s, _ = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-q", "-w",
                          str(scratch / "wheel"), str(source)], timeout=900)
        wheel = next((scratch / "wheel").glob("tierguard-*.whl"))
        run([sys.executable, "-m", "venv", str(scratch / "pipx-venv")], timeout=300)
        run([str(scratch / "pipx-venv" / "bin" / "pip"), "install", "-q", "--no-cache-dir", f"pipx=={args.pipx_version}"],
            timeout=600)
        env = {**os.environ, "PIPX_HOME": str(scratch / "pipx"), "PIPX_BIN_DIR": str(scratch / "bin"),
               "PIP_NO_CACHE_DIR": "1", "PIPX_DEFAULT_PYTHON": sys.executable}
        install_s, _ = run([str(scratch / "pipx-venv" / "bin" / "pipx"), "install", str(wheel)], env=env, timeout=1800)
        venv_python = scratch / "pipx" / "venvs" / "tierguard" / "bin" / "python"
        _, listing = run([str(venv_python), "-c", INVENTORY], timeout=300)
        graph = json.loads(listing.stdout)
        work = scratch / "work"
        work.mkdir()
        demo_s, _ = run([str(scratch / "bin" / "tierguard"), "demo", "--quiet"], cwd=work, timeout=900)

    packages = {k: v for k, v in graph.items() if k not in ("pip", "setuptools", "wheel")}
    total = sum(v["size"] for v in packages.values())
    direct = graph["tierguard"]["requires"]
    by_direct = {}
    closures = {dependency: closure(dependency, graph) for dependency in direct}
    for dependency, members in closures.items():
        others = set().union(*(c for d, c in closures.items() if d != dependency))
        only = members - others  # what leaving this dependency out would save
        by_direct[dependency] = {"packages": len(members), "mb": round(sum(graph[m]["size"] for m in members) / 1e6, 1),
                                 "only_via_it": len(only), "only_via_it_mb": round(sum(graph[m]["size"] for m in only) / 1e6, 1)}
    largest = sorted(packages.items(), key=lambda item: -item[1]["size"])[:12]
    results = {
        "python": sys.version.split()[0],
        "wheel_build_s": round(build_s, 1),
        "pipx_install_clean_cache_s": round(install_s, 1),
        "first_demo_s": round(demo_s, 1),
        "packages": len(packages),
        "installed_mb": round(total / 1e6, 1),
        "largest_mb": {name: round(info["size"] / 1e6, 1) for name, info in largest},
        "direct_dependencies": dict(sorted(by_direct.items(), key=lambda item: -item[1]["mb"])),
    }
    print(json.dumps(results, indent=2))
    (REPO / "bench" / "results-install.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
