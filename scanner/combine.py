"""Many scan results as one: the accounts of an organization scan, or the shard reports `tierguard merge`
reads. Nothing is settled here (pipeline.conclude decides statuses and the exit code for the whole);
this module only puts the parts together and sums up each account."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from .config import Config
from .cost.model import CostEstimate
from .findings import Finding
from .model import Inventory, ScanError, ScanMode, Severity, Status
from .result import AccountScanSummary, AccountSummary, ScanResult

_ACCOUNT_ID = re.compile(r"(?<![\d])(\d{12})(?![\d])")


def combine(parts: Sequence[ScanResult], config: Config, errors: Sequence[ScanError] = (),
            started: dt.datetime | None = None) -> ScanResult:
    """One result of `parts` (all account scans, or all template scans). `errors`: problems outside any
    one part (a member whose role could not be assumed). A finding two parts share (the same fingerprint:
    an expired suppression both saw) is kept once."""
    if not parts:
        raise ValueError("nothing to combine")
    modes = {p.mode for p in parts}
    if len(modes) > 1:
        raise ValueError("template scans and account scans cannot be combined")
    first = min(p.started for p in parts)
    last = max(p.started + dt.timedelta(seconds=p.duration_s) for p in parts)
    single = len(parts) == 1
    combined = ScanResult(
        mode=parts[0].mode,
        targets=list(dict.fromkeys(t for p in parts for t in p.targets)),
        started=started or first,
        duration_s=(last - first).total_seconds(),
        config=config,
        inventory=parts[0].inventory if single else Inventory(),
        findings=_findings(parts),
        errors=[*(e for p in parts for e in p.errors), *errors],
        costs=_costs(parts, config),
        warnings=list(dict.fromkeys(w for p in parts for w in p.warnings)),
        engines={k: v for p in parts for k, v in p.engines.items()},
        skipped=[s for p in parts for s in p.skipped],
        context=next((p.context for p in parts if p.context is not None), None),
        drift=[section for p in parts for section in p.drift],
    )
    if not single:
        combined.resource_count = sum(p.resources for p in parts)
        combined.stack_count = sum(p.stacks for p in parts)
        combined.region_names = frozenset(region for p in parts for region in p.regions)
    combined.account_scan = _account_scan([p.account_scan for p in parts if p.account_scan is not None])
    return combined


def _findings(parts: Sequence[ScanResult]) -> list[Finding]:
    kept: list[Finding] = []
    seen: set[str] = set()
    for part in parts:
        fingerprints = set()
        for finding in part.findings:
            if finding.fingerprint not in seen:
                kept.append(finding)
                fingerprints.add(finding.fingerprint)
        seen |= fingerprints
    return kept


def _account_scan(scans: list[AccountScanSummary]) -> AccountScanSummary | None:
    if not scans:
        return None
    if len(scans) == 1:
        return scans[0]
    return AccountScanSummary(
        accounts=list(dict.fromkeys(a for s in scans for a in s.accounts)),
        regions=sorted({region for s in scans for region in s.regions}),
        api_calls=sum(s.api_calls for s in scans),
        collectors_run=sum(s.collectors_run for s in scans),
        skipped_on_request=sorted({x for s in scans for x in s.skipped_on_request}),
        expect_clean=any(s.expect_clean for s in scans),
        exported_templates=[t for s in scans for t in s.exported_templates],
        reconciled_templates=sorted({t for s in scans for t in s.reconciled_templates}),
        names={k: v for s in scans for k, v in s.names.items()},
        unreached=list(dict.fromkeys(a for s in scans for a in s.unreached)),
        organization=any(s.organization for s in scans),
        shards=list(dict.fromkeys(x for s in scans for x in s.shards)),
    )


def _costs(parts: Sequence[ScanResult], config: Config) -> CostEstimate | None:
    estimates = [p.costs for p in parts if p.costs is not None]
    if not estimates:
        return None
    if len(estimates) == 1:
        return estimates[0]
    budgets = {e.budget_usd for e in estimates}
    merged = CostEstimate(
        currency=estimates[0].currency,
        prices_as_of=min(e.prices_as_of for e in estimates),
        prices_version=estimates[0].prices_version,
        runtime_hours=config.runtime_hours,
        free_tier=estimates[0].free_tier,
        items=[item for e in estimates for item in e.items],
        notes=list(dict.fromkeys(n for e in estimates for n in e.notes)),
        warnings=list(dict.fromkeys(w for e in estimates for w in e.warnings)),
        # each account is judged against its own budget (the accounts section); one figure only if all agree
        budget_usd=budgets.pop() if len(budgets) == 1 else None,
        budget_source=estimates[0].budget_source if len(budgets) <= 1 else "per account",
    )
    for estimate in estimates:
        for key, count in estimate.unpriced.items():
            merged.unpriced[key] = merged.unpriced.get(key, 0) + count
        for key, count in estimate.usage_only.items():
            merged.usage_only[key] = merged.usage_only.get(key, 0) + count
    return merged


def budgets_of(parts: Sequence[ScanResult]) -> dict[str, Decimal | None]:
    """Each account's own budget: a one-account part's estimate, or a merged report's account lines."""
    budgets: dict[str, Decimal | None] = {}
    for part in parts:
        for line in part.accounts:
            budgets[line.account] = line.budget_usd
        if part.account_scan and len(part.account_scan.accounts) == 1 and part.costs is not None:
            budgets[part.account_scan.accounts[0]] = part.costs.budget_usd
    return budgets


def account_of(text: str | None) -> str | None:
    match = _ACCOUNT_ID.search(text or "")
    return match.group(1) if match else None


def account_summaries(result: ScanResult, budgets: dict[str, Decimal | None] | None = None) -> list[AccountSummary]:
    """One line per account, worst first: failing findings by severity, monthly cost, its budget, complete or not."""
    if result.mode is not ScanMode.ACCOUNT:
        return []
    budgets = budgets or {}
    scan = result.account_scan
    names = scan.names if scan else {}
    summaries: dict[str, AccountSummary] = {}

    def line(account_id: str) -> AccountSummary:
        if account_id not in summaries:
            summaries[account_id] = AccountSummary(account=account_id, failing={s.value: 0 for s in Severity},
                                                   name=names.get(account_id, ""), budget_usd=budgets.get(account_id))
        return summaries[account_id]

    for scanned in [*(scan.accounts if scan else []), *(scan.unreached if scan else [])]:
        line(scanned)
    for finding in result.findings:
        owner = finding.subject.account or account_of(finding.subject.arn)
        if owner and finding.status is Status.FAIL:
            line(owner).failing[finding.severity.value] += 1
    for item in (result.costs.items if result.costs else []):
        owner = item.subject.account or account_of(item.subject.arn)
        if owner:
            line(owner).monthly_usd += item.monthly_usd  # rounded once, when shown: the parts add up to the total
    for error in result.errors:
        owner = account_of(error.where) or account_of(error.message)
        if owner and owner in summaries:
            line(owner).errors.append(f"{error.where}: {error.message}")
    return sorted(summaries.values(), key=AccountSummary.worst_first)


__all__ = ["account_of", "account_summaries", "budgets_of", "combine"]
