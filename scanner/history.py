"""Scan history for scheduled scans: each scan's JSON report kept in a folder, newest compared with the last.

Files are named by the scan's start time (`tierguard-20261125T030000Z.json`), so the folder sorts
in time order and survives being synced to a bucket or committed. Retention keeps the newest N.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .drift import Baseline, BaselineError, read_baseline
from .result import ScanResult

_NAME = re.compile(r"^tierguard-(\d{8}T\d{6}Z)(?:-(\d+))?\.json$")
DEFAULT_KEEP = 90


class HistoryError(Exception):
    """The history folder cannot be used; one sentence for the user (exit 2)."""


@dataclass
class History:
    folder: Path
    keep: int = DEFAULT_KEEP
    unreadable: list[str] = field(default_factory=list)  # older scans that could not be read, with why

    def scans(self) -> list[Path]:
        """Kept scans, oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted((p for p in self.folder.iterdir() if _NAME.match(p.name) and p.is_file()), key=_order)

    def previous(self) -> tuple[Path, Baseline] | None:
        """The newest readable scan; unreadable ones are noted and skipped, never fatal."""
        for path in reversed(self.scans()):
            try:
                return path, read_baseline(path)
            except BaselineError as exc:
                self.unreadable.append(str(exc))
        return None

    def record(self, report: Path, result: ScanResult) -> Path:
        """Keep a copy of this scan's JSON report; drop the oldest beyond `keep`. Returns the file written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = result.started.strftime("%Y%m%dT%H%M%SZ")
            path = self.folder / f"tierguard-{stamp}.json"
            counter = 1
            while path.exists():  # two scans within one second
                counter += 1
                path = self.folder / f"tierguard-{stamp}-{counter}.json"
            temporary = path.with_suffix(".json.partial")
            temporary.write_bytes(report.read_bytes())
            temporary.replace(path)  # a scan killed mid-write never leaves a truncated "previous scan"
            for old in self.scans()[: -self.keep]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            raise HistoryError(f"{self.folder}: cannot keep the scan history ({exc.strerror or exc})") from None
        return path


def _order(path: Path) -> tuple[str, int]:
    match = _NAME.match(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 1)
