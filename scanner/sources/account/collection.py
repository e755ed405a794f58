"""The collection in one process: every collector once per account and region (global ones once per
account) in one bounded thread pool shared by all accounts, at most `per_account_workers` calls at a time
in any one account (AWS throttles per account). Each account is handed over as soon as it is done, so
that a caller can judge it and let it go: memory grows with the accounts in flight, not with the
organization. A failed call is a named gap in the scan, never an empty result; an account whose role
cannot be assumed is named, the others are scanned. A time limit or Ctrl-C (stopping.StopSignal) ends the
collection within about a second: what was read is handed over, every collector in flight or not started
is named.
"""
from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from ...config import Config
from ...model import Origin, ScanError, StackInfo
from .collector import CollectContext, Collector, Fatal
from .plan import AccountCollection, AccountOptions, Progress, ScanPlan, not_scanned
from .session import AccountSession, CredentialsProblem, assume, classify_error, short_message
from .stopping import StopSignal
from .targets import AccountTarget


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
                    progress: Progress | None, now: dt.datetime, max_open: int | None = None) -> Iterator[AccountCollection]:
    """The thread-pool collection of the accounts `feed` hands out, in this process; at most `max_open`
    accounts at a time when given (worker processes share the accounts)."""
    skip_calls = frozenset(s for s in options.skip if ":" in s)
    settings = {"idle_lookback_days": config.idle_lookback_days}
    per_account = max(1, min(options.per_account_workers, options.max_workers))
    total = plan.task_count()
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
                account.tasks.extend(plan.tasks(account.target))
                return
            account.running += 1
            futures[pool.submit(assume, plan.base, account.target.role_arn, config.home_region,
                                account.collection.calls)] = (account, None, config.home_region)

        def fill() -> None:
            """Keep the pool busy: the oldest open account first, a new one only when none can take a call."""
            while len(futures) < options.max_workers:
                account = next((a for a in open_accounts if a.tasks and a.running < per_account), None)
                if account is None:
                    if max_open is not None and len(open_accounts) >= max_open:
                        return
                    target = feed.take()
                    if target is None:
                        return
                    account = _InFlight(target, AccountCollection.of(target, plan.regions))
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
                    finished += 0 if account.session is not None else len(plan.tasks(account.target))
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
                message=f"{len(account.tasks)} {'more ' if account.collection.collectors_run else ''}"
                        f"collector run(s) not started ({reason})"))
            account.tasks.clear()
        yield _finish(account)
    for target in waiting:
        yield not_scanned(target, plan.regions, reason)


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
    account.tasks.extend(plan.tasks(account.target))


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
