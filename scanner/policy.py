"""Policy: which findings fail the run, and the exit code.

Order of precedence for a finding's status: suppressed, then baseline, then below-threshold,
else fail. Exit codes (SPEC): 2 input/usage error > 1 failing findings > 3 incomplete scan > 0.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Sequence

from .config import Suppression
from .drift import DriftCheck, compare
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
    active: list[Suppression] = []
    expired: list[Suppression] = []
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


# Ids of unrelated rules and engines: a rule pattern matching all of them silences everything.
_UNRELATED_IDS = ("TG-NAT-001", "TG-SG-001", "CKV_AWS_24", "E3012")


def matches_every_rule(suppression: Suppression) -> bool:
    return all(fnmatch.fnmatchcase(rule_id, suppression.rule) for rule_id in _UNRELATED_IDS)


def suppression_warnings(suppressions: Iterable[Suppression], expired: Iterable[Suppression]) -> list[str]:
    """What every report must say about the suppressions themselves."""
    warnings = []
    for suppression in suppressions:
        if matches_every_rule(suppression):
            scope = "every resource" if suppression.resource_key is None and suppression.resource in ("*", "") else suppression.resource
            warnings.append(f"the suppression rule = {suppression.rule!r} ({suppression.origin}) silences every rule "
                            f"on {scope}: {suppression.reason}")
    for suppression in expired:
        warnings.append(f"the suppression of {suppression.rule} on {suppression.resource} ({suppression.origin}) expired "
                        f"on {suppression.expires.isoformat() if suppression.expires else '?'}: what it hid counts again")
    return warnings


def settle(result: ScanResult, suppressions: Iterable[Suppression], drift: Sequence[DriftCheck] = ()) -> None:
    """Decide every finding's status, in order of precedence, and the run's exit code."""
    suppressions = list(suppressions)
    expired = apply_suppressions(result.findings, suppressions, result.started.date())
    if result.costs is not None:
        result.warnings.extend(result.costs.warnings)
    result.warnings.extend(suppression_warnings(suppressions, expired))
    if drift:
        compare(result, list(drift))
    apply_threshold(result.findings, result.config.fail_on)
    result.exit_code = exit_code(result.findings, result.errors)
