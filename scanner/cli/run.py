"""From a command's options to a finished run: the configuration in effect, what the scan is compared
with, and the reports, baseline and history written, the summary printed, the exit code returned."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import click

from .options import UsageProblem


def load_run_config(options: dict[str, Any]):
    from ..config import ConfigError, load_config, parse_hours
    from ..model import Severity

    try:
        config = load_config(options.get("config_path"))
        hours = options.get("runtime_hours")
        runtime_hours = parse_hours(hours, "--runtime-hours") if hours is not None else None
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    return config.with_overrides(
        fail_on=Severity.parse(options["fail_on"]) if options.get("fail_on") else None,
        home_region=options.get("home_region"),
        runtime_hours=runtime_hours,
    )


def terminal_console(quiet: bool):
    from ...reports.terminal import PipeConsole

    return PipeConsole(quiet=quiet, highlight=False, soft_wrap=False)


def drift_checks(options: dict[str, Any], previous=None, history: bool = False) -> list:
    """What this scan is compared with: --baseline FILE and, for account --history, the previous scan."""
    from ..drift import BaselineError, DriftCheck, parse_cost_increase, read_baseline

    try:
        limit = parse_cost_increase(options["max_cost_increase"]) if options.get("max_cost_increase") else None
        checks = []
        if options.get("baseline"):
            path = options["baseline"]
            checks.append(DriftCheck(read_baseline(path), f"baseline {path}", limit))
    except BaselineError as exc:
        raise UsageProblem(str(exc)) from None
    if previous is not None:
        path, baseline = previous
        checks.append(DriftCheck(baseline, f"previous scan of {baseline.created}", limit, accepts_known=False))
    if limit is not None and not checks and not history:  # a first --history run has nothing to compare yet
        raise UsageProblem("--max-cost-increase needs something to compare with: --baseline FILE"
                           " (or --history DIR for account scans)")
    return checks


def finish(result, options: dict[str, Any], output_dir: Path | None = None, history=None) -> int:
    """Write the reports (and baseline, and history), print the summary; returns the exit code."""
    from ...reports import json_path, write_reports
    from ...reports.terminal import print_summary
    from ..drift import BaselineError, write_baseline
    from ..history import HistoryError
    from ..safe_files import UnsafeOutput

    output_dir = output_dir or options["output_dir"]
    if options.get("no_report") and (history is not None or options["formats"] != ["json"]):
        raise UsageProblem("--no-report writes no files: it cannot be combined with --format or --history")
    written: list[Path] = []
    try:
        if not options.get("no_report"):
            written = write_reports(result, options["formats"], output_dir)
    except UnsafeOutput as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"cannot write the report to {output_dir}: {exc.strerror or exc}") from None
    try:
        if options.get("write_baseline"):
            written.append(write_baseline(result, options["write_baseline"]))
        if history is not None:
            written.append(history.record(json_path(output_dir), result))
    except (BaselineError, HistoryError) as exc:
        raise UsageProblem(str(exc)) from None
    quiet = options["quiet"] or (history is not None and not sys.stdout.isatty() and _uneventful(result))
    # `tierguard … | head`: the reader has seen enough, and the verdict stands (PipeConsole has pointed
    # stdout at the null device)
    with contextlib.suppress(BrokenPipeError):
        print_summary(result, written, terminal_console(quiet), every_finding=bool(options.get("no_report")))
    if quiet:
        for error in result.errors:
            click.echo(f"tierguard: {error.where}: {error.message}", err=True)
    return result.exit_code


def _uneventful(result) -> bool:
    """Cron mails whatever a job prints: print only when the run fails or something new appeared."""
    return result.exit_code == 0 and not any(section["new"] for section in result.drift)
