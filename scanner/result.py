"""What one scan produced; every report renders from this."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .config import Config
from .cost.model import money
from .findings import Finding
from .model import Inventory, ScanError, ScanMode, Severity, Status

if TYPE_CHECKING:
    from .cost.model import CostEstimate


@dataclass(frozen=True)
class SkippedFile:
    """A file met in a scanned folder and left out: not a template, or a link not followed."""

    file: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "reason": self.reason}


@dataclass(frozen=True)
class TemplateContext:
    """templates --context: the paths given and the templates they added."""

    paths: list[str]
    templates: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"paths": list(self.paths), "templates": list(self.templates)}


@dataclass
class AccountScanSummary:
    """What an account scan covered: accounts, regions, calls, collectors."""

    accounts: list[str]
    regions: list[str]
    api_calls: int
    collectors_run: int
    skipped_on_request: list[str]
    expect_clean: bool
    exported_templates: list[str]
    reconciled_templates: list[str]
    names: dict[str, str] = field(default_factory=dict)  # account id -> its name in the organization
    unreached: list[str] = field(default_factory=list)  # accounts whose role could not be assumed
    organization: bool = False  # the accounts came from organizations:ListAccounts
    shards: list[str] = field(default_factory=list)  # "2/4": the worker(s) whose accounts these are

    def to_dict(self) -> dict[str, Any]:
        return {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class HistoryInfo:
    """account --history: where the scans are kept and which one this scan was compared with."""

    folder: str
    previous_scan: str | None
    keep: int

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "previous_scan": self.previous_scan, "keep": self.keep}


@dataclass
class AccountSummary:
    """One account of a scan: failing findings by severity, monthly cost, budget, complete or not."""

    account: str
    failing: dict[str, int]
    name: str = ""  # its name in the organization, when known
    monthly_usd: Decimal = Decimal(0)
    budget_usd: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.errors

    @property
    def failing_total(self) -> int:
        return sum(self.failing.values())

    def worst_first(self) -> tuple:
        """Sort key: the most severe failing findings first, then the most expensive, then the incomplete."""
        return (*(-self.failing.get(s.value, 0) for s in Severity), -self.monthly_usd, self.complete, self.account)

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "name": self.name, "failing": self.failing_total, "by_severity": dict(self.failing),
                "monthly_usd": float(money(self.monthly_usd)),
                "budget_usd": float(self.budget_usd) if self.budget_usd is not None else None,
                "complete": self.complete, "errors": list(self.errors)}


@dataclass
class ScanResult:
    mode: ScanMode
    targets: list[str]
    started: dt.datetime
    duration_s: float
    config: Config
    inventory: Inventory
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    exit_code: int = 0
    costs: CostEstimate | None = None
    warnings: list[str] = field(default_factory=list)  # things a reader must see: expired or match-all suppressions…
    engines: dict[str, str] = field(default_factory=dict)  # checkov / cfn-lint versions that ran
    skipped: list[SkippedFile] = field(default_factory=list)
    context: TemplateContext | None = None
    drift: list[dict[str, Any]] = field(default_factory=list)  # one section per comparison (drift.drift_section)
    account_scan: AccountScanSummary | None = None
    history: HistoryInfo | None = None
    accounts: list[AccountSummary] = field(default_factory=list)  # account scans: one line per account
    # When the inventory was let go (an organization's accounts, merged shard reports): what it held.
    resource_count: int | None = None
    stack_count: int | None = None
    region_names: frozenset[str] | None = None

    @property
    def resources(self) -> int:
        return self.resource_count if self.resource_count is not None else len(self.inventory)

    @property
    def stacks(self) -> int:
        return self.stack_count if self.stack_count is not None else len(self.inventory.stacks)

    @property
    def regions(self) -> list[str]:
        """The regions the resources are in."""
        if self.region_names is not None:
            return sorted(self.region_names)
        return sorted({r.region for r in self.inventory if r.region})

    def release_inventory(self) -> None:
        """Keep what the reports need of the inventory (its counts) and let the resources go: an
        organization scan holds findings and costs per account, not every API answer."""
        self.resource_count, self.stack_count, self.region_names = self.resources, self.stacks, frozenset(self.regions)
        self.inventory = Inventory()

    @property
    def complete(self) -> bool:
        return not self.errors

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.FAIL]

    def count_by_severity(self, status: Status | None = Status.FAIL) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            if status is None or finding.status is status:
                counts[finding.severity.value] += 1
        return counts
