"""What one scan produced; every report renders from this."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Config
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

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class HistoryInfo:
    """account --history: where the scans are kept and which one this scan was compared with."""

    folder: str
    previous_scan: str | None
    keep: int

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "previous_scan": self.previous_scan, "keep": self.keep}


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
