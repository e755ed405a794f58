"""The pre-deploy gate: templates → Inventory → rules → findings → policy."""
from __future__ import annotations

import datetime as dt
import time
from typing import Sequence

from ..rules import TEMPLATES
from .config import Config
from .policy import apply_suppressions, apply_threshold, exit_code
from .result import ScanResult
from .runner import run_rules
from .sources.templates import load_templates


def scan_templates(targets: Sequence[str], config: Config) -> ScanResult:
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.perf_counter()
    load = load_templates(targets)
    findings, rule_errors = run_rules(load.inventory, config, TEMPLATES)
    result = ScanResult(
        mode=TEMPLATES,
        targets=list(targets),
        started=started,
        duration_s=0.0,
        config=config,
        inventory=load.inventory,
        findings=findings,
        errors=[*load.errors, *rule_errors],
    )
    if load.skipped:
        result.extras["skipped"] = [{"file": file, "reason": why} for file, why in load.skipped]
    apply_suppressions(result.findings, config.suppress, started.date())
    apply_threshold(result.findings, config.fail_on)
    result.exit_code = exit_code(result.findings, result.errors)
    result.duration_s = time.perf_counter() - clock
    return result
