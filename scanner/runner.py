"""Run the rule catalogue over an Inventory. A crashing rule is reported, never silent."""
from __future__ import annotations

from ..rules import RuleContext, Stage, catalogue
from .config import Config
from .facts import ScanFacts
from .findings import Finding
from .model import Inventory, ScanError, ScanMode


def run_rules(inventory: Inventory, config: Config, mode: ScanMode, facts: ScanFacts,
              stage: Stage = Stage.RESOURCES) -> tuple[list[Finding], list[ScanError]]:
    ctx = RuleContext(inventory=inventory, config=config, mode=mode, facts=facts)
    findings: list[Finding] = []
    errors: list[ScanError] = []
    for rule in catalogue(mode, stage):
        try:
            findings.extend(rule.evaluate(ctx))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            errors.append(
                ScanError(
                    where=f"rule {rule.id}",
                    message=f"the rule failed ({type(exc).__name__}: {exc}); its results are missing",
                    kind="incomplete",
                )
            )
    return findings, errors
