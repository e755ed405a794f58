"""tierguard account: the scheduled, read-only scan of live accounts."""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import click

from ..config import WHOLE_NUMBER_RANGES
from .options import UsageProblem, guard, shared_options
from .run import drift_checks, finish, load_run_config


@click.command()
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
@guard
def account(profile: str | None, regions: str | None, role_arns: tuple[str, ...], organization: bool,
            member_role: str | None, shard: str | None, max_workers: int | None, processes: int | None,
            time_limit: str | None, expect_clean: bool,
            export_templates: Path | None, skip: tuple[str, ...], template_paths: tuple[str, ...],
            history: Path | None, history_keep: int | None, **options: Any) -> int:
    """Scan a live AWS account, read-only, with the same rules as the template gate."""
    from ..audit import AccountScanOptions, scan_account
    from ..config import ROLE_NAME, ConfigError, parse_minutes
    from ..history import DEFAULT_KEEP, History
    from ..model import ScanError
    from ..policy import exit_code
    from ..result import HistoryInfo
    from ..sources.account import AccountOptions, Shard
    from ..sources.account.session import ScanSetupError
    from ..sources.account.stopping import StopSignal, stop_on_signals

    if history_keep is not None and history is None:
        raise UsageProblem("--history-keep needs --history DIR")
    config = load_run_config(options)
    kept = History(history, history_keep or DEFAULT_KEEP) if history is not None else None
    previous = kept.previous() if kept is not None else None
    drift = drift_checks(options, previous, history=kept is not None)
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
    code = finish(result, options, history=kept)
    if stop.reason() is not None or any(t.is_alive() and not t.daemon for t in threading.enumerate()
                                        if t is not threading.main_thread()):
        # calls still hanging on the network would hold the process until their retries end: the reports are
        # written, so leave now
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


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
