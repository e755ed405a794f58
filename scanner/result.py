"""What one scan produced; every report renders from this."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .config import Config
from .findings import Finding
from .model import Inventory, ScanError, Severity, Status


@dataclass
class ScanResult:
    mode: str  # "templates" or "account"
    targets: list[str]
    started: dt.datetime
    duration_s: float
    config: Config
    inventory: Inventory
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    exit_code: int = 0
    costs: Any = None  # scanner.cost.CostEstimate once estimated
    warnings: list[str] = field(default_factory=list)  # things a reader must see: expired or match-all suppressions…
    extras: dict[str, Any] = field(default_factory=dict)  # baseline delta, history, engines' versions

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
