"""SARIF 2.1.0 for code-scanning tools: one rule per rule or check id, results on the template's
file and line; live findings, which have no file, carry the ARN as a logical location."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..rules import REGISTRY
from ..scanner import __version__
from ..scanner.findings import Finding
from ..scanner.model import Engine, Severity, Status
from ..scanner.result import ScanResult
from .json_report import sorted_findings

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/tierguard/tierguard"
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.INFO: "note"}
# GitHub code scanning reads this property to rank security results.
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0", Severity.INFO: "1.0"}


def build_sarif(result: ScanResult) -> dict[str, Any]:
    findings = sorted_findings(result)
    rules: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if finding.rule_id not in rules:
            rules[finding.rule_id] = _rule(finding)
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tierguard",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": list(rules.values()),
            }
        },
        "invocations": [
            {
                "executionSuccessful": result.complete,
                "exitCode": result.exit_code,
                "startTimeUtc": result.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "toolExecutionNotifications": [
                    {"level": "error" if e.kind == "input" else "warning",
                     "message": {"text": f"{e.where}: {e.message}"}}
                    for e in result.errors
                ] + [{"level": "warning", "message": {"text": warning}} for warning in result.warnings],
            }
        ],
        "results": [_result(f, index[f.rule_id]) for f in findings],
        "columnKind": "unicodeCodePoints",
    }
    if result.mode == "templates":
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}}
    run["automationDetails"] = {"id": f"tierguard/{result.mode}/"}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(finding: Finding) -> dict[str, Any]:
    registered = next((r for r in REGISTRY if r.id == finding.rule_id), None)
    uri: str | None
    if registered is not None:
        description, help_text, uri = registered.rationale, registered.remediation, registered.link
        name, severity = registered.__name__, registered.severity
    else:
        description, help_text, uri = finding.title, finding.remediation, finding.link
        name, severity = finding.rule_id.replace("-", "_"), finding.severity
    rule: dict[str, Any] = {
        "id": finding.rule_id,
        "name": name,
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": f"**Fix:** {help_text}"},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "tags": ["security" if finding.category.value not in _COST_CATEGORIES else "cost", finding.category.value,
                     finding.source.value],
            "security-severity": SECURITY_SEVERITY[severity],
            "precision": "high" if finding.source is Engine.TIERGUARD else "medium",
        },
    }
    if uri:
        rule["helpUri"] = uri
    return rule


_COST_CATEGORIES = {"nat-gateway", "paid-database", "idle-load-balancer", "missing-budget", "budget-misconfigured",
                    "unattached-eip", "costly-resource", "over-budget", "multi-region", "leftover-resource", "cost-drift"}


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    subject = finding.subject
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": f"{subject.label}: {finding.message}"},
        "partialFingerprints": {"tierguardFingerprint/v1": finding.fingerprint},
        "properties": {
            "category": finding.category.value,
            "severity": finding.severity.value,
            "status": finding.status.value,
            "ids": finding.ids,
        },
    }
    if finding.monthly_usd is not None:
        result["properties"]["monthly_usd"] = float(finding.monthly_usd)
    location: dict[str, Any] = {}
    if subject.file:
        path = Path(subject.file)
        artifact = {"uri": path.as_uri()} if path.is_absolute() else {"uri": path.as_posix(), "uriBaseId": "SRCROOT"}
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if subject.line:
            physical["region"] = {"startLine": subject.line}
        location["physicalLocation"] = physical
    logical_name = subject.arn or (f"{subject.stack}/{subject.logical_id}" if subject.logical_id else subject.label)
    if logical_name:
        logical: dict[str, Any] = {"name": subject.logical_id or subject.name or subject.label, "fullyQualifiedName": logical_name,
                                   "kind": "resource"}
        location["logicalLocations"] = [logical]
    if location:
        result["locations"] = [location]
    if finding.status is Status.SUPPRESSED and finding.suppression:
        origin = str(finding.suppression.get("origin", "config"))
        result["suppressions"] = [{"kind": "external" if origin == "config" else "inSource", "status": "accepted",
                                   "justification": str(finding.suppression.get("reason", ""))}]
    elif finding.status is Status.BASELINE:
        result["baselineState"] = "unchanged"
    return result


def render(result: ScanResult) -> str:
    return json.dumps(build_sarif(result), indent=2, allow_nan=False) + "\n"
