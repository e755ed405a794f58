"""Policy: which findings fail the run, and the exit code.

Order of precedence for a finding's status: suppressed, then baseline, then below-threshold,
else fail. Exit codes (SPEC): 2 input/usage error > 1 failing findings > 3 incomplete scan > 0.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
from typing import Iterable, Sequence

from .drift import DriftCheck, compare
from .config import Suppression
from .findings import Finding
from .model import ScanError, Severity, Status
from .result import ScanResult

EXIT_OK = 0
EXIT_FAILING = 1
EXIT_INPUT_ERROR = 2
EXIT_INCOMPLETE = 3


def suppression_matches(suppression: Suppression, finding: Finding) -> bool:
    rule = suppression.rule
    if rule not in finding.ids and rule != finding.category.value and not fnmatch.fnmatchcase(finding.rule_id, rule):
        return False
    if suppression.resource_key is not None:  # inline: its own resource, by identity, never a pattern
        return finding.subject.key == suppression.resource_key
    if suppression.resource in ("*", ""):
        return True
    subject = finding.subject
    names = [n for n in (subject.logical_id, subject.arn, subject.cdk_path, subject.physical_id, subject.label) if n]
    if subject.stack and subject.logical_id:
        names.append(f"{subject.stack}/{subject.logical_id}")
    return any(fnmatch.fnmatchcase(name, suppression.resource) for name in names)


def apply_threshold(findings: Iterable[Finding], fail_on: Severity) -> None:
    for finding in findings:
        if finding.status is Status.FAIL and not finding.severity.at_least(fail_on):
            finding.status = Status.BELOW_THRESHOLD


def apply_suppressions(findings: Iterable[Finding], suppressions: Iterable[Suppression], today: dt.date) -> list[Suppression]:
    """Mark suppressed findings; returns the expired suppressions (they no longer apply)."""
    active, expired = [], []
    for suppression in suppressions:
        (expired if suppression.expires and suppression.expires < today else active).append(suppression)
    for finding in findings:
        if finding.status is Status.SUPPRESSED:
            continue  # already suppressed by a checkov skip in the template
        for suppression in active:
            if suppression_matches(suppression, finding):
                finding.status = Status.SUPPRESSED
                finding.suppression = suppression.to_dict()
                break
    return expired


def exit_code(findings: Iterable[Finding], errors: Iterable[ScanError]) -> int:
    errors = list(errors)
    if any(e.kind == "input" for e in errors):
        return EXIT_INPUT_ERROR
    if any(f.status is Status.FAIL for f in findings):
        return EXIT_FAILING
    if errors:
        return EXIT_INCOMPLETE
    return EXIT_OK


def settle(result: ScanResult, suppressions: Iterable[Suppression], drift: Sequence[DriftCheck] = ()) -> None:
    """Decide every finding's status, in order of precedence, and the run's exit code."""
    apply_suppressions(result.findings, suppressions, result.started.date())
    if drift:
        compare(result, list(drift))
    apply_threshold(result.findings, result.config.fail_on)
    result.exit_code = exit_code(result.findings, result.errors)
