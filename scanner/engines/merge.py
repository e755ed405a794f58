"""Turn checkov and cfn-lint results into findings; one problem on one resource is one finding."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..findings import Finding, Subject
from ..model import Category, Engine, Resource, Severity, Status
from .checkov_map import POLICY_INDEX, CheckovMapping, mapping_for

ResourceIndex = dict[tuple[str, str], Resource]  # (absolute file, logical id) -> resource
SubjectIndex = dict[tuple[str, str], Subject]  # (absolute file, logical id) -> what a finding on it names


def resource_index(resources: Iterable[Resource], files: dict[str, str]) -> ResourceIndex:
    """files: display path -> absolute path of the template each resource came from."""
    index: ResourceIndex = {}
    for resource in resources:
        if resource.file and resource.logical_id:
            absolute = files.get(resource.file)
            if absolute:
                index[(absolute, resource.logical_id)] = resource
    return index


def subject_index(index: ResourceIndex) -> SubjectIndex:
    return {key: Subject.of(resource) for key, resource in index.items()}


def merge_checkov(results: list[dict[str, Any]], findings: list[Finding], index: SubjectIndex,
                  twins: dict[str, tuple[str, ...]]) -> list[Finding]:
    """Attach a checkov result to the tierguard finding on the same resource whose rule declares that
    check (`twins`: check id -> rule ids); new findings for the rest. A checkov skip suppresses the
    one finding its check is merged into, nothing else."""
    added: list[Finding] = []
    by_resource: dict[str, list[Finding]] = {}
    for finding in findings:
        by_resource.setdefault(finding.subject.identity, []).append(finding)
    for result in sorted(results, key=lambda r: (r["file"], r["resource"], r["check_id"])):
        check_id = result["check_id"]
        logical_id = str(result["resource"]).rsplit(".", 1)[-1]
        subject = index.get((os.path.normpath(result["file"]), logical_id))
        if subject is None:
            continue  # a resource tierguard did not read (for example a SAM-only type)
        mapping = mapping_for(check_id)
        twin = _twin(by_resource.get(subject.identity, []), twins.get(check_id, ()), mapping)
        skipped = result["status"] == "skipped"
        if twin is not None:
            if check_id not in twin.ids:
                if twin.check_id is None:
                    twin.check_id = check_id
                else:
                    twin.related_ids.append(check_id)
            if skipped:
                _skip(twin, check_id, result)
            continue
        finding = _checkov_finding(result, subject, mapping)
        if skipped:
            _skip(finding, check_id, result)
        added.append(finding)
        by_resource.setdefault(subject.identity, []).append(finding)
    return added


def _twin(candidates: list[Finding], rule_ids: tuple[str, ...], mapping: CheckovMapping) -> Finding | None:
    for finding in candidates:
        if finding.source is not Engine.TIERGUARD or finding.rule_id not in rule_ids:
            continue
        if mapping.port is not None:
            span = finding.facts.get("port_span")
            if not span or not span[0] <= mapping.port <= span[1] or finding.facts.get("ipv6"):
                continue
        return finding
    return None


def _skip(finding: Finding, check_id: str, result: dict[str, Any]) -> None:
    comment = (result.get("comment") or "").strip() or "no reason given"
    finding.status = Status.SUPPRESSED
    finding.suppression = {
        "rule": check_id,
        "resource": finding.subject.logical_id,
        "reason": comment,
        "expires": None,
        "origin": "checkov skip in the template's Metadata",
    }


def _checkov_finding(result: dict[str, Any], subject: Subject, mapping: CheckovMapping) -> Finding:
    check_id, name = result["check_id"], result["check_name"]
    lines = result.get("lines") or []
    if lines and subject.file and subject.line != lines[0]:
        subject = replace(subject, line=lines[0])
    message = name
    if mapping.adds_cost:
        message += " — hardening that adds cost; shown, but not failing a free-tier gate by default"
    return Finding(
        rule_id=check_id,
        category=mapping.category,
        severity=mapping.severity,
        title=name,
        message=message,
        remediation=f"See checkov's guidance for {check_id}" + (f": {result['guideline']}" if result.get("guideline") else "."),
        subject=subject,
        source=Engine.CHECKOV,
        check_id=check_id,
        link=result.get("guideline") or POLICY_INDEX,
    )


_CFN_LINT_SEVERITY = {"error": Severity.HIGH, "warning": Severity.LOW, "informational": Severity.INFO}


def cfnlint_findings(results: list[dict[str, Any]], index: ResourceIndex, display: dict[str, str]) -> list[Finding]:
    """cfn-lint matches → template-error findings on the resource (or the file) they concern."""
    findings = []
    seen: set[tuple[str, str, str]] = set()
    for result in results:
        file = os.path.normpath(result["file"])
        path = result.get("path") or []
        key = (file, result["rule_id"], "/".join(path) + result["message"])
        if key in seen:
            continue
        seen.add(key)
        resource = index.get((file, path[1])) if len(path) > 1 and path[0] == "Resources" else None
        if resource is not None:
            subject = replace(Subject.of(resource), line=result.get("line") or resource.line)
        else:
            subject = Subject(type=None, file=display.get(file, file), line=result.get("line"))
        rule_id = result["rule_id"]
        findings.append(
            Finding(
                rule_id=rule_id,
                category=Category.TEMPLATE_ERROR,
                severity=_CFN_LINT_SEVERITY.get(result["severity"], Severity.LOW),
                title=result.get("short") or f"cfn-lint {rule_id}",
                message=result["message"],
                remediation="Fix the template: CloudFormation would reject it or behave unexpectedly.",
                subject=subject,
                source=Engine.CFN_LINT,
                check_id=rule_id,
                # the resource is the identity; lines move, and logical ids carry CDK's hash suffixes
                detail="/".join(path[2:] if resource is not None else path) or result["message"],
                link=result.get("source_url") or "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md",
            )
        )
    return findings
