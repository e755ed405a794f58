"""Live account source: read-only collectors, run concurrently over accounts and regions, into
the same Inventory the template source fills.

`plan_scan` decides what is scanned (the caller's account, --role-arn roles, or every member of an
organization; this worker's --shard; the regions). `collect_each` then runs every collector once per
account and region (global ones once per account) in one bounded thread pool shared by all accounts,
at most `per_account_workers` calls at a time in any one account (AWS throttles per account), and hands
over each account's inventory as soon as that account is done, so that a caller can judge it and let
it go: memory grows with the accounts in flight, not with the organization. A failed call is a named
gap in the scan, never an empty result; an account whose role cannot be assumed is named, the others
are scanned. A time limit or Ctrl-C (stopping.StopSignal) ends the collection within about a second: what
was read is handed over, every collector in flight or not started is named.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from ...config import Config
from ...model import Inventory, Origin, ScanError, StackInfo
from . import processes
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
from .stopping import StopSignal
from .targets import AccountTarget, Shard, organization_members, role_target, shard_targets

MAX_WORKERS = 32  # calls in flight across all accounts: the scan waits on the network, not the CPU
PER_ACCOUNT_WORKERS = 16  # calls in flight in one account
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


@dataclass(frozen=True)
class AccountOptions:
    profile: str | None = None
    regions: Sequence[str] = ()  # empty: the home region; ["all"]: every enabled region
    role_arns: Sequence[str] = ()
    organization: bool = False  # every ACTIVE member of the caller's organization, and the caller
    member_role: str | None = None  # the role assumed in each member (default: config.member_role)
    shard: Shard | None = None  # this worker's part of the accounts
    skip: Sequence[str] = ()  # collector names, services, or single calls ("service:Operation") to leave out
    max_workers: int = MAX_WORKERS
    per_account_workers: int = PER_ACCOUNT_WORKERS
    processes: int = 1  # worker processes sharing the accounts (processes.py)
    max_attempts: int | None = None  # default: AWS_MAX_ATTEMPTS, else 5
    stop: StopSignal | None = field(default=None, compare=False)  # a time limit, Ctrl-C: stop and keep what was read


@dataclass
class AccountCollection:
    """What was read from one account (or, from collect_accounts, from all of them)."""

    inventory: Inventory
    errors: list[ScanError] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    uncollected: set[tuple[str, str]] = field(default_factory=set)  # (account, resource type)
    calls: CallLog = field(default_factory=CallLog)
    collectors_run: int = 0
    skipped: set[str] = field(default_factory=set)  # collectors and calls left out on request
    names: dict[str, str] = field(default_factory=dict)  # account id -> name in the organization
    reached: bool = True  # False: the account's role could not be assumed, nothing was read


@dataclass
class ScanPlan:
    """What a scan covers, decided before any collector runs."""

    base: AccountSession  # the caller's credentials (assumes the roles)
    targets: list[AccountTarget]
    regions: list[str]
    home_region: str  # where global services (IAM, Budgets, S3's listing) are read
    collectors: list[type[Collector]]
    errors: list[ScanError] = field(default_factory=list)  # found while planning (DescribeRegions failed…)
    skipped: set[str] = field(default_factory=set)
    stopped: str | None = None  # why collection stopped before the end (a time limit, Ctrl-C), once it has

    @property
    def accounts(self) -> list[str]:
        return [t.account for t in self.targets]


Progress = Callable[[int, int, str], None]


def plan_scan(options: AccountOptions, config: Config) -> ScanPlan:
    """Raises ScanSetupError (exit 2): no usable credentials, a malformed role ARN or region, no organization."""
    if options.organization and options.role_arns:
        raise ScanSetupError("--organization lists the accounts itself: use it or --role-arn, not both")
    if options.shard is not None and not (options.organization or options.role_arns):
        raise ScanSetupError("--shard splits the accounts of --organization or --role-arn among workers; "
                             "a single account cannot be split")
    roles = [role_target(arn) for arn in options.role_arns]  # typos fail before any call
    _check_skips(options.skip)
    base = open_session(options.profile, config.home_region, CallLog(), options.max_attempts)
    errors: list[ScanError] = []
    regions = _regions(options.regions, config.home_region, base, errors)
    caller = AccountTarget(base.account_id)
    if options.organization:
        caller, members = organization_members(base, config.home_region, options.member_role or config.member_role)
        targets = shard_targets(caller, members, options.shard)
    elif roles:
        targets = shard_targets(None, roles, options.shard)
    else:
        targets = [caller]
    skip = set(options.skip)
    collectors = [c for c in COLLECTORS if c.name not in skip and c.service not in skip]
    skipped = {f"collector {c.name}" for c in COLLECTORS if c not in collectors}
    return ScanPlan(base, targets, regions, config.home_region, collectors, errors, skipped)


def _check_skips(skip: Sequence[str]) -> None:
    """--skip names a collector, an AWS service or one declared call: a typo would silently skip nothing."""
    from .policy import declared_calls  # the policy module reads the collectors

    collectors = sorted({c.name for c in COLLECTORS} | {c.service for c in COLLECTORS})
    calls = sorted({f"{service}:{operation}" for service, operation in declared_calls()})
    for item in skip:
        known = calls if ":" in item else collectors
        if item not in known:
            close = difflib.get_close_matches(item, known, n=1)
            if close:
                hint = f"; did you mean {close[0]}?"
            elif ":" in item:
                hint = " (iam/tierguard-scan-policy.json lists every call the scan makes)"
            else:
                hint = f" (one of: {', '.join(collectors)})"
            kind = "a call the scan makes" if ":" in item else "a collector or AWS service the scan reads"
            raise ScanSetupError(f"--skip: {item!r} is not {kind}{hint}")


@dataclass
class _InFlight:
    """One account being collected."""

    target: AccountTarget
    collection: AccountCollection
    session: AccountSession | None = None
    tasks: deque[tuple[type[Collector], str]] = field(default_factory=deque)
    running: int = 0
    stopped: str | None = None  # why the rest of this account was not read (its credentials stopped working)

    @property
    def done(self) -> bool:
        return self.running == 0 and not self.tasks


def collect_each(plan: ScanPlan, options: AccountOptions, config: Config, progress: Progress | None = None,
                 now: dt.datetime | None = None) -> Iterator[AccountCollection]:
    """One AccountCollection per target, in the order the accounts finish (an unassumable account yields
    its error and an empty inventory). With --processes N, the accounts are spread over N worker processes
    (processes.py); otherwise they are collected here."""
    now = now or dt.datetime.now(dt.timezone.utc)
    count = processes.process_count(options.processes, len(plan.targets))
    if count > 1:
        return processes.collect_in_processes(plan, options, config, count, progress, now)
    return collect_targets(plan, options, config, Listed(plan.targets), progress, now)


class TargetFeed(Protocol):
    """Hands out the accounts one collection takes: in order (Listed), or from a counter the worker processes
    share (processes.py)."""

    def take(self) -> AccountTarget | None: ...

    def rest(self) -> list[AccountTarget]:
        """The accounts not taken, when the collection stops early (they will not be taken any more)."""
        ...


class Listed:
    """The accounts of one process's collection, in order."""

    def __init__(self, targets: Sequence[AccountTarget]) -> None:
        self._waiting = deque(targets)

    def take(self) -> AccountTarget | None:
        return self._waiting.popleft() if self._waiting else None

    def rest(self) -> list[AccountTarget]:
        """The accounts not taken (they are not taken any more)."""
        rest = list(self._waiting)
        self._waiting.clear()
        return rest


def collect_targets(plan: ScanPlan, options: AccountOptions, config: Config, feed: TargetFeed,
                    progress: Progress | None, now: dt.datetime) -> Iterator[AccountCollection]:
    """The thread-pool collection of the accounts `feed` hands out, in this process."""
    skip_calls = frozenset(s for s in options.skip if ":" in s)
    settings = {"idle_lookback_days": config.idle_lookback_days}
    per_account = max(1, min(options.per_account_workers, options.max_workers))
    total = sum(_task_count(plan, t) for t in plan.targets)
    open_accounts: list[_InFlight] = []
    futures: dict[Future[Any], tuple[_InFlight, type[Collector] | None, str]] = {}
    finished = 0

    stop = options.stop or StopSignal()
    stop.collecting = True
    # Not a `with` block: its exit waits for every call in flight, and a hanging endpoint would hold a
    # stopped scan for as long as the calls' retries last.
    pool = ThreadPoolExecutor(max_workers=max(1, options.max_workers))
    try:

        def start(account: _InFlight) -> None:
            """Queue the account's collectors, or assume its role first."""
            if account.target.role_arn is None:
                account.session = plan.base
                account.collection.calls = plan.base.calls
                account.tasks.extend(_tasks(plan, account.target))
                return
            account.running += 1
            futures[pool.submit(assume, plan.base, account.target.role_arn, config.home_region,
                                account.collection.calls)] = (account, None, config.home_region)

        def fill() -> None:
            """Keep the pool busy: the oldest open account first, a new one only when none can take a call."""
            while len(futures) < options.max_workers:
                account = next((a for a in open_accounts if a.tasks and a.running < per_account), None)
                if account is None:
                    target = feed.take()
                    if target is None:
                        return
                    account = _InFlight(target, AccountCollection(inventory=Inventory()))
                    account.collection.accounts = [account.target.account]
                    account.collection.regions = list(plan.regions)
                    if account.target.name:
                        account.collection.names[account.target.account] = account.target.name
                    open_accounts.append(account)
                    start(account)
                    continue
                collector, region = account.tasks.popleft()
                assert account.session is not None
                ctx = CollectContext(account.session, account.target.account, region, now, settings, skip_calls,
                                     collector.absent_codes())
                account.running += 1
                futures[pool.submit(_run, collector(), ctx)] = (account, collector, region)

        fill()
        while futures:
            done, _ = wait(list(futures), timeout=stop.wait_s(), return_when=FIRST_COMPLETED)
            ready: list[_InFlight] = []
            for future in done:
                account, collector, region = futures.pop(future)
                account.running -= 1
                if collector is None:
                    _assumed(plan, account, future)
                    finished += 0 if account.session is not None else _task_count(plan, account.target)
                else:
                    finished += 1
                    _merge(account, collector, region, future)
                    if progress is not None:
                        progress(finished, total, f"{account.target.account} · {collector.name} · "
                                                  f"{'global' if collector.is_global else region}")
                if account.done and account in open_accounts:
                    open_accounts.remove(account)
                    ready.append(account)
            plan.stopped = stop.reason()
            if plan.stopped is None:
                fill()
            for account in ready:
                yield _finish(account)
            if plan.stopped is not None:
                yield from _cut_short(plan, plan.stopped, futures, open_accounts, feed.rest())
                return
    finally:
        pool.shutdown(wait=plan.stopped is None, cancel_futures=True)


def _cut_short(plan: ScanPlan, reason: str, futures: dict[Future[Any], tuple[_InFlight, type[Collector] | None, str]],
               open_accounts: list[_InFlight], waiting: list[AccountTarget]) -> Iterator[AccountCollection]:
    """What was read so far, with every call in flight and every collector not started named as a gap."""
    for account, collector, region in futures.values():
        collection = account.collection
        if collector is None:
            collection.errors.append(ScanError(where=account.target.account, kind="incomplete", message=(
                f"sts:AssumeRole {account.target.role_arn}: not answered ({reason}); this account was not scanned")))
            collection.reached = False
            continue
        collection.uncollected.update((account.target.account, t) for t in collector.types)
        where = f"{account.target.account}/{'global' if collector.is_global else region}"
        collection.errors.append(ScanError(where=where, kind="incomplete",
                                           message=f"{collector.name}: not finished ({reason})"))
    for account in open_accounts:
        if account.tasks:
            account.collection.uncollected.update(
                (account.target.account, t) for queued, _ in account.tasks for t in queued.types)
            account.collection.errors.append(ScanError(
                where=account.target.account, kind="incomplete",
                message=f"{len(account.tasks)} more collector run(s) not started ({reason})"))
            account.tasks.clear()
        yield _finish(account)
    for target in waiting:
        yield not_scanned(target, plan.regions, reason)


def not_scanned(target: AccountTarget, regions: Sequence[str], reason: str) -> AccountCollection:
    """An account nothing was read from, named with the reason."""
    collection = AccountCollection(inventory=Inventory(), accounts=[target.account], regions=list(regions),
                                   reached=False, names={target.account: target.name} if target.name else {})
    collection.errors.append(ScanError(where=target.account, kind="incomplete", message=f"not scanned ({reason})"))
    return collection


def collect_accounts(options: AccountOptions, config: Config, progress: Progress | None = None,
                     now: dt.datetime | None = None) -> AccountCollection:
    """Every planned account into one collection (the bench and the declared-calls test read it whole)."""
    plan = plan_scan(options, config)
    whole = AccountCollection(inventory=Inventory(), errors=list(plan.errors), regions=list(plan.regions),
                              skipped=set(plan.skipped), calls=plan.base.calls)
    for part in collect_each(plan, options, config, progress, now):
        whole.names.update(part.names)
        for resource in part.inventory:
            whole.inventory.add(resource)
        whole.inventory.stacks.extend(part.inventory.stacks)
        whole.errors.extend(part.errors)
        whole.accounts.extend(part.accounts)
        whole.uncollected |= part.uncollected
        whole.skipped |= part.skipped
        whole.collectors_run += part.collectors_run
        if part.calls is not whole.calls:
            whole.calls.counts.update(part.calls.counts)
    return whole


def _tasks(plan: ScanPlan, target: AccountTarget) -> list[tuple[type[Collector], str]]:
    return [(collector, region) for collector in plan.collectors
            for region in ([plan.home_region] if collector.is_global else plan.regions)]


def _task_count(plan: ScanPlan, target: AccountTarget) -> int:
    return len(_tasks(plan, target))


def _assumed(plan: ScanPlan, account: _InFlight, future: Future[Any]) -> None:
    try:
        account.session = future.result()
    except Exception as exc:  # noqa: BLE001 - this account is lost, the others are scanned
        reason, _ = classify_error(exc)
        if isinstance(exc, CredentialsProblem):
            reason = str(exc)
        account.collection.errors.append(ScanError(
            where=f"{account.target.account}", kind="incomplete",
            message=f"sts:AssumeRole {account.target.role_arn}: {reason}; this account was not scanned"))
        account.collection.reached = False
        return
    if account.session.account_id != account.target.account:
        account.collection.errors.append(ScanError(
            where=account.target.account, kind="incomplete",
            message=f"sts:AssumeRole {account.target.role_arn} gave credentials of account {account.session.account_id}; "
                    "this account was not scanned"))
        account.session = None
        account.collection.reached = False
        return
    account.tasks.extend(_tasks(plan, account.target))


def _merge(account: _InFlight, collector: type[Collector], region: str, future: Future[Any]) -> None:
    collection = account.collection
    collection.collectors_run += 1
    try:
        resources, ctx = future.result()
    except Fatal as exc:
        if account.stopped is None:
            account.stopped = str(exc)
            left = len(account.tasks) + account.running
            collection.uncollected.update((account.target.account, t) for queued, _ in account.tasks for t in queued.types)
            account.tasks.clear()
            collection.errors.append(ScanError(
                where=f"{account.target.account}/{region}", kind="incomplete",
                message=f"the credentials stopped working ({exc}); {left} more collector run(s) in this account were "
                        "not made, what was read before is kept"))
        collection.uncollected.update((account.target.account, t) for t in collector.types)
        return
    for resource in resources:
        collection.inventory.add(resource)
    collection.errors.extend(ctx.errors)
    collection.uncollected.update((ctx.account, t) for t in ctx.uncollected)
    collection.skipped.update(ctx.skipped)


def _finish(account: _InFlight) -> AccountCollection:
    collection = account.collection
    collection.errors.sort(key=lambda e: (e.where, e.message))  # the same order in every run
    scopes = sorted({(r.account or "", r.region or "global") for r in collection.inventory})
    collection.inventory.stacks = [
        StackInfo(name=f"{acct}/{region}", region=region, account=acct, origin=Origin.LIVE) for acct, region in scopes
    ]
    return collection


def _run(collector: Collector, ctx: CollectContext) -> tuple[list[Any], CollectContext]:
    try:
        with ctx.session.bound():  # a member's shared clients sign with its credentials in this thread
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


__all__ = ["AccountCollection", "AccountOptions", "AccountTarget", "ScanPlan", "Shard", "collect_accounts", "collect_each",
           "plan_scan"]
