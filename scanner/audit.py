"""The scheduled account scan's front end: collect the live account (read-only), start checkov on
its export, and hand everything to the one evaluation pipeline the gate uses."""
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
from .model import ScanMode
from .pipeline import Collected, evaluate
from .result import AccountScanSummary, ScanResult, SkippedFile
from .sources.account import AccountOptions, Progress, collect_accounts
from .sources.templates import load_templates


@dataclass(frozen=True)
class AccountScanOptions:
    account: AccountOptions
    use_checkov: bool = True
    expect_clean: bool = False
    export_dir: Path | None = None
    templates: tuple[str, ...] = ()  # templates to reconcile with the account (leftovers, not deployed)


def scan_account(options: AccountScanOptions, config: Config, progress: Progress | None = None,
                 drift: Sequence[DriftCheck] = ()) -> ScanResult:
    """Raises ScanSetupError (exit 2) when the scan cannot start: no credentials, bad regions."""
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.perf_counter()
    collection = collect_accounts(options.account, config, progress, now=started)
    job = LiveCheckov(collection.inventory, config, options.use_checkov, options.export_dir)
    load = load_templates(options.templates) if options.templates else None
    facts = ScanFacts.at(
        started,
        accounts=collection.accounts,
        regions=collection.regions,
        uncollected=frozenset(collection.uncollected),
        expect_clean=options.expect_clean,
        templates=load.inventory if load is not None else None,
    )
    summary = AccountScanSummary(
        accounts=collection.accounts,
        regions=collection.regions,
        api_calls=sum(collection.calls.counts.values()),
        collectors_run=collection.collectors_run,
        skipped_on_request=sorted(collection.skipped),
        expect_clean=options.expect_clean,
        exported_templates=[str(p) for p in job.written] if options.export_dir else [],
        reconciled_templates=list(options.templates),
    )
    collected = Collected(
        mode=ScanMode.ACCOUNT,
        targets=[f"{a}:{','.join(collection.regions)}" for a in collection.accounts],
        started=started,
        inventory=collection.inventory,
        facts=facts,
        suppressions=config.suppress,
        errors=[*collection.errors, *(load.errors if load is not None else [])],
        engines=job,
        skipped=[SkippedFile(file, why) for file, why in load.skipped] if load is not None else [],
        account_scan=summary,
    )
    return evaluate(collected, config, drift, clock)


__all__ = ["AccountScanOptions", "scan_account"]
