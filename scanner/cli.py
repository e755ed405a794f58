"""Command line: tierguard templates | account | merge | demo | rules.

Heavy modules (rules, boto3, checkov, cfn-lint, jinja2) are imported inside the commands so
that `tierguard --help` and `tierguard rules` start fast.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..reports import FORMATS
from . import __version__
from .config import WHOLE_NUMBER_RANGES

SEVERITIES = ("critical", "high", "medium", "low", "info")


class UsageProblem(click.ClickException):
    """A one-sentence error that exits with 2 (usage or input error)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"tierguard: error: {self.format_message()}", err=True)


def _formats(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str]:
    from ..reports import ALWAYS

    if not value:
        return [ALWAYS]
    chosen = [item.strip().lower() for item in value.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


_OPTIONS: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "format": click.option("--format", "formats", callback=_formats, default="json", show_default=True,
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


def _load_config(options: dict[str, Any]):
    from .config import ConfigError, load_config, parse_hours
    from .model import Severity

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


def _console(quiet: bool):
    from ..reports.terminal import PipeConsole

    return PipeConsole(quiet=quiet, highlight=False, soft_wrap=False)


def _drift_checks(options: dict[str, Any], previous=None, history: bool = False) -> list:
    """What this scan is compared with: --baseline FILE and, for account --history, the previous scan."""
    from .drift import BaselineError, DriftCheck, parse_cost_increase, read_baseline

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


def _finish(result, options: dict[str, Any], output_dir: Path | None = None, history=None) -> int:
    """Write the reports (and baseline, and history), print the summary; returns the exit code."""
    from ..reports import json_path, write_reports
    from ..reports.terminal import print_summary
    from .drift import BaselineError, write_baseline
    from .history import HistoryError
    from .safe_files import UnsafeOutput

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
        print_summary(result, written, _console(quiet), every_finding=bool(options.get("no_report")))
    if quiet:
        for error in result.errors:
            click.echo(f"tierguard: {error.where}: {error.message}", err=True)
    return result.exit_code


def _uneventful(result) -> bool:
    """Cron mails whatever a job prints: print only when the run fails or something new appeared."""
    return result.exit_code == 0 and not any(section["new"] for section in result.drift)


def _guard(command: Callable[..., int]) -> Callable[..., None]:
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
            from ..reports.terminal import drop_stdout

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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tierguard")
def cli() -> None:
    """Compliance and cost guard for small AWS accounts: one rule set for CloudFormation/CDK
    templates before deploy and for the live account after.

    \b
    Exit codes: 0 pass · 1 failing findings · 2 usage or input error · 3 scan incomplete.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--context", "context", multiple=True, metavar="PATH",
              help="Templates that deploy with PATHS (repeatable; files, folders, cdk.out): budget, over-budget and "
                   "region checks judge them together with PATHS; findings on their own resources are not reported. "
                   "The pre-commit hook passes the repository (--context .).")
@shared_options
@_guard
def templates(paths: tuple[str, ...], context: tuple[str, ...], **options: Any) -> int:
    """Gate CloudFormation templates before deploy.

    PATHS are template files (JSON or YAML), folders, or CDK cdk.out folders (their manifest.json
    is read; assets are ignored).
    """
    from .gate import Engines, scan_templates

    config = _load_config(options)
    drift = _drift_checks(options)
    engines = Engines(checkov=not options["no_checkov"], cfnlint=not options["no_cfn_lint"])
    result = scan_templates(list(paths), config, engines, drift, context=list(context))
    return _finish(result, options)


@cli.command()
@click.option("--profile", default=None, help="AWS profile (default: the usual credential chain: environment, SSO, config files).")
@click.option("--regions", default=None, metavar="LIST|all",
              help="Regions to scan, comma separated, or `all` (every enabled region)  [default: the home region].")
@click.option("--role-arn", "role_arns", multiple=True, metavar="ARN",
              help="Assume this role and scan its account (repeatable: several accounts).")
@click.option("--organization", is_flag=True, default=False,
              help="Scan every ACTIVE account of the AWS Organization (organizations:ListAccounts, from the management "
                   "account or a delegated administrator) and the calling account, through --member-role in each.")
@click.option("--member-role", default=None, metavar="NAME",
              help="The role assumed in each member account  [default: tierguard-scan, or member_role in the config].")
@click.option("--shard", default=None, metavar="I/N",
              help="Scan only worker I's share of N of the accounts (--organization or --role-arn); `tierguard merge` "
                   "joins the N reports. The calling account belongs to shard 1.")
@click.option("--max-workers", type=click.IntRange(*WHOLE_NUMBER_RANGES["max_workers"]), default=None, metavar="N",
              help="API calls in flight at once, across all accounts and regions  [default: 32, or max_workers in the "
                   "config; at most 16 in one account].")
@click.option("--processes", type=click.IntRange(*WHOLE_NUMBER_RANGES["processes"]), default=None, metavar="N",
              help="Collect the accounts in N worker processes: for large organizations whose scan is limited by "
                   "one core's CPU rather than the network (with a higher --max-workers)  [default: 1, or processes "
                   "in the config].")
@click.option("--time-limit", default=None, metavar="MINUTES",
              help="Stop after this long and report what was read, marked incomplete  [default: 60, or "
                   "time_limit_minutes in the config]. Ctrl-C stops the same way.")
@click.option("--expect-clean", is_flag=True, default=False,
              help="After a cleanup: ECS services and clusters, load balancers, target groups, NAT gateways, EIPs, "
                   "databases and caches, search domains, instances and interface endpoints still present are failing "
                   "leftovers.")
@click.option("--export-templates", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Also write the live inventory as CloudFormation-shaped templates (one per account and region).")
@click.option("--skip", "skip", multiple=True, metavar="SERVICE",
              help="Leave out a collector by name or AWS service (repeatable), e.g. --skip redshift-serverless.")
@click.option("--templates", "template_paths", multiple=True, metavar="PATH",
              help="Also load these templates or cdk.out folders (repeatable): live billable resources no template "
                   "or stack accounts for fail as leftovers; template stacks and resources not deployed are listed.")
@click.option("--history", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Keep each scan's JSON report in DIR and report what changed since the previous one. "
                   "Without a terminal, prints only when the run fails or something new appeared (cron).")
@click.option("--history-keep", type=click.IntRange(min=1), default=None, metavar="N",
              help="How many scans --history keeps  [default: 90].")
@shared_options
@_guard
def account(profile: str | None, regions: str | None, role_arns: tuple[str, ...], organization: bool,
            member_role: str | None, shard: str | None, max_workers: int | None, processes: int | None,
            time_limit: str | None, expect_clean: bool,
            export_templates: Path | None, skip: tuple[str, ...], template_paths: tuple[str, ...],
            history: Path | None, history_keep: int | None, **options: Any) -> int:
    """Scan a live AWS account, read-only, with the same rules as the template gate."""
    from .audit import AccountScanOptions, scan_account
    from .config import ROLE_NAME, ConfigError, parse_minutes
    from .history import DEFAULT_KEEP, History
    from .model import ScanError
    from .policy import exit_code
    from .result import HistoryInfo
    from .sources.account import AccountOptions, Shard
    from .sources.account.session import ScanSetupError
    from .sources.account.stopping import StopSignal, stop_on_signals

    if history_keep is not None and history is None:
        raise UsageProblem("--history-keep needs --history DIR")
    config = _load_config(options)
    kept = History(history, history_keep or DEFAULT_KEEP) if history is not None else None
    previous = kept.previous() if kept is not None else None
    drift = _drift_checks(options, previous, history=kept is not None)
    wanted = [r.strip() for r in (regions or "").split(",") if r.strip()]
    if member_role is not None and not organization:
        raise UsageProblem("--member-role names the role assumed in each member of --organization; use it with --organization")
    if member_role is not None and not ROLE_NAME.match(member_role):
        raise UsageProblem(f"--member-role: {member_role!r} is not an IAM role name (for example tierguard-scan)")
    try:
        worker = Shard.parse(shard) if shard is not None else None
        minutes = parse_minutes(time_limit, "--time-limit") if time_limit is not None else config.time_limit_minutes
    except (ScanSetupError, ConfigError) as exc:
        raise UsageProblem(str(exc)) from None
    stop = StopSignal(time_limit_s=float(minutes) * 60)
    scan_options = AccountScanOptions(
        account=AccountOptions(profile=profile, regions=wanted, role_arns=role_arns, skip=skip, organization=organization,
                               member_role=member_role, shard=worker, max_workers=max_workers or config.max_workers,
                               processes=processes or config.processes, stop=stop),
        use_checkov=not options["no_checkov"],
        expect_clean=expect_clean,
        export_dir=export_templates,
        templates=template_paths,
    )
    with stop_on_signals(stop), _progress(options["quiet"]) as progress:
        try:
            result = scan_account(scan_options, config, progress, drift)
        except ScanSetupError as exc:
            raise UsageProblem(str(exc)) from None
    if kept is not None:
        result.history = HistoryInfo(str(history), str(previous[0]) if previous else None, kept.keep)
        if kept.unreadable:
            result.errors += [ScanError(where=str(history), message=f"{why}; skipped", kind="input") for why in kept.unreadable]
            result.exit_code = exit_code(result.findings, result.errors)
    code = _finish(result, options, history=kept)
    if stop.reason() is not None or any(t.is_alive() and not t.daemon for t in threading.enumerate()
                                        if t is not threading.main_thread()):
        # calls still hanging on the network would hold the process until their retries end: the reports are
        # written, so leave now
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_options("format", "output-dir", "fail-on", "config", "baseline", "write-baseline", "max-cost-increase", "quiet")
@_guard
def merge(reports: tuple[Path, ...], **options: Any) -> int:
    """Merge the JSON reports of shards (account --shard I/N) or of separate runs into one report set.

    REPORTS are tierguard.json files. Findings keep the status their scan gave them (suppressed,
    baseline); the threshold (--fail-on, or the config, else the first report's setting) and the exit
    code are decided for the whole. A shard that was incomplete, or a missing shard, makes the merge
    incomplete (exit 3).
    """
    from .config import ConfigError, load_config
    from .model import Severity
    from .shards import ReportError, merge_reports

    try:
        found = load_config(options.get("config_path"))
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None
    config = found if found.source is not None else None
    if options.get("fail_on"):
        config = (config or _first_report_config(reports)).with_overrides(fail_on=Severity.parse(options["fail_on"]))
    drift = _drift_checks(options)
    try:
        result = merge_reports(list(reports), config, drift)
    except ReportError as exc:
        raise UsageProblem(str(exc)) from None
    return _finish(result, options)


def _first_report_config(reports: tuple[Path, ...]):
    from .report_reader import ReportError, read_report

    try:
        return read_report(reports[0]).config
    except ReportError as exc:
        raise UsageProblem(str(exc)) from None


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


class _RichProgress:
    """A progress bar on the terminal's stderr; nothing when not a TTY or with --quiet."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._progress.__enter__()
        self._task = self._progress.add_task("", total=None)

        def update(done: int, total: int, what: str) -> None:
            self._progress.update(self._task, completed=done, total=total, description=what)

        return update

    def __exit__(self, *exc: Any) -> None:
        self._progress.__exit__(*exc)


def _progress(quiet: bool):
    return _RichProgress() if not quiet and sys.stderr.isatty() else _NoProgress()


@cli.command()
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tierguard-report"),
              show_default=True, help="Folder for the reports.")
@click.option("--format", "formats", callback=_formats, default="json,html,md", show_default=True,
              help="Report formats, comma separated.")
@click.option("--quiet", "-q", is_flag=True, default=False, help="Print nothing but errors.")
@_guard
def demo(output_dir: Path, formats: list[str], quiet: bool) -> int:
    """Run tierguard on bundled material: no AWS account needed."""
    from .demo import run_demo

    return run_demo(output_dir, formats, quiet)


@cli.command(name="rules")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@click.option("--category", default=None, help="Only the rules of one category.")
@_guard
def rules_command(as_json: bool, category: str | None) -> int:
    """List the rule catalogue."""
    import json

    from ..rules import REGISTRY

    entries = [rule.describe() for rule in REGISTRY if category is None or rule.category.value == category]
    if category is not None and not entries:
        raise UsageProblem(f"no rule has category {category!r}")
    if as_json:
        click.echo(json.dumps(entries, indent=2))
        return 0
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "category", "severity", "checks", "title"):
        table.add_column(column, no_wrap=column != "title", overflow="fold", ratio=1 if column == "title" else None)
    for entry in entries:
        modes = "both" if len(entry["modes"]) == 2 else entry["modes"][0]
        table.add_row(entry["id"], entry["category"], entry["severity"], modes, entry["title"])
    console = _console(False)
    console.print(table)
    console.print(f"{len(entries)} {'rule' if len(entries) == 1 else 'rules'} (checks: templates, account, or both). "
                  "`tierguard rules --json` prints rationale, remediation and links.")
    return 0


def main() -> None:
    """The console script: click's own errors (a typo in an option, a value out of range) in one line too."""
    try:
        cli.main(prog_name="tierguard", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # `tierguard` alone: the help, as click shows it
        exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "tierguard"
        click.echo(f"tierguard: error: {exc.format_message().rstrip('.')} (see `{where} --help`)", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("tierguard: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
