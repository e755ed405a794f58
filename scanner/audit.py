"""The scheduled account scan's front end: plan which accounts (one, some roles, a whole organization,
this worker's shard), collect them read-only, judge each account as soon as it is in (its own budget,
its own findings; then its raw inventory is let go), write them for checkov, and conclude the run once
on the whole: the same pipeline the template gate takes."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .drift import DriftCheck
from .engines.jobs import LiveCheckov
from .facts import ScanFacts
from .model import Inventory, ScanMode
from .pipeline import Collected, RunInputs, conclude, judge
from .result import AccountScanSummary, ScanResult, SkippedFile
from .sources.account import AccountCollection, AccountOptions, Progress, ScanPlan, collect_each, plan_scan
from .sources.templates import TemplateLoad, load_templates


@dataclass(frozen=True)
class AccountScanOptions:
    account: AccountOptions
    use_checkov: bool = True
    expect_clean: bool = False
    export_dir: Path | None = None
    templates: tuple[str, ...] = ()  # templates to reconcile with the account (leftovers, not deployed)


def scan_account(options: AccountScanOptions, config: Config, progress: Progress | None = None,
                 drift: Sequence[DriftCheck] = ()) -> ScanResult:
    """Raises ScanSetupError (exit 2) when the scan cannot start: no credentials, bad regions or role
    ARNs, no organization."""
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.perf_counter()
    plan = plan_scan(options.account, config)
    checkov = LiveCheckov(config, options.use_checkov, options.export_dir)
    load = load_templates(options.templates) if options.templates else None
    several = len(plan.targets) > 1
    # The accounts finish in any order; the report lists them as planned (a role ARN is its own target even
    # when two name the same account).
    order = {target: index for index, target in enumerate(plan.targets)}
    placed: list[tuple[int, ScanResult]] = []
    caller_calls_judged = 0  # the caller's calls already counted with its own account
    for collection in collect_each(plan, options.account, config, progress, now=started):
        place = order.get(collection.target, len(order)) if collection.target is not None else len(order)
        if not collection.reached:
            placed.append((place, _unreached(collection, plan, options)))
            continue
        written = checkov.add(collection.inventory)
        part = judge(_collected(collection, plan, options, started, load, written), config)
        if collection.calls is plan.base.calls and part.account_scan is not None:
            caller_calls_judged = part.account_scan.api_calls
        if several:
            part.release_inventory()  # keep findings and costs, not every API answer
        placed.append((place, part))
    parts = [part for _, part in sorted(placed, key=lambda placed_part: placed_part[0])]
    if not parts:  # a shard with no account in it
        parts.append(_unreached(AccountCollection(inventory=Inventory()), plan, options))
    if plan.stopped is None:
        checkov.start()
    else:
        checkov.skip(plan.stopped)
    errors = [*plan.errors, *(load.errors if load is not None else [])]
    result = conclude(parts, config, RunInputs(config.suppress, drift, checkov), errors=errors, started=started, clock=clock)
    if not plan.targets:
        shard = options.account.shard
        result.warnings.append(f"shard {shard} has no account: the organization has fewer accounts than shards"
                               if shard else "no account to scan")
    if load is not None:
        result.skipped += [SkippedFile(file, why) for file, why in load.skipped]
    if result.account_scan is not None:
        # the caller's identity, ListAccounts and AssumeRole calls made after its own account was judged (all of
        # them when it is not scanned itself)
        result.account_scan.api_calls += sum(plan.base.calls.counts.values()) - caller_calls_judged
    return result


def _summary(collection: AccountCollection, plan: ScanPlan, options: AccountScanOptions,
             written: Sequence[Path] = ()) -> AccountScanSummary:
    return AccountScanSummary(
        accounts=list(collection.accounts) if collection.reached else [],
        regions=list(plan.regions),
        api_calls=sum(collection.calls.counts.values()),
        collectors_run=collection.collectors_run,
        skipped_on_request=sorted(collection.skipped | plan.skipped),
        expect_clean=options.expect_clean,
        exported_templates=[str(p) for p in written] if options.export_dir else [],
        reconciled_templates=list(options.templates),
        names=dict(collection.names),
        unreached=[] if collection.reached else list(collection.accounts),
        organization=options.account.organization,
        shards=[str(options.account.shard)] if options.account.shard else [],
    )


def _targets(collection: AccountCollection, plan: ScanPlan) -> list[str]:
    return [f"{account}:{','.join(plan.regions)}" for account in collection.accounts]


def _collected(collection: AccountCollection, plan: ScanPlan, options: AccountScanOptions, started: dt.datetime,
               load: TemplateLoad | None, written: Sequence[Path]) -> Collected:
    facts = ScanFacts.at(
        started,
        accounts=collection.accounts,
        regions=plan.regions,
        uncollected=frozenset(collection.uncollected),
        expect_clean=options.expect_clean,
        templates=load.inventory if load is not None else None,
    )
    return Collected(
        mode=ScanMode.ACCOUNT,
        targets=_targets(collection, plan),
        started=started,
        inventory=collection.inventory,
        facts=facts,
        suppressions=(),  # applied once, on the whole run
        errors=list(collection.errors),
        account_scan=_summary(collection, plan, options, written),
    )


def _unreached(collection: AccountCollection, plan: ScanPlan, options: AccountScanOptions) -> ScanResult:
    """An account whose role could not be assumed: its error and its place in the summary, nothing judged."""
    return ScanResult(mode=ScanMode.ACCOUNT, targets=_targets(collection, plan), started=dt.datetime.now(dt.timezone.utc),
                      duration_s=0.0, config=Config(), inventory=collection.inventory, errors=list(collection.errors),
                      account_scan=_summary(collection, plan, options))


__all__ = ["AccountScanOptions", "scan_account"]
