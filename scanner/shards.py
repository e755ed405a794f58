"""`tierguard merge`: the JSON reports of shards (or of separate runs) read back and concluded as one run,
the way a scan concludes its parts, so that every format and the exit code come out as if one worker
had scanned everything."""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .config import Config
from .drift import DriftCheck
from .model import ScanError, ScanMode
from .pipeline import RunInputs, conclude
from .report_reader import ReportError, read_report
from .result import ScanResult

_SHARD = re.compile(r"^(\d+)/(\d+)$")


def merge_reports(paths: Sequence[Path], config: Config | None, drift: Sequence[DriftCheck] = ()) -> ScanResult:
    """config None: the settings the first report was made with. Raises ReportError (exit 2)."""
    if len(set(map(_same_file, paths))) != len(paths):
        raise ReportError("the same report is named twice: each shard's report must be merged once")
    parts = [read_report(path) for path in paths]
    modes = {part.mode for part in parts}
    if len(modes) > 1:
        raise ReportError("template-scan and account-scan reports cannot be merged together")
    _refuse_overlap(paths, parts)
    config = config or parts[0].config
    errors = [*_missing_shards(parts)]
    result = conclude(parts, config, RunInputs(config.suppress, drift), errors=errors)
    for path, part in zip(paths, parts, strict=True):
        if part.errors:
            result.warnings.append(f"{path}: that scan was incomplete ({len(part.errors)} problem"
                                   f"{'' if len(part.errors) == 1 else 's'}, listed under errors), so is this merge")
    fail_on = {part.config.fail_on for part in parts}
    if len(fail_on) > 1:
        result.warnings.append(f"the reports were made with different fail_on settings ({', '.join(sorted(f.value for f in fail_on))}); "
                               f"the merge judges all findings at {config.fail_on.value}")
    return result


def _same_file(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


def _refuse_overlap(paths: Sequence[Path], parts: Sequence[ScanResult]) -> None:
    """An account in two reports would count its costs twice: shards of one run never overlap."""
    owner: dict[str, Path] = {}
    for path, part in zip(paths, parts, strict=True):
        if part.mode is not ScanMode.ACCOUNT or part.account_scan is None:
            continue
        for account in part.account_scan.accounts:
            if account in owner:
                raise ReportError(f"account {account} is in both {owner[account]} and {path}: merge the reports of one "
                                  "run's shards, each once")
            owner[account] = path


def _missing_shards(parts: Sequence[ScanResult]) -> list[ScanError]:
    """Shards of one run that were not given: their accounts are missing from the merge."""
    seen: dict[int, set[int]] = {}
    for part in parts:
        for label in part.account_scan.shards if part.account_scan else []:
            match = _SHARD.match(label)
            if match:
                seen.setdefault(int(match.group(2)), set()).add(int(match.group(1)))
    errors = []
    for count, indexes in sorted(seen.items()):
        missing = [i for i in range(1, count + 1) if i not in indexes]
        if missing:
            names = ", ".join(f"{i}/{count}" for i in missing)
            errors.append(ScanError(where="merge", kind="incomplete",
                                    message=f"shard {names} of {count} was not merged: its accounts are missing from this report"))
    return errors


__all__ = ["ReportError", "merge_reports"]
