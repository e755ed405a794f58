"""The pre-deploy gate's front end: load the templates, start checkov and cfn-lint on them, and hand
everything to the one evaluation pipeline (rules, costs, merge, policy)."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from .config import Config
from .drift import DriftCheck
from .engines.jobs import TemplateEngines
from .facts import ScanFacts
from .model import ScanMode
from .pipeline import Collected, evaluate
from .result import ScanResult, SkippedFile, TemplateContext
from .sources.templates import load_templates
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
    # The engines start first and run in other processes while the rules run here.
    job = TemplateEngines(load, config, checkov=engines.checkov, cfnlint=engines.cfnlint)
    inline, inline_errors = inline_suppressions(load.inventory)
    context_files = load.context_files
    collected = Collected(
        mode=ScanMode.TEMPLATES,
        targets=list(targets),
        started=started,
        inventory=load.inventory,
        facts=ScanFacts.at(started, template_problems=[e for e in load.errors if e.template]),
        suppressions=[*config.suppress, *inline],
        errors=[*load.errors, *inline_errors],
        engines=job,
        reported=(lambda finding: finding.subject.file not in context_files) if context_files else None,
        skipped=[SkippedFile(file, why) for file, why in load.skipped],
        context=TemplateContext(list(context), sorted(context_files)) if context else None,
    )
    return evaluate(collected, config, drift, clock)
