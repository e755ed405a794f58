"""What the commands share: the options every scan takes, the one-sentence usage error, and the guard that
turns any failure into one line and an exit code (SPEC: command line, exit codes)."""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ...reports import FORMATS

SEVERITIES = ("critical", "high", "medium", "low", "info")


class UsageProblem(click.ClickException):
    """A one-sentence error that exits with 2 (usage or input error)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"tierguard: error: {self.format_message()}", err=True)


def parse_formats(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str]:
    from ...reports import ALWAYS

    if not value:
        return [ALWAYS]
    chosen = [item.strip().lower() for item in value.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


_OPTIONS: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "format": click.option("--format", "formats", callback=parse_formats, default="json", show_default=True,
                           help=f"Report formats, comma separated: {','.join(FORMATS)}. JSON is always written."),
    "output-dir": click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tierguard-report"),
                               show_default=True, help="Folder for the reports."),
    "fail-on": click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False), default=None,
                            help="Lowest severity that fails the run  [default: medium, or fail_on in the config]."),
    "baseline": click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
                             help="Findings recorded with --write-baseline are accepted (status baseline); only new ones fail."),
    "write-baseline": click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
                                   help="Record this scan's findings and cost estimate as a baseline file."),
    "max-cost-increase": click.option(
        "--max-cost-increase", default=None, metavar="USD|N%",
        help="A failing cost-drift finding when the monthly estimate grew more than this (e.g. 5 or 20%) "
             "over the baseline (or, for account --history, the previous scan)."),
    "config": click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                           help="Configuration file [default: tierguard.toml or [tool.tierguard] in pyproject.toml]."),
    "home-region": click.option("--home-region", default=None,
                                help="The one region the account should use [config: home_region]."),
    "runtime-hours": click.option("--runtime-hours", default=None, metavar="HOURS",
                                  help="How long the resources will run, for the cost estimate [config: runtime_hours]."),
    "no-checkov": click.option("--no-checkov", is_flag=True, default=False, help="Do not run checkov beside tierguard's rules."),
    "no-cfn-lint": click.option("--no-cfn-lint", is_flag=True, default=False,
                                help="Do not run cfn-lint on the templates (template scans; the account scan never runs it)."),
    "quiet": click.option("--quiet", "-q", is_flag=True, default=False, help="Print nothing but errors."),
    "no-report": click.option("--no-report", is_flag=True, default=False,
                              help="Write no report files, print every failing finding instead (pre-commit hooks: the work "
                                   "tree stays clean)."),
}


def with_options(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The named options of _OPTIONS, in the order given (SPEC: command line)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for name in reversed(names):
            command = _OPTIONS[name](command)
        return command

    return decorate


shared_options = with_options(*_OPTIONS)  # every scanning command takes them all


def guard(command: Callable[..., int]) -> Callable[..., None]:
    """Turn any unexpected failure into one sentence (no traceback unless TIERGUARD_DEBUG=1)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("tierguard: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `tierguard rules | head`: the reader closed the pipe, nothing failed
            from ...reports.terminal import drop_stdout

            drop_stdout()
            sys.exit(0)
        except Exception as exc:
            if os.environ.get("TIERGUARD_DEBUG"):
                raise
            click.echo(
                f"tierguard: internal error: {type(exc).__name__}: {exc} (run with TIERGUARD_DEBUG=1 for details)",
                err=True,
            )
            sys.exit(2)
        sys.exit(code)

    return wrapper
