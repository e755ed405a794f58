"""Shared test helpers: fixture paths, running the real CLI, scanning in-process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SYNTH = REPO / "synth_fixtures" / "out"
TEMPLATES = Path(__file__).resolve().parent / "templates"
CORPUS = Path(__file__).resolve().parent / "corpus" / "cfn-lint-templates"  # vendored, MIT-0


def variant(name: str) -> Path:
    path = SYNTH / name
    assert (path / "manifest.json").is_file(), f"missing synthesized fixture {name}; run synth_fixtures/regenerate.sh"
    return path


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str
    report: dict | None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_tierguard(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> CliRun:
    """Run the installed console script as a user would, in `cwd`."""
    exe = Path(sys.executable).with_name("tierguard")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "tierguard.scanner.cli"]
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    done = subprocess.run(
        command + list(args), cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout
    )
    report_path = cwd / "tierguard-report" / "tierguard.json"
    for index, arg in enumerate(args):
        if arg == "--output-dir":
            report_path = cwd / args[index + 1] / "tierguard.json"
    report = json.loads(report_path.read_text()) if report_path.is_file() else None
    return CliRun(done.returncode, done.stdout, done.stderr, report)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working folder (no tierguard.toml), so runs use the defaults."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder
