"""Live account source: read-only collectors, run concurrently over accounts and regions, into
the same Inventory the template source fills.

`plan_scan` (plan.py) decides what is scanned; `collect_each` collects it, account by account, in this
process (collection.py) or, with --processes N, in N worker processes (processes.py).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...config import Config
from ...model import Inventory
from . import processes
from .collection import Listed, collect_targets
from .plan import (
    MAX_WORKERS,
    PER_ACCOUNT_WORKERS,
    AccountCollection,
    AccountOptions,
    Progress,
    ScanPlan,
    not_scanned,
    plan_scan,
)
from .targets import AccountTarget, Shard


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


__all__ = ["MAX_WORKERS", "PER_ACCOUNT_WORKERS", "AccountCollection", "AccountOptions", "AccountTarget", "Progress",
           "ScanPlan", "Shard", "collect_accounts", "collect_each", "not_scanned", "plan_scan"]
