"""The reader's view of a scan, shared by the HTML and Markdown reports: plain values, grouped
and ordered, money rounded — the templates only lay it out."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..scanner import __version__
from ..scanner.cost.model import CostEstimate, money, number
from ..scanner.findings import Finding
from ..scanner.model import Severity, Status
from ..scanner.result import AccountSummary, ScanResult
from .json_report import sorted_findings

STATUS = {
    0: ("PASS", "pass", "nothing at or above the threshold"),
    1: ("FAIL", "fail", ""),
    2: ("ERROR", "error", "input or usage errors: some targets could not be read"),
    3: ("INCOMPLETE", "incomplete", "the scan is incomplete: some APIs or checks could not run"),
}
CHART_ITEMS = 8


@dataclass
class FindingView:
    severity: str
    category: str
    title: str
    message: str
    remediation: str
    resource: str
    resource_type: str
    location: str
    region: str
    ids: list[str]
    source: str
    monthly_usd: str | None
    link: str | None
    fingerprint: str
    status: str
    reason: str | None


@dataclass
class CostBar:
    label: str
    usd: str
    percent: float  # of the largest item, for the bar length


@dataclass
class AccountView:
    account: str
    name: str
    failing: int
    breakdown: str  # "1 critical, 2 high"
    monthly: str
    budget: str | None
    over: bool  # its monthly cost is above its own budget
    complete: bool
    problems: int  # errors while scanning it


@dataclass
class ReportView:
    title: str
    mode: str
    status: str
    status_class: str
    status_text: str
    exit_code: int
    fail_on: str
    started: str
    duration: str
    targets: list[str]
    tool_version: str
    engines: dict[str, str]
    counts: dict[str, int]
    failing_total: int
    groups: list[tuple[str, list[FindingView]]] = field(default_factory=list)  # by severity, critical first
    others: dict[str, list[FindingView]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    cost: dict[str, Any] | None = None
    cost_bars: list[CostBar] = field(default_factory=list)
    drift: list[dict[str, Any]] = field(default_factory=list)  # one section per comparison
    accounts: list[AccountView] = field(default_factory=list)  # several accounts: worst first


def build_view(result: ScanResult) -> ReportView:
    label, css, text = STATUS.get(result.exit_code, (str(result.exit_code), "error", ""))
    findings = sorted_findings(result)
    failing = [f for f in findings if f.status is Status.FAIL]
    groups: dict[str, list[FindingView]] = {}
    for finding in failing:  # sorted_findings orders by severity, critical first
        groups.setdefault(finding.severity.value, []).append(_finding(finding))
    others = {
        "suppressed": [_finding(f) for f in findings if f.status is Status.SUPPRESSED],
        "baseline": [_finding(f) for f in findings if f.status is Status.BASELINE],
        "below threshold": [_finding(f) for f in findings if f.status is Status.BELOW_THRESHOLD],
    }
    view = ReportView(
        title=f"tierguard {result.mode} report",
        mode=result.mode,
        status=label,
        status_class=css,
        status_text=text,
        exit_code=result.exit_code,
        fail_on=result.config.fail_on.value,
        started=result.started.strftime("%Y-%m-%d %H:%M UTC"),
        duration=f"{result.duration_s:.1f} s",
        targets=list(result.targets),
        tool_version=__version__,
        engines=dict(result.engines),
        counts=result.count_by_severity(),
        failing_total=len(failing),
        groups=sorted(groups.items(), key=lambda item: SEVERITY_ORDER.index(item[0])),
        others={k: v for k, v in others.items() if v},
        errors=[e.to_dict() for e in result.errors],
        warnings=list(result.warnings),
        skipped=[s.to_dict() for s in result.skipped],
        drift=list(result.drift),
    )
    if result.costs is not None:
        view.cost, view.cost_bars = _cost(result.costs)
    if len(result.accounts) > 1:
        view.accounts = [account_view(line) for line in result.accounts]
    return view


def account_view(line: AccountSummary) -> AccountView:
    return AccountView(
        account=line.account,
        name=line.name,
        failing=line.failing_total,
        breakdown=", ".join(f"{n} {severity}" for severity, n in line.failing.items() if n),
        monthly=str(money(line.monthly_usd)),
        budget=number(line.budget_usd) if line.budget_usd is not None else None,
        over=line.budget_usd is not None and line.monthly_usd > line.budget_usd,
        complete=line.complete,
        problems=len(line.errors),
    )


def _finding(finding: Finding) -> FindingView:
    subject = finding.subject
    if subject.file:
        location = f"{subject.file}:{subject.line}" if subject.line else subject.file
    else:
        location = subject.arn or ""
    reason = None
    if finding.suppression:
        reason = str(finding.suppression.get("reason") or "")
    return FindingView(
        severity=finding.severity.value,
        category=finding.category.value,
        title=finding.title,
        message=finding.message,
        remediation=finding.remediation,
        resource=subject.label,
        resource_type=subject.type or "",
        location=location,
        region=subject.region or "",
        ids=finding.ids,
        source=finding.source.value,
        monthly_usd=str(money(finding.monthly_usd)) if finding.monthly_usd else None,
        link=finding.link,
        fingerprint=finding.fingerprint,
        status=finding.status.value,
        reason=reason,
    )


def _cost(costs: CostEstimate) -> tuple[dict[str, Any], list[CostBar]]:
    budget = costs.budget_usd
    monthly = money(costs.total_monthly_usd)
    runtime = money(costs.total_runtime_usd)
    days = costs.budget_days(budget) if budget is not None else None
    # The bar shows the runtime estimate against the budget, capped at twice the budget.
    scale = max(budget * 2, Decimal("0.01")) if budget is not None else None
    info: dict[str, Any] = {
        "monthly": str(monthly),
        "runtime": str(runtime),
        "runtime_hours": number(costs.runtime_hours),
        "budget": number(budget) if budget is not None else None,
        "budget_source": costs.budget_source,
        "days": str(days) if days is not None else None,
        "over": budget is not None and runtime > budget,
        "used_percent": float(min(runtime / scale * 100, Decimal(100))) if scale else 0.0,
        "budget_percent": float(budget / scale * 100) if scale and budget is not None else 0.0,
        "prices_as_of": costs.prices_as_of,
        "free_tier": costs.free_tier,
        "notes": list(costs.notes),
        "unpriced": dict(costs.unpriced),
    }
    items = sorted((i for i in costs.items if i.monthly_usd > 0), key=lambda i: -i.monthly_usd)
    top = items[:CHART_ITEMS]
    largest = top[0].monthly_usd if top else Decimal(1)
    bars = [CostBar(i.label, str(money(i.monthly_usd)), float(i.monthly_usd / largest * 100)) for i in top]
    rest = sum((i.monthly_usd for i in items[CHART_ITEMS:]), Decimal(0))
    if rest:
        bars.append(CostBar(f"{len(items) - CHART_ITEMS} more", str(money(rest)), float(min(rest / largest, Decimal(1)) * 100)))
    info["items"] = [
        {"resource": i.label, "usd": str(money(i.monthly_usd)), "basis": i.basis} for i in items
    ]
    return info, bars


SEVERITY_ORDER = [s.value for s in Severity]
