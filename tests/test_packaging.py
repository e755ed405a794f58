"""tierguard installed from its wheel, not only editable: every module, the price data, the report
templates and the demo's material ship, and the demo runs from the installed files."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

SHIPPED_DATA = ("tierguard/scanner/data/prices.json", "tierguard/reports/templates/report.html.j2",
                "tierguard/reports/templates/report.md.j2", "tierguard/scanner/demo/cdk.out/manifest.json")


# A copy without build leftovers: setuptools would reuse a stale build/ and hide a missing package.
_NOT_SOURCES = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", ".venv", "venv", "node_modules",
                                      "__pycache__", "tierguard-report", "test-artifacts", "synth_fixtures", "tests")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source, out = tmp_path_factory.mktemp("source") / "tierguard", tmp_path_factory.mktemp("wheel")
    shutil.copytree(REPO, source, ignore=_NOT_SOURCES)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("tierguard-*.whl")
    return built


def test_the_wheel_holds_every_module_and_data_file(wheel) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = [p.relative_to(REPO) for top in ("scanner", "rules", "reports") for p in (REPO / top).rglob("*.py")]
    missing = [str(p) for p in sources if f"tierguard/{p.as_posix()}" not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert set(SHIPPED_DATA) <= names


def test_the_demo_runs_from_the_installed_wheel(wheel, tmp_path) -> None:
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                           str(wheel)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import tierguard.scanner, sys; print(tierguard.scanner.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert where.stdout.strip().startswith(str(target)), where  # the wheel's copy, not the checkout
    demo = subprocess.run([sys.executable, "-m", "tierguard.scanner.cli", "demo"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert (work / "tierguard-report" / "templates" / "tierguard.html").is_file()
    assert (work / "tierguard-report" / "account" / "tierguard.json").is_file()
