"""The pre-deploy gate: templates → Inventory → rules (+ checkov, cfn-lint) → findings → policy."""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..rules import TEMPLATES
from .config import Config
from .cost import estimate
from .drift import DriftCheck
from .cost.model import money
from .engines.merge import cfnlint_findings, merge_checkov, resource_index
from .engines.pool import EngineInput, EngineRun
from .model import ScanError
from .policy import settle
from .result import ScanResult
from .runner import run_rules
from .sources.templates import display_path, load_templates
from .suppressions import inline_suppressions


@dataclass(frozen=True)
class Engines:
    checkov: bool = True
    cfnlint: bool = True


OWN_RULES_ONLY = Engines(checkov=False, cfnlint=False)


def scan_templates(targets: Sequence[str], config: Config, engines: Engines = Engines(),
                   drift: Sequence[DriftCheck] = (), context: Sequence[str] = ()) -> ScanResult:
    """context: templates that deploy with the targets (a repository's whole set, for pre-commit):
    set-level rules (budget, over-budget, regions) judge them with the targets; findings on their
    own resources are not reported, and the engines do not scan them."""
    started = dt.datetime.now(dt.timezone.utc)
    clock = time.perf_counter()
    load = load_templates(targets, context)

    files = {display_path(t.path): os.path.abspath(t.path) for t in load.templates}
    malformed = {e.where.split(":")[0] for e in load.errors if e.template}
    inputs = [
        EngineInput(files[shown], stack.region or config.home_region, _size(files[shown]), suspect=shown in malformed)
        for stack, shown in ((t, display_path(t.path)) for t in load.judged)
    ]
    # The engines start first and run in other processes while our rules run here.
    run = EngineRun(inputs, use_checkov=engines.checkov, use_cfnlint=engines.cfnlint)

    inline, inline_errors = inline_suppressions(load.inventory)
    suppressions = [*config.suppress, *inline]
    costs = estimate(load.inventory, config, started.date())
    facts = {
        "today": started.date(),
        "suppressions": suppressions,
        "template_problems": [e for e in load.errors if e.template],
        "costs": costs,
        "drift": list(drift),
    }
    findings, rule_errors = run_rules(load.inventory, config, TEMPLATES, facts)
    if load.context_files:  # per-resource findings on context-only templates are not this scan's business
        findings = [f for f in findings if f.subject.file not in load.context_files]

    output = run.wait()
    index = resource_index(load.inventory, files)
    findings += merge_checkov(output.checkov, findings, index)
    findings += cfnlint_findings(output.cfnlint, index, {v: k for k, v in files.items()})
    engine_errors = [
        ScanError(where=display_path_of(e["file"]), message=e["message"], kind="incomplete") for e in output.errors
    ]

    result = ScanResult(
        mode=TEMPLATES,
        targets=list(targets),
        started=started,
        duration_s=0.0,
        config=config,
        inventory=load.inventory,
        findings=findings,
        errors=[*load.errors, *inline_errors, *rule_errors, *engine_errors],
        costs=costs,
    )
    attach_costs(result.findings, costs)
    result.extras["engines"] = output.versions
    if load.skipped:
        result.extras["skipped"] = [{"file": file, "reason": why} for file, why in load.skipped]
    if context:
        result.extras["context"] = {"paths": list(context), "templates": sorted(load.context_files)}
    settle(result, suppressions, drift)
    result.duration_s = time.perf_counter() - clock
    return result


def attach_costs(findings, costs) -> None:
    """Every finding on a resource that bills carries that resource's monthly cost."""
    items = costs.by_resource()
    for finding in findings:
        item = items.get(finding.subject.key or "")
        if finding.monthly_usd is None and item is not None and item.monthly_usd > 0:
            finding.monthly_usd = money(item.monthly_usd)


def display_path_of(file: str) -> str:
    """Engine errors name a template file, or the engine itself when a worker died."""
    return display_path(Path(file)) if os.path.sep in file else file


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
