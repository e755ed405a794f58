"""tierguard merge: shard reports (or separate runs) joined into one report set."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import UsageProblem, guard, with_options
from .run import drift_checks, finish


@click.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_options("format", "output-dir", "fail-on", "config", "baseline", "write-baseline", "max-cost-increase", "quiet")
@guard
def merge(reports: tuple[Path, ...], **options: Any) -> int:
    """Merge the JSON reports of shards (account --shard I/N) or of separate runs into one report set.

    REPORTS are tierguard.json files. Findings keep the status their scan gave them (suppressed,
    baseline); the threshold (--fail-on, or the config, else the first report's setting) and the exit
    code are decided for the whole. A shard that was incomplete, or a missing shard, makes the merge
    incomplete (exit 3).
    """
    from ..config import ConfigError, load_config
    from ..model import Severity
    from ..shards import ReportError, merge_reports

    try:
        found = load_config(options.get("config_path"))
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    config = found if found.source is not None else None
    if options.get("fail_on"):
        config = (config or _first_report_config(reports)).with_overrides(fail_on=Severity.parse(options["fail_on"]))
    drift = drift_checks(options)
    try:
        result = merge_reports(list(reports), config, drift)
    except ReportError as exc:
        raise UsageProblem(str(exc)) from None
    return finish(result, options)


def _first_report_config(reports: tuple[Path, ...]):
    from ..report_reader import ReportError, read_report

    try:
        return read_report(reports[0]).config
    except ReportError as exc:
        raise UsageProblem(str(exc)) from None
