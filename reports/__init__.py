"""Report formats: one registry drives the command line's --format choices, the writers and the tests.

Each format is a module with `render(result) -> str | bytes`, imported only when the format is asked
for (Jinja2 and the XML writer load on demand). JSON is always written. Files are written through
scanner.safe_files: never through a link planted in the output folder.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from ..scanner.result import ScanResult
from ..scanner.safe_files import prepare_folder, remove_file, write_file


@dataclass(frozen=True)
class ReportFormat:
    name: str  # the --format value
    file_name: str  # in the output folder
    module: str  # reports.<module>.render renders it
    description: str


FORMATS: dict[str, ReportFormat] = {f.name: f for f in (
    ReportFormat("json", "tierguard.json", "json_report", "the report, schema tierguard/report@1 (always written)"),
    ReportFormat("html", "tierguard.html", "html_report", "one self-contained page"),
    ReportFormat("md", "tierguard.md", "markdown_report", "a pull-request comment or CI job summary"),
    ReportFormat("sarif", "tierguard.sarif", "sarif_report", "SARIF 2.1.0 for code scanning"),
    ReportFormat("junit", "tierguard.junit.xml", "junit_report", "JUnit XML for CI test views"),
)}
ALWAYS = "json"


def render(result: ScanResult, name: str) -> str | bytes:
    module = importlib.import_module(f".{FORMATS[name].module}", __name__)
    return module.render(result)


def write_reports(result: ScanResult, formats: list[str], output_dir: Path) -> list[Path]:
    """Write the JSON report and every requested format; returns the paths written. Reports of the
    formats not asked for this time are removed, so the folder never mixes this run with an older one."""
    prepare_folder(output_dir)
    wanted = [ALWAYS, *[f for f in formats if f != ALWAYS]]
    written = [write_file(output_dir / FORMATS[name].file_name, render(result, name)) for name in wanted]
    for name, report_format in FORMATS.items():
        if name not in wanted:
            remove_file(output_dir / report_format.file_name)
    return written


def json_path(output_dir: Path) -> Path:
    return output_dir / FORMATS[ALWAYS].file_name
