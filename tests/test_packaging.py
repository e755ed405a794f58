"""tierguard installed from its wheel, not only editable: every module, the price data, the report
templates and the demo's material ship, and the demo runs from the installed files."""
from __future__ import annotations

import json
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
                                      "__pycache__", ".typecheck", "tierguard-report", "test-artifacts", "synth_fixtures", "tests")


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


def test_the_demo_is_complete_from_the_wheel_in_a_fresh_venv_without_extras(wheel, tmp_path) -> None:
    """Issue 11.1: what `pip install .` / `pipx install .` gives a user, with none of the test extras: a
    separate venv (not this one, whose test dependencies would hide a missing one), its own console
    script, and a demo whose both halves are complete scans."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    installed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True,
                               timeout=120).stdout.lower()
    for test_only in ("pytest", "selenium", "flask", "pre-commit"):
        assert f"{test_only}==" not in installed, f"{test_only} came with a plain install"
    work = tmp_path / "work"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import tierguard.scanner; print(tierguard.scanner.__file__)"], cwd=work,
                           capture_output=True, text=True, timeout=60)
    assert where.stdout.strip().startswith(str(venv)), where  # the wheel's copy, not the checkout
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTHON", "VIRTUAL_ENV"))}
    demo = subprocess.run([str(venv / "bin" / "tierguard"), "demo"], cwd=work, env={**env, "COLUMNS": "120"},
                          capture_output=True, text=True, timeout=900)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "Scan incomplete" not in demo.stdout and "ModuleNotFoundError" not in demo.stdout + demo.stderr
    for half in ("templates", "account"):
        report = json.loads((work / "tierguard-report" / half / "tierguard.json").read_text())
        assert report["scan"]["complete"] is True, (half, report["scan"]["errors"])
        assert report["summary"]["exit_code"] in (0, 1), half
    assert (work / "tierguard-report" / "templates" / "tierguard.html").is_file()
    # the AWS Batch image adds integrations/aws/tierguard_batch.py beside the wheel: it runs on what the wheel installed
    helper = subprocess.run([str(python), str(REPO / "integrations" / "aws" / "tierguard_batch.py"), "merge"], cwd=work,
                            env=env, capture_output=True, text=True, timeout=120)
    assert helper.returncode == 2 and helper.stderr.strip() == "tierguard-batch: TIERGUARD_BUCKET is not set", helper.stderr


def test_the_docker_build_context_builds_the_same_wheel(wheel, tmp_path) -> None:
    """The Dockerfile builds the wheel from what .dockerignore lets into the build context (no Docker engine
    here to build the image itself): that context must give the same wheel, and the Batch helper the image
    adds must be in it."""
    patterns = [line.strip().removeprefix("**/") for line in (REPO / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    context, out = tmp_path / "context", tmp_path / "out"
    shutil.copytree(REPO, context, ignore=shutil.ignore_patterns(*patterns))
    assert (context / "integrations" / "aws" / "tierguard_batch.py").is_file()
    assert not (context / ".git").exists() and not (context / ".venv").exists()
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(context)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("tierguard-*.whl")
    assert set(zipfile.ZipFile(built).namelist()) == set(zipfile.ZipFile(wheel).namelist())
