"""Drift: this scan compared with a baseline file or with the previous scan.

`--write-baseline FILE` records the scan's finding fingerprints and its cost estimate;
`--baseline FILE` marks the findings it knows as `baseline` (not failing), and reports the new,
the resolved, and the cost change per resource. The previous scan of a history folder is
compared the same way but accepts nothing: a NAT gateway that survives a night still fails.
Fingerprints come from the rule and the resource's identity (CDK construct path where
present), never from lines or file order.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import __version__
from .cost.model import money
from .findings import Finding, Subject
from .model import Category, Status
from .result import ScanResult
from .safe_files import prepare_folder, write_file

SCHEMA = "tierguard/baseline@1"


class BaselineError(Exception):
    """The baseline file cannot be used; one sentence for the user (exit 2)."""


@dataclass
class Baseline:
    created: str
    mode: str
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)  # fingerprint -> summary
    total_monthly_usd: Decimal | None = None
    targets: list[str] = field(default_factory=list)
    costs: dict[str, Decimal] = field(default_factory=dict)  # resource identity -> monthly USD
    labels: dict[str, str] = field(default_factory=dict)  # resource identity -> label


@dataclass(frozen=True)
class CostLimit:
    """--max-cost-increase: an amount in USD or a percentage of the baseline's estimate."""

    amount: Decimal
    percent: bool

    def allowed(self, before: Decimal) -> Decimal:
        return before * self.amount / 100 if self.percent else self.amount

    def __str__(self) -> str:
        return f"{self.amount.normalize():f}%" if self.percent else f"{self.amount.normalize():f} USD"


@dataclass(frozen=True)
class DriftCheck:
    """What this scan is compared with: a baseline file or the previous scan in the history."""

    baseline: Baseline
    against: str  # "baseline ci/tierguard-baseline.json", "previous scan of 2026-11-24T03:00:00+00:00"
    max_increase: CostLimit | None = None
    accepts_known: bool = True  # a baseline accepts the findings it lists; the previous scan only compares

    @property
    def kind(self) -> str:
        return "baseline" if self.accepts_known else "previous-scan"


# A cost-drift finding is about the comparison itself; baselining it would hide every later growth.
NEVER_BASELINED = frozenset({Category.COST_DRIFT})


def baseline_of(result: ScanResult) -> dict[str, Any]:
    """What --write-baseline writes (and what scan history keeps of each scan)."""
    costs = result.costs
    return {
        "schema": SCHEMA,
        "tool": {"name": "tierguard", "version": __version__},
        "created": result.started.isoformat(timespec="seconds"),
        "mode": result.mode,
        "targets": list(result.targets),
        "findings": [
            {
                "fingerprint": f.fingerprint,
                "rule_id": f.rule_id,
                "category": f.category.value,
                "severity": f.severity.value,
                "resource": f.subject.label,
                "message": f.message,
            }
            # sorted, so that a baseline kept in git changes only where the findings do
            for f in sorted(result.findings, key=lambda f: (f.rule_id, f.subject.label, f.fingerprint))
            if f.category not in NEVER_BASELINED
        ],
        "costs": {
            "total_monthly_usd": float(money(costs.total_monthly_usd)) if costs else None,
            "items": [
                {"identity": i.subject.identity, "resource": i.subject.label, "monthly_usd": float(money(i.monthly_usd))}
                for i in sorted(costs.items if costs else [], key=lambda i: i.subject.identity)
            ],
        },
    }


def write_baseline(result: ScanResult, path: Path) -> Path:
    try:
        prepare_folder(path.parent)
        write_file(path, json.dumps(baseline_of(result), indent=2, allow_nan=False) + "\n")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None
    return path


def read_baseline(path: Path) -> Baseline:
    """A baseline file, or a tierguard.json report (scan history keeps those)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline {path})") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not a readable baseline ({getattr(exc, 'msg', exc)})") from None
    return parse_baseline(data, str(path))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not an amount a baseline may hold")


def _amount(value: Any) -> Decimal:
    """A cost from a baseline: a finite number (1e309 reads as infinity, and would disable the drift check)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"{value!r} is not an amount")
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        raise InvalidOperation(f"{value!r} is not a finite amount of zero or more")
    return amount


def parse_baseline(data: Any, where: str) -> Baseline:
    if not isinstance(data, dict) or data.get("schema") not in (SCHEMA, "tierguard/report@1"):
        raise BaselineError(f"{where}: not a tierguard baseline or report (schema {SCHEMA})")
    scan = data.get("scan") or {}
    try:
        baseline = Baseline(created=str(data.get("created") or scan.get("started", "")),
                            mode=str(data.get("mode") or scan.get("mode", "")),
                            targets=[str(t) for t in data.get("targets") or scan.get("targets", [])])
        for entry in data.get("findings", []):
            baseline.findings[entry["fingerprint"]] = {**entry, "resource": _label(entry.get("resource"))}
        costs = data.get("costs") or {}
        if costs.get("total_monthly_usd") is not None:
            baseline.total_monthly_usd = _amount(costs["total_monthly_usd"])
        for item in costs.get("items", []):
            identity = item.get("identity") or _label(item.get("resource"))
            baseline.costs[identity] = _amount(item["monthly_usd"])
            baseline.labels[identity] = item.get("label") or _label(item.get("resource"))
    except (KeyError, TypeError, AttributeError, InvalidOperation) as exc:
        raise BaselineError(f"{where}: malformed baseline ({type(exc).__name__}: {exc})") from None
    return baseline


def _label(resource: Any) -> str:
    """Baselines name resources by label; reports by a resource object."""
    if isinstance(resource, dict):
        fields = {k: resource.get(k) for k in ("type", "logical_id", "stack", "file", "line", "arn", "region",
                                               "account", "cdk_path", "name")}
        return Subject(**fields).label
    return str(resource or "")


def compare(result: ScanResult, checks: list[DriftCheck]) -> None:
    """Findings a baseline knows become `baseline`; the report gains one drift section per comparison."""
    current = {f.fingerprint for f in result.findings}
    sections = []
    for check in checks:
        known = check.baseline.findings
        new = [f for f in result.findings if f.category in NEVER_BASELINED or f.fingerprint not in known]
        unchanged = [f for f in result.findings if f.category not in NEVER_BASELINED and f.fingerprint in known]
        if check.accepts_known:
            for finding in unchanged:
                if finding.status is Status.FAIL:
                    finding.status = Status.BASELINE
        resolved = [entry for fingerprint, entry in known.items() if fingerprint not in current]
        sections.append(drift_section(result, check, new, resolved, len(unchanged)))
    result.drift = sections


def drift_section(result: ScanResult, check: DriftCheck, new: list[Finding], resolved: list[dict[str, Any]],
                  unchanged: int) -> dict[str, Any]:
    baseline = check.baseline
    costs = result.costs
    now_total = money(costs.total_monthly_usd) if costs else None
    delta = (now_total - baseline.total_monthly_usd) if now_total is not None and baseline.total_monthly_usd is not None else None
    caveats = []
    # Template paths differ between checkouts; accounts and regions should not.
    if result.mode == "account" and baseline.targets and sorted(baseline.targets) != sorted(result.targets):
        caveats.append(f"the {check.kind.replace('-', ' ')} covered {', '.join(baseline.targets)}; this scan "
                       f"covers {', '.join(result.targets)}")
    if result.errors and resolved:
        caveats.append("this scan is incomplete: some resolved findings may only be unscanned")
    return {
        "kind": check.kind,
        "against": check.against,
        "baseline_created": baseline.created,
        "max_cost_increase": str(check.max_increase) if check.max_increase else None,
        "new": len(new),
        "resolved": len(resolved),
        "unchanged": unchanged,
        "caveats": caveats,
        "new_findings": [{"fingerprint": f.fingerprint, "rule_id": f.rule_id, "resource": f.subject.label,
                          "message": f.message, "status": f.status.value} for f in new],
        "resolved_findings": [{"fingerprint": e["fingerprint"], "rule_id": e.get("rule_id"), "resource": e.get("resource"),
                               "message": e.get("message")} for e in resolved],
        "baseline_monthly_usd": float(baseline.total_monthly_usd) if baseline.total_monthly_usd is not None else None,
        "monthly_usd": float(now_total) if now_total is not None else None,
        "cost_delta": float(delta) if delta is not None else None,
        "cost_items": cost_changes(result.costs, baseline),
    }


def cost_changes(costs: Any, baseline: Baseline) -> list[dict[str, Any]]:
    """Per resource: baseline and current monthly USD where they differ, biggest change first."""
    now: dict[str, tuple[str, Decimal]] = {}
    if costs is not None:
        for item in costs.items:
            now[item.subject.identity] = (item.subject.label, money(item.monthly_usd))
    changes = []
    for identity in sorted(set(now) | set(baseline.costs)):
        label, after = now.get(identity, (baseline.labels.get(identity, identity), Decimal(0)))
        before = baseline.costs.get(identity, Decimal(0))
        if before != after:
            changes.append({"resource": label, "before": float(before), "after": float(after), "delta": float(after - before)})
    return sorted(changes, key=lambda c: -abs(c["delta"]))


_LIMIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|usd)?\s*$", re.IGNORECASE)


def parse_cost_increase(text: str) -> CostLimit:
    """'5' or '5 USD' -> 5 USD; '20%' -> 20 percent of the baseline's estimate."""
    match = _LIMIT.match(text or "")
    if not match:
        raise BaselineError(f"--max-cost-increase: {text!r} is not an amount in USD or a percentage such as 20%")
    return CostLimit(Decimal(match.group(1)), match.group(2) == "%")
