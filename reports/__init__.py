"""Report writers. JSON is always written; the others on request (--format)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..scanner.result import ScanResult

REPORT_FILES = {
    "json": "tierguard.json",
    "html": "tierguard.html",
    "md": "tierguard.md",
    "sarif": "tierguard.sarif",
    "junit": "tierguard.junit.xml",
}


def _writers() -> dict[str, Callable[[ScanResult, Path], Path]]:
    # Imported here: Jinja2 and the XML writer load only when their format is asked for.
    from .html_report import write_html
    from .json_report import write_json
    from .junit_report import write_junit
    from .markdown_report import write_markdown
    from .sarif_report import write_sarif

    return {"json": write_json, "html": write_html, "md": write_markdown, "sarif": write_sarif, "junit": write_junit}


def write_reports(result: ScanResult, formats: list[str], output_dir: Path) -> list[Path]:
    """Write the JSON report and every requested format; returns the paths written. Reports of the
    formats not asked for this time are removed, so the folder never mixes this run with an older one."""
    output_dir.mkdir(parents=True, exist_ok=True)
    writers = _writers()
    written = []
    wanted = ["json", *[f for f in formats if f != "json"]]
    for name in wanted:
        written.append(writers[name](result, output_dir / REPORT_FILES[name]))
    for name, file_name in REPORT_FILES.items():
        stale = output_dir / file_name
        if name not in wanted and (stale.is_symlink() or stale.is_file()):
            stale.unlink()  # a link is removed itself, never followed
    return written
