"""The scheduled account scan: live account → Inventory → rules (+ checkov on exported
templates) → findings → policy. The same rules and cost model as the pre-deploy gate."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..rules import ACCOUNT
from .config import Config
from .cost import estimate
from .drift import DriftCheck
from .engines.merge import merge_checkov
from .engines.pool import EngineInput, EngineRun
from .findings import Finding
from .gate import attach_costs
from .model import Resource, ScanError
from .policy import settle
from .result import ScanResult
from .runner import run_rules
from .sources.account import AccountOptions, Progress, collect_accounts
from .sources.account import export
from .sources.templates import load_templates

# checkov checks whose inputs the live collectors read faithfully; the others would judge
# properties a live export does not carry (access-log attributes, key policies…) and are dropped.
LIVE_CHECKOV_CHECKS = frozenset({
    "CKV_AWS_2", "CKV_AWS_103",                      # listeners: HTTPS, TLS 1.2
    "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_23",  # security groups
    "CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_62", "CKV_AWS_63",   # IAM trust and wildcards
    "CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_40",
    "CKV_AWS_16", "CKV_AWS_17", "CKV_AWS_157",        # RDS encryption, public, Multi-AZ
    "CKV_AWS_87", "CKV_AWS_64",                       # Redshift public, encryption
    "CKV_AWS_65",                                     # ECS Container Insights
    "CKV_AWS_66", "CKV_AWS_158",                      # log groups: retention, KMS
    "CKV_AWS_149",                                    # secrets with a CMK
})


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
    inventory = collection.inventory
    costs = estimate(inventory, config, started.date())

    exported = export.render(inventory)
    run, folder = _start_checkov(exported, options, config)
    load = load_templates(options.templates) if options.templates else None

    facts = {
        "today": started.date(),
        "now": started,
        "accounts": collection.accounts,
        "uncollected": collection.uncollected,
        "expect_clean": options.expect_clean,
        "suppressions": list(config.suppress),
        "costs": costs,
        "drift": list(drift),
        "regions": collection.regions,
        "templates": load.inventory if load is not None else None,
    }
    findings, rule_errors = run_rules(inventory, config, ACCOUNT, facts)
    engine_errors: list[ScanError] = []
    if run is not None:
        output = run.wait()
        index = _live_index(exported, folder, inventory)
        live = [r for r in output.checkov if r["check_id"] in LIVE_CHECKOV_CHECKS]
        findings += merge_checkov(live, findings, index)
        engine_errors = [ScanError(where="checkov", message=e["message"], kind="incomplete") for e in output.errors]
        versions = output.versions
    else:
        versions = {}
    if options.export_dir is None and folder is not None:
        _remove(folder)

    result = ScanResult(
        mode=ACCOUNT,
        targets=[f"{a}:{','.join(collection.regions)}" for a in collection.accounts],
        started=started,
        duration_s=0.0,
        config=config,
        inventory=inventory,
        findings=findings,
        errors=[*collection.errors, *(load.errors if load is not None else []), *rule_errors, *engine_errors],
        costs=costs,
    )
    result.extras["engines"] = versions
    result.extras["account_scan"] = {
        "accounts": collection.accounts,
        "regions": collection.regions,
        "api_calls": sum(collection.calls.counts.values()),
        "collectors_run": collection.collectors_run,
        "skipped_on_request": sorted(collection.skipped),
        "expect_clean": options.expect_clean,
        "exported_templates": [str((options.export_dir or Path()) / t.name) for t in exported] if options.export_dir else [],
        "reconciled_templates": list(options.templates),
    }
    if load is not None and load.skipped:
        result.extras["skipped"] = [{"file": file, "reason": why} for file, why in load.skipped]
    attach_costs(result.findings, costs)
    settle(result, config.suppress, drift)
    result.duration_s = time.perf_counter() - clock
    return result


def _start_checkov(exported, options: AccountScanOptions, config: Config) -> tuple[EngineRun | None, Path | None]:
    if not exported or not (options.use_checkov or options.export_dir):
        return None, options.export_dir
    folder = options.export_dir or Path(tempfile.mkdtemp(prefix="tierguard-live-"))
    paths = export.write(exported, folder)
    if not options.use_checkov:
        return None, folder
    inputs = [EngineInput(str(p.resolve()), config.home_region, p.stat().st_size) for p in paths]
    return EngineRun(inputs, use_checkov=True, use_cfnlint=False), folder


def _live_index(exported, folder: Path | None, inventory) -> dict[tuple[str, str], Resource]:
    index: dict[tuple[str, str], Resource] = {}
    if folder is None:
        return index
    for template in exported:
        path = os.path.normpath(str((folder / template.name).resolve()))
        for logical_id, key in template.logical_ids.items():
            resource = inventory.by_key(key)
            if resource is not None:
                index[(path, logical_id)] = resource
    return index


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


__all__ = ["AccountScanOptions", "LIVE_CHECKOV_CHECKS", "scan_account", "Finding"]
