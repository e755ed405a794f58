"""Report writers. JSON is always written; the others on request (--format)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..scanner.result import ScanResult

REPORT_FILES = {
    "json": "tierguard.json",
}


def _writers() -> dict[str, Callable[[ScanResult, Path], Path]]:
    from .json_report import write_json

    return {"json": write_json}


def write_reports(result: ScanResult, formats: list[str], output_dir: Path) -> list[Path]:
    """Write the JSON report and every requested format; returns the paths written."""
    output_dir.mkdir(parents=True, exist_ok=True)
    writers = _writers()
    written = []
    for name in ["json", *[f for f in formats if f != "json"]]:
        written.append(writers[name](result, output_dir / REPORT_FILES[name]))
    return written
