"""The one evaluation path every scan takes once its sources are loaded (SPEC's data flow):

    judge:     Inventory ─► cost estimate ─► rules ─► costs on findings          (once per source)
    conclude:  parts together ─► run rules ─► (+ checkov/cfn-lint, merged) ─► policy   (once per run)

A template scan and a one-account scan have one part; an organization scan has one per account (each
judged as soon as it is collected, its raw inventory then let go); `tierguard merge` concludes the
parts read back from shard reports. Front ends (gate.py, audit.py, the merge command) only load their
sources and start their engines; what happens next is decided here, the same way for all.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..rules import Stage
from .combine import account_summaries, budgets_of, combine
from .config import Config, Suppression
from .cost import estimate
from .cost.model import CostEstimate, money
from .drift import DriftCheck
from .facts import ScanFacts
from .findings import Finding
from .model import Inventory, ScanError, ScanMode, Status
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


@dataclass
class RunInputs:
    """What is judged once for the whole run, after its parts (one template set; the accounts of an
    organization; shard reports) are together: suppressions, the comparison with a baseline, the engines."""

    suppressions: Sequence[Suppression] = ()
    drift: Sequence[DriftCheck] = ()
    engines: EngineJob | None = None
    reported: Callable[[Finding], bool] | None = None  # None: every finding; templates --context narrows it


def evaluate(collected: Collected, config: Config, drift: Sequence[DriftCheck] = (),
             clock: float | None = None) -> ScanResult:
    """One source, start to end: judge it, then conclude the run."""
    clock = time.perf_counter() if clock is None else clock
    run = RunInputs(collected.suppressions, drift, collected.engines, collected.reported)
    return conclude([judge(collected, config)], config, run, started=collected.started, clock=clock)


def judge(collected: Collected, config: Config) -> ScanResult:
    """The estimate and the resource rules on one source, costs on the findings; nothing settled yet
    (every finding fails, the exit code is not decided)."""
    facts = collected.facts
    facts.costs = estimate(collected.inventory, config, collected.started.date())
    facts.suppressions = list(collected.suppressions)
    findings, rule_errors = run_rules(collected.inventory, config, collected.mode, facts)
    if collected.reported is not None:
        findings = [f for f in findings if collected.reported(f)]
    attach_costs(findings, facts.costs)
    return ScanResult(
        mode=collected.mode,
        targets=list(collected.targets),
        started=collected.started,
        duration_s=0.0,
        config=config,
        inventory=collected.inventory,
        findings=findings,
        errors=[*collected.errors, *rule_errors],
        costs=facts.costs,
        skipped=list(collected.skipped),
        context=collected.context,
        account_scan=collected.account_scan,
    )


def conclude(parts: Sequence[ScanResult], config: Config, run: RunInputs, errors: Sequence[ScanError] = (),
             started: dt.datetime | None = None, clock: float | None = None) -> ScanResult:
    """The parts as one result: the run's own rules on the whole (cost drift on the total), the engines
    merged, then every status and the exit code decided under `config` (a merge's --fail-on applies to
    shard findings again)."""
    result = combine(parts, config, errors, started)
    facts = ScanFacts.at(result.started, costs=result.costs, suppressions=list(run.suppressions), drift=list(run.drift))
    own, rule_errors = run_rules(result.inventory, config, result.mode, facts, Stage.RUN)
    result.findings += [f for f in own if run.reported is None or run.reported(f)]
    result.errors += rule_errors
    if run.engines is not None:
        engine = run.engines.collect(result.findings)
        result.findings += engine.findings
        result.errors += engine.errors
        result.engines.update(engine.versions)
    if result.costs is not None:
        attach_costs(result.findings, result.costs)
    for finding in result.findings:
        if finding.status is Status.BELOW_THRESHOLD:
            finding.status = Status.FAIL  # the threshold is this run's to decide
    settle(result, run.suppressions, run.drift)
    result.accounts = account_summaries(result, budgets_of(parts))
    if clock is not None:  # None: a merge of reports keeps the span of the scans it merges
        result.duration_s = time.perf_counter() - clock
    return result


def attach_costs(findings: list[Finding], costs: CostEstimate) -> None:
    """Every finding on a resource that bills carries that resource's monthly cost."""
    items = costs.by_resource()
    for finding in findings:
        item = items.get(finding.subject.key or "")
        if finding.monthly_usd is None and item is not None and item.monthly_usd > 0:
            finding.monthly_usd = money(item.monthly_usd)
