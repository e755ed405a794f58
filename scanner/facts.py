"""What the stages before the rules tell the rules: named fields, not a dict of strings, so that a
mistyped name is an error rather than a rule silently switched off."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Suppression
from .model import Inventory, ScanError

if TYPE_CHECKING:  # imported for annotations only: drift and cost import findings, which imports model
    from .cost.model import CostEstimate
    from .drift import DriftCheck


@dataclass
class ScanFacts:
    today: dt.date
    now: dt.datetime
    costs: CostEstimate | None = None  # the estimate, made before the rules run
    suppressions: Sequence[Suppression] = ()  # config and inline ones (expiry is judged by TG-SUP-001)
    drift: Sequence[DriftCheck] = ()  # the baseline and/or the previous scan compared with
    template_problems: Sequence[ScanError] = ()  # unreadable templates and resources (TG-TPL-001)
    # account scans
    accounts: Sequence[str] = ()  # the accounts scanned
    regions: Sequence[str] = ()  # the regions scanned
    uncollected: Set[tuple[str, str]] = field(default_factory=frozenset)  # (account, type) with a gap
    expect_clean: bool = False  # --expect-clean: what a cleanup deletes must be gone
    templates: Inventory | None = None  # account --templates: the templates reconciled with the account

    @classmethod
    def at(cls, started: dt.datetime, **fields: object) -> ScanFacts:
        return cls(today=started.date(), now=started, **fields)  # type: ignore[arg-type]
