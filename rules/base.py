"""What every rule is: metadata next to the code, and a check over the Inventory.

A rule names the resource types it reads and yields Hits for one resource at a time; rules
that judge the whole inventory (a missing budget) override `evaluate` instead. Rules never
read files or call AWS: sources fill the Inventory, rules only read it, so one rule runs
unchanged on templates and on the live account.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

from ..scanner.config import Config
from ..scanner.facts import ScanFacts
from ..scanner.findings import Finding, Subject
from ..scanner.model import Category, Inventory, Resource, ScanMode, Severity
from ..scanner.values import Unresolved

TEMPLATES = ScanMode.TEMPLATES
ACCOUNT = ScanMode.ACCOUNT


class Stage(str, Enum):
    """When a rule runs. Most judge resources: once per source (a template set, one account of an
    organization). A few judge the run itself (its suppressions, its cost against a baseline): once,
    after the parts are together, so that an organization's growth is measured on its total."""

    RESOURCES = "resources"
    RUN = "run"


@dataclass
class RuleContext:
    inventory: Inventory
    config: Config
    mode: ScanMode
    facts: ScanFacts  # what the stages before the rules found: costs, suppressions, drift, accounts…


@dataclass(frozen=True)
class Hit:
    """One problem a rule found on one resource."""

    message: str
    detail: str = ""  # distinguishes several problems of one rule on one resource
    severity: Severity | None = None  # overrides the rule's default
    monthly_usd: Decimal | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # structured detail (ports, CIDR) for merging


class Rule:
    id: ClassVar[str]
    title: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    rationale: ClassVar[str]  # why it matters, in words a newcomer follows
    remediation: ClassVar[str]
    link: ClassVar[str] = ""
    resource_types: ClassVar[tuple[str, ...]] = ()
    # checkov checks that describe the same problem: merged into this rule's finding on the same
    # resource (one finding, both ids), and a checkov skip of one of them silences that finding only.
    checkov: ClassVar[tuple[str, ...]] = ()
    modes: ClassVar[frozenset[ScanMode]] = frozenset({TEMPLATES, ACCOUNT})
    stage: ClassVar[Stage] = Stage.RESOURCES

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for resource in ctx.inventory.of_type(*self.resource_types):
            for hit in self.check(resource, ctx):
                yield self.finding(Subject.of(resource), hit)

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        raise NotImplementedError

    def finding(self, subject: Subject, hit: Hit) -> Finding:
        return Finding(
            rule_id=self.id,
            category=self.category,
            severity=hit.severity or self.severity,
            title=self.title,
            message=hit.message,
            remediation=self.remediation,
            subject=subject,
            detail=hit.detail,
            monthly_usd=hit.monthly_usd,
            link=self.link or None,
            facts=dict(hit.facts),
        )

    @classmethod
    def describe(cls) -> dict[str, Any]:
        return {
            "id": cls.id,
            "title": cls.title,
            "category": cls.category.value,
            "severity": cls.severity.value,
            "modes": sorted(mode.value for mode in cls.modes),
            "resource_types": list(cls.resource_types),
            "checkov": list(cls.checkov),
            "rationale": cls.rationale,
            "remediation": cls.remediation,
            "link": cls.link,
        }


def unverifiable(what: str, value: Unresolved, detail: str = "") -> Hit:
    """An Unresolved value that decides a rule: visible at info, never silently safe."""
    return Hit(
        message=f"cannot verify {what}: {value.reason}",
        detail=f"unverifiable:{detail or what}",
        severity=Severity.INFO,
    )
