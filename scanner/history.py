"""Scan history for scheduled scans: each scan's JSON report kept in a folder, newest compared with the last.

Files are named by the scan's start time (`tierguard-20261125T030000Z.json`) for people and buckets, but
ordered by the time recorded inside them: a stray or renamed file cannot pose as the newest scan or push
real scans out of the retention window. Files that cannot be read, or claim a time in the future, are
named and neither used nor deleted. Writing takes a lock on the folder and never overwrites a scan.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .drift import Baseline, BaselineError, read_baseline
from .result import ScanResult
from .safe_files import UnsafeOutput, folder_lock, prepare_folder, remove_file, write_new_file

_NAME = re.compile(r"^tierguard-(\d{8}T\d{6}Z)(?:-(\d+))?\.json$")
DEFAULT_KEEP = 90
LOCK_NAME = ".tierguard-history.lock"
# Clocks of the machines that wrote a synced history folder may differ a little; a day more is not a clock.
FUTURE_SLACK = dt.timedelta(days=1)


class HistoryError(Exception):
    """The history folder cannot be used; one sentence for the user (exit 2)."""


@dataclass(frozen=True)
class KeptScan:
    path: Path
    recorded: dt.datetime
    baseline: Baseline


@dataclass
class History:
    folder: Path
    keep: int = DEFAULT_KEEP
    unreadable: list[str] = field(default_factory=list)  # scans that could not be used, with why
    # each file read once per run: previous() reads them all, record() looks again under the lock for new ones
    _read: dict[Path, KeptScan | str] = field(default_factory=dict, repr=False, compare=False)

    def _candidates(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        # a link is not one of our scans: never read through it, never delete what it points to
        return sorted(p for p in self.folder.iterdir() if _NAME.match(p.name) and not p.is_symlink() and p.is_file())

    def scans(self, note: bool = True) -> list[KeptScan]:
        """The readable scans, oldest first by the time each recorded; the others are noted (once)."""
        kept: list[KeptScan] = []
        now = dt.datetime.now(dt.timezone.utc)
        for path in self._candidates():
            if path not in self._read:
                self._read[path] = _read(path, now)
            outcome = self._read[path]
            if isinstance(outcome, KeptScan):
                kept.append(outcome)
            elif note and outcome not in self.unreadable:
                self.unreadable.append(outcome)
        return sorted(kept, key=lambda scan: (scan.recorded, _order(scan.path)))

    def previous(self) -> tuple[Path, Baseline] | None:
        """The scan recorded last; unusable files are noted and skipped, never fatal."""
        scans = self.scans()
        return (scans[-1].path, scans[-1].baseline) if scans else None

    def record(self, report: Path, result: ScanResult) -> Path:
        """Keep a copy of this scan's JSON report; drop the oldest beyond `keep`. Returns the file written."""
        try:
            prepare_folder(self.folder)
            with folder_lock(self.folder / LOCK_NAME):
                path = write_new_file(self.folder, _names(result.started), report.read_bytes())
                for old in self.scans(note=False)[: -self.keep]:
                    remove_file(old.path)
        except UnsafeOutput as exc:
            raise HistoryError(f"{self.folder}: cannot keep the scan history ({exc})") from None
        except OSError as exc:
            raise HistoryError(f"{self.folder}: cannot keep the scan history ({exc.strerror or exc})") from None
        return path


def _read(path: Path, now: dt.datetime) -> KeptScan | str:
    """The scan a history file holds, or why it cannot be used."""
    try:
        baseline = read_baseline(path)
    except BaselineError as exc:
        return str(exc)
    recorded = _recorded(baseline)
    if recorded is None:
        return f"{path}: records no scan time; not used"
    if recorded > now + FUTURE_SLACK:
        return f"{path}: records a scan time in the future ({baseline.created}); not used"
    return KeptScan(path, recorded, baseline)


def _names(started: dt.datetime) -> Iterator[str]:
    stamp = started.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ") if started.tzinfo else \
        started.strftime("%Y%m%dT%H%M%SZ")
    yield f"tierguard-{stamp}.json"
    for counter in range(2, 10_000):  # scans that started within the same second
        yield f"tierguard-{stamp}-{counter}.json"


def _recorded(baseline: Baseline) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(baseline.created.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _order(path: Path) -> tuple[str, int]:
    match = _NAME.match(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 1)
