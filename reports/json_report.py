"""The JSON report: schema tierguard/report@1 (SPEC.md), always written as tierguard.json."""
from __future__ import annotations

import json
from typing import Any

from ..scanner import __version__
from ..scanner.model import Severity
from ..scanner.result import ScanResult

SCHEMA = "tierguard/report@1"
_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}


def sorted_findings(result: ScanResult) -> list[Any]:
    """Failing first, then by severity, category, resource: the order every report uses."""
    status_order = {"fail": 0, "below-threshold": 1, "baseline": 2, "suppressed": 3}
    return sorted(
        result.findings,
        key=lambda f: (
            status_order.get(f.status.value, 9),
            _SEVERITY_ORDER[f.severity],
            f.category.value,
            f.subject.label,
            f.rule_id,
            f.detail,
        ),
    )


def build_report(result: ScanResult) -> dict[str, Any]:
    costs = result.costs.to_dict() if result.costs is not None else None
    estimated = costs["total_monthly_usd"] if costs else None
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "tierguard", "version": __version__, "engines": dict(result.engines)},
        "scan": {
            "mode": result.mode,
            "targets": list(result.targets),
            "started": result.started.isoformat(timespec="seconds"),
            "duration_s": round(result.duration_s, 3),
            "complete": result.complete,
            "errors": [e.to_dict() for e in result.errors],
            "warnings": list(result.warnings),
            "config": _config(result),
            "skipped": [s.to_dict() for s in result.skipped],
        },
        "summary": {
            "failing": len(result.failing),
            "by_severity": result.count_by_severity(),
            "estimated_monthly_usd": estimated,
            "budget_usd": _budget(result),
            "exit_code": result.exit_code,
            "fail_on": result.config.fail_on.value,
            "total_findings": len(result.findings),
            "resources": result.resources,
            "stacks": result.stacks,
            "regions": result.regions,
        },
        "findings": [f.to_dict() for f in sorted_findings(result)],
        "costs": costs,
    }
    if result.context is not None:
        report["context"] = result.context.to_dict()
    if result.drift:
        report["drift"] = list(result.drift)
    if result.account_scan is not None:
        report["account_scan"] = result.account_scan.to_dict()
    if result.history is not None:
        report["history"] = result.history.to_dict()
    if result.accounts:
        report["accounts"] = [a.to_dict() for a in result.accounts]
    return report


def _config(result: ScanResult) -> dict[str, Any]:
    """The settings the scan ran with, and the file they came from (None: the defaults)."""
    config = result.config
    return {
        "source": config.source,
        "home_region": config.home_region,
        "budget_usd": float(config.budget_usd) if config.budget_usd is not None else None,
        "alert_usd": float(config.alert_usd) if config.alert_usd is not None else None,
        "allowed_public_ports": list(config.allowed_public_ports),
        "runtime_hours": float(config.runtime_hours),
        "free_tier": config.free_tier,
        "fail_on": config.fail_on.value,
        "suppressions": len(config.suppress),
    }


def _budget(result: ScanResult) -> float | None:
    """The budget the scan was measured against (configured, or found in the scanned set); None without one."""
    budget = result.costs.budget_usd if result.costs is not None else result.config.budget_usd
    return float(budget) if budget is not None else None


def render(result: ScanResult) -> str:
    # allow_nan=False: NaN or Infinity would make the report unreadable to JSON.parse and jq
    return json.dumps(build_report(result), indent=2, default=str, allow_nan=False) + "\n"
