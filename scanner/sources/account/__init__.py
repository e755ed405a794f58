"""Live account source: read-only collectors, run concurrently over accounts and regions, into
the same Inventory the template source fills.

Each collector runs once per account and region (global ones once per account), in a bounded
thread pool. A failed call is a named gap in the scan, never an empty result.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from ...config import Config
from ...model import Inventory, Origin, ScanError, StackInfo
from .collector import CollectContext, Collector, Fatal
from .collectors import COLLECTORS
from .session import (
    AccountSession,
    CallLog,
    CredentialsProblem,
    ScanSetupError,
    assume,
    classify_error,
    open_session,
    short_message,
)

MAX_WORKERS = 16
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


@dataclass(frozen=True)
class AccountOptions:
    profile: str | None = None
    regions: Sequence[str] = ()  # empty: the home region; ["all"]: every enabled region
    role_arns: Sequence[str] = ()
    skip: Sequence[str] = ()  # collector names, services, or single calls ("service:Operation") to leave out
    max_workers: int = MAX_WORKERS
    max_attempts: int | None = None  # default: AWS_MAX_ATTEMPTS, else 5


@dataclass
class AccountCollection:
    inventory: Inventory
    errors: list[ScanError] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    uncollected: set[tuple[str, str]] = field(default_factory=set)  # (account, resource type)
    calls: CallLog = field(default_factory=CallLog)
    collectors_run: int = 0
    skipped: set[str] = field(default_factory=set)  # collectors and calls left out on request


Progress = Callable[[int, int, str], None]


def collect_accounts(options: AccountOptions, config: Config, progress: Progress | None = None,
                     now: dt.datetime | None = None) -> AccountCollection:
    """Raises CredentialsProblem when no usable credentials exist (exit 2)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    calls = CallLog()
    result = AccountCollection(inventory=Inventory(), calls=calls)
    base = open_session(options.profile, config.home_region, calls, options.max_attempts)
    sessions: list[AccountSession] = []
    if options.role_arns:
        for role in options.role_arns:
            try:
                sessions.append(assume(base, role, config.home_region, calls, options.max_attempts))
            except Exception as exc:  # noqa: BLE001 - one account lost, the others scanned
                reason, _ = classify_error(exc)
                result.errors.append(ScanError(where=role, message=f"sts:AssumeRole: {reason}", kind="incomplete"))
    else:
        sessions.append(base)
    result.accounts = [s.account_id for s in sessions]
    result.regions = _regions(options.regions, config.home_region, base, result.errors)

    skip = set(options.skip)
    skip_calls = frozenset(s for s in skip if ":" in s)
    collectors = [c for c in COLLECTORS if c.name not in skip and c.service not in skip]
    result.skipped.update(f"collector {c.name}" for c in COLLECTORS if c not in collectors)
    tasks: list[tuple[AccountSession, type[Collector], str]] = []
    for session in sessions:
        for collector in collectors:
            regions = [config.home_region] if collector.is_global else result.regions
            tasks.extend((session, collector, region) for region in regions)
    settings = {"idle_lookback_days": config.idle_lookback_days}
    done = 0
    fatal: Fatal | None = None
    with ThreadPoolExecutor(max_workers=max(1, min(options.max_workers, len(tasks)))) as pool:
        futures = {
            pool.submit(_run, collector(), CollectContext(session, session.account_id, region, now, settings, skip_calls,
                                                          collector.absent_codes())): (
                collector, region)
            for session, collector, region in tasks
        }
        for future in as_completed(futures):
            collector, region = futures[future]
            done += 1
            try:
                resources, ctx = future.result()
            except Fatal as exc:
                fatal = fatal or exc
                continue
            for resource in resources:
                result.inventory.add(resource)
            result.errors.extend(ctx.errors)
            result.uncollected.update((ctx.account, t) for t in ctx.uncollected)
            result.skipped.update(ctx.skipped)
            if progress is not None:
                progress(done, len(tasks), f"{collector.name} · {'global' if collector.is_global else region}")
    if fatal is not None:
        raise CredentialsProblem(f"the scan stopped: {fatal}")
    result.collectors_run = len(tasks)
    scopes = sorted({(r.account or "", r.region or "global") for r in result.inventory})
    result.inventory.stacks = [
        StackInfo(name=f"{account}/{region}", region=region, account=account, origin=Origin.LIVE) for account, region in scopes
    ]
    return result


def _run(collector: Collector, ctx: CollectContext):
    try:
        return collector.collect(ctx), ctx
    except Fatal:
        raise
    except Exception as exc:  # noqa: BLE001 - a collector bug is a named gap, not a silent pass
        ctx.errors.append(
            ScanError(where=f"{ctx.account}/{ctx.region}",
                      message=f"collector {collector.name} failed ({type(exc).__name__}{short_message(str(exc), None)})",
                      kind="incomplete")
        )
        ctx.uncollected.update(collector.types)
        return [], ctx


def _regions(asked: Sequence[str], home: str, base: AccountSession, errors: list[ScanError]) -> list[str]:
    if not asked:
        return [home]
    if list(asked) == ["all"]:
        try:
            answer = base.client("ec2", home).describe_regions()
        except Exception as exc:  # noqa: BLE001 - fall back to the home region, and say so
            reason, fatal = classify_error(exc)
            if fatal:
                raise CredentialsProblem(f"ec2:DescribeRegions: {reason}") from None
            errors.append(ScanError(where=f"{base.account_id}/{home}", message=f"ec2:DescribeRegions: {reason}; scanned {home} only",
                                    kind="incomplete"))
            return [home]
        return sorted(r["RegionName"] for r in answer.get("Regions", []))
    bad = [r for r in asked if not _REGION.match(r)]
    if bad:
        raise ScanSetupError(f"--regions: {bad[0]!r} is not a region name (use names like us-east-1, or all)")
    return list(dict.fromkeys(asked))
