"""The one evaluation path every scan takes once its sources are loaded (SPEC's data flow):

    Inventory ─► cost estimate ─► rules ─► (+ checkov/cfn-lint, merged) ─► costs on findings ─► policy

Front ends (gate.py for templates, audit.py for an account) only load their sources and start their
engines; what happens next is decided here, the same way for both.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .config import Config, Suppression
from .cost import estimate
from .cost.model import CostEstimate, money
from .drift import DriftCheck
from .facts import ScanFacts
from .findings import Finding
from .model import Inventory, ScanError, ScanMode
from .policy import settle
from .result import AccountScanSummary, ScanResult, SkippedFile, TemplateContext
from .runner import run_rules


@dataclass
class EngineResults:
    findings: list[Finding] = field(default_factory=list)  # new findings (others were merged into ours)
    errors: list[ScanError] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


class EngineJob(Protocol):
    """checkov and/or cfn-lint, started by a front end before the rules run, collected after."""

    def collect(self, own: list[Finding]) -> EngineResults:
        """Wait for the engines; merge what they found into `own` (one finding per problem), return the rest."""
        ...


@dataclass
class Collected:
    """What a front end loaded, ready to be judged."""

    mode: ScanMode
    targets: list[str]
    started: dt.datetime
    inventory: Inventory
    facts: ScanFacts
    suppressions: Sequence[Suppression] = ()
    errors: list[ScanError] = field(default_factory=list)
    engines: EngineJob | None = None
    reported: Callable[[Finding], bool] | None = None  # None: every finding; templates --context narrows it
    skipped: list[SkippedFile] = field(default_factory=list)
    context: TemplateContext | None = None
    account_scan: AccountScanSummary | None = None


def evaluate(collected: Collected, config: Config, drift: Sequence[DriftCheck] = (),
             clock: float | None = None) -> ScanResult:
    """Estimate, run the rules, merge the engines, attach costs and settle the statuses and exit code."""
    clock = time.perf_counter() if clock is None else clock
    facts = collected.facts
    facts.costs = estimate(collected.inventory, config, collected.started.date())
    facts.suppressions = list(collected.suppressions)
    facts.drift = list(drift)
    findings, rule_errors = run_rules(collected.inventory, config, collected.mode, facts)
    if collected.reported is not None:
        findings = [f for f in findings if collected.reported(f)]
    engine = collected.engines.collect(findings) if collected.engines is not None else EngineResults()
    findings += engine.findings
    attach_costs(findings, facts.costs)
    result = ScanResult(
        mode=collected.mode,
        targets=list(collected.targets),
        started=collected.started,
        duration_s=0.0,
        config=config,
        inventory=collected.inventory,
        findings=findings,
        errors=[*collected.errors, *rule_errors, *engine.errors],
        costs=facts.costs,
        engines=engine.versions,
        skipped=list(collected.skipped),
        context=collected.context,
        account_scan=collected.account_scan,
    )
    settle(result, collected.suppressions, drift)
    result.duration_s = time.perf_counter() - clock
    return result


def attach_costs(findings: list[Finding], costs: CostEstimate) -> None:
    """Every finding on a resource that bills carries that resource's monthly cost."""
    items = costs.by_resource()
    for finding in findings:
        item = items.get(finding.subject.key or "")
        if finding.monthly_usd is None and item is not None and item.monthly_usd > 0:
            finding.monthly_usd = money(item.monthly_usd)
