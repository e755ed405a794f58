"""A JSON report (schema tierguard/report@1) read back into a ScanResult, so that `tierguard merge` can
combine shards and render every format from them the way a scan does."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .config import Config, parse_config
from .cost.model import CostEstimate, CostItem, Line
from .cost.prices import Price
from .findings import Finding, Subject
from .model import Category, Engine, Inventory, ScanError, ScanMode, Severity, Status
from .result import AccountScanSummary, AccountSummary, ScanResult, SkippedFile

SCHEMA = "tierguard/report@1"


class ReportError(Exception):
    """The file is not a tierguard report this version can merge; one sentence for the user (exit 2)."""


def read_report(path: Path) -> ScanResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except FileNotFoundError:
        raise ReportError(f"{path}: no such report") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: not a readable JSON report ({getattr(exc, 'msg', None) or exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise ReportError(f"{path}: a report of schema {found!r}, not {SCHEMA}: this tierguard cannot merge it")
    try:
        return _result(data, str(path))
    except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as exc:
        raise ReportError(f"{path}: malformed report ({type(exc).__name__}: {exc})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a report may hold")


def _result(data: dict[str, Any], where: str) -> ScanResult:
    scan = data["scan"]
    config = _config(scan.get("config") or {}, where)
    result = ScanResult(
        mode=ScanMode(scan["mode"]),
        targets=[str(t) for t in scan.get("targets", [])],
        started=dt.datetime.fromisoformat(scan["started"]),
        duration_s=float(scan.get("duration_s") or 0.0),
        config=config,
        inventory=Inventory(),
        findings=[_finding(f) for f in data.get("findings", [])],
        errors=[ScanError(str(e["where"]), str(e["message"]), str(e.get("kind", "input"))) for e in scan.get("errors", [])],
        exit_code=int(data["summary"]["exit_code"]),
        costs=_costs(data.get("costs"), config),
        warnings=[str(w) for w in scan.get("warnings", [])],
        engines={str(k): str(v) for k, v in (data.get("tool", {}).get("engines") or {}).items()},
        skipped=[SkippedFile(str(s["file"]), str(s["reason"])) for s in scan.get("skipped", [])],
        drift=list(data.get("drift") or []),
    )
    summary = data["summary"]
    result.resource_count = int(summary.get("resources") or 0)
    result.stack_count = int(summary.get("stacks") or 0)
    result.region_names = frozenset(str(r) for r in summary.get("regions") or [])
    result.accounts = [_account(a) for a in data.get("accounts", [])]
    account_scan = data.get("account_scan")
    if isinstance(account_scan, dict):
        result.account_scan = AccountScanSummary(**{k: account_scan.get(k, v) for k, v in _EMPTY_ACCOUNT_SCAN.items()})
    return result


def _account(data: dict[str, Any]) -> AccountSummary:
    return AccountSummary(
        account=str(data["account"]),
        name=str(data.get("name") or ""),
        failing={str(k): int(v) for k, v in data["by_severity"].items()},
        monthly_usd=_money(data.get("monthly_usd")) or Decimal(0),
        budget_usd=_money(data.get("budget_usd")),
        errors=[str(e) for e in data.get("errors", [])],
    )


_EMPTY_ACCOUNT_SCAN: dict[str, Any] = {
    "accounts": [], "regions": [], "api_calls": 0, "collectors_run": 0, "skipped_on_request": [], "expect_clean": False,
    "exported_templates": [], "reconciled_templates": [], "names": {}, "unreached": [], "organization": False, "shards": [],
}


def _config(data: dict[str, Any], where: str) -> Config:
    table = {k: data[k] for k in ("home_region", "budget_usd", "alert_usd", "allowed_public_ports", "runtime_hours",
                                   "free_tier", "fail_on") if data.get(k) is not None}
    return replace(parse_config(table, f"{where} (scan.config)"), source=data.get("source"))


def _finding(data: dict[str, Any]) -> Finding:
    resource = data.get("resource") or {}
    subject = Subject(**{k: resource.get(k) for k in ("type", "logical_id", "stack", "file", "line", "arn", "region",
                                                       "account", "cdk_path", "name")})
    return Finding(
        rule_id=str(data["rule_id"]),
        category=Category(data["category"]),
        severity=Severity(data["severity"]),
        title=str(data.get("title", "")),
        message=str(data.get("message", "")),
        remediation=str(data.get("remediation", "")),
        subject=subject,
        source=Engine(data.get("source", "tierguard")),
        check_id=data.get("check_id"),
        detail=str(data.get("detail", "")),
        monthly_usd=_money(data.get("monthly_usd")),
        status=Status(data.get("status", "fail")),
        link=data.get("link"),
        related_ids=[str(i) for i in data.get("related_ids", [])],
        suppression=data.get("suppression"),
        recorded_fingerprint=str(data["fingerprint"]) if data.get("fingerprint") else None,
    )


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{value!r} is not an amount")
    amount = Decimal(str(value))
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    return amount


def _costs(data: Any, config: Config) -> CostEstimate | None:
    if not isinstance(data, dict):
        return None
    estimate = CostEstimate(
        currency=str(data.get("currency", "USD")),
        prices_as_of=str(data.get("prices_as_of", "")),
        prices_version=str(data.get("prices_version", "")),
        runtime_hours=_money(data.get("runtime_hours")) or config.runtime_hours,
        free_tier=str(data.get("free_tier", "none")),
        notes=[str(n) for n in data.get("notes", [])],
        warnings=[str(w) for w in data.get("warnings", [])],
        unpriced={str(k): int(v) for k, v in (data.get("unpriced_types") or {}).items()},
        usage_only={str(k): int(v) for k, v in (data.get("usage_based_types") or {}).items()},
        budget_usd=_money(data.get("budget_usd")),
        budget_source=str(data.get("budget_source", "")),
    )
    for item in data.get("items", []):
        resource = item.get("resource") or {}
        subject = Subject(**{k: resource.get(k) for k in ("type", "logical_id", "stack", "arn", "region", "account")},
                          key=str(item.get("identity", "")))  # its label is kept as recorded_label
        monthly = _money(item.get("monthly_usd")) or Decimal(0)
        lines = [_line(line) for line in item.get("lines", [])]
        estimate.items.append(CostItem(subject=subject, resource_key=str(item.get("identity", "")), lines=lines,
                                       monthly_usd=monthly, runtime_usd=_money(item.get("runtime_usd")) or Decimal(0),
                                       hourly_usd=monthly / Decimal(730), basis=str(item.get("basis", "")),
                                       recorded_assumptions=[str(a) for a in item.get("assumptions", [])],
                                       recorded_identity=item.get("identity"), recorded_label=item.get("label")))
    return estimate


def _line(data: dict[str, Any]) -> Line:
    price = Price(key="", usd=_money(data.get("unit_price_usd")) or Decimal(0), unit=str(data.get("price_unit", "")),
                  region=str(data.get("price_region", "")), as_of=str(data.get("price_as_of", "")),
                  source=str(data.get("price_source", "")), confidence=str(data.get("price_confidence", "")))
    line = Line(label=str(data.get("label", "")), price=price)
    line.cost = _money(data.get("usd")) or Decimal(0)
    line.free_quantity = _money(data.get("free_quantity")) or Decimal(0)
    return line

