"""The two ways tierguard runs the engines, as pipeline EngineJobs: checkov and cfn-lint on template
files (the gate), and checkov on the live inventory rendered as templates (the account scan)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ...rules import checkov_twins
from ..config import Config
from ..findings import Finding, Subject
from ..model import Inventory, ScanError
from ..pipeline import EngineResults
from ..resource_types import LIVE_CHECKOV_CHECKS
from ..sources.account import export
from ..sources.templates import TemplateLoad, display_path
from .merge import SubjectIndex, cfnlint_findings, merge_checkov, resource_index, subject_index
from .pool import EngineInput, EngineRun


class TemplateEngines:
    """checkov and cfn-lint on the judged templates, started at once in worker processes."""

    def __init__(self, load: TemplateLoad, config: Config, checkov: bool, cfnlint: bool) -> None:
        self._files = {display_path(t.path): os.path.abspath(t.path) for t in load.templates}
        self._inventory = load.inventory
        malformed = {e.where.split(":")[0] for e in load.errors if e.template}
        inputs = [
            EngineInput(self._files[shown], stack.region or config.home_region, _size(self._files[shown]),
                        suspect=shown in malformed)
            for stack, shown in ((t, display_path(t.path)) for t in load.judged)
        ]
        self._run = EngineRun(inputs, use_checkov=checkov, use_cfnlint=cfnlint)

    def collect(self, own: list[Finding]) -> EngineResults:
        output = self._run.wait()
        index = resource_index(self._inventory, self._files)
        findings = merge_checkov(output.checkov, own, subject_index(index), checkov_twins())
        findings += cfnlint_findings(output.cfnlint, index, {v: k for k, v in self._files.items()})
        errors = [ScanError(where=_where(e["file"]), message=e["message"], kind="incomplete") for e in output.errors]
        return EngineResults(findings, errors, output.versions)


class LiveCheckov:
    """checkov on the live inventory, rendered as one CloudFormation-shaped template per account and
    region; only the checks whose inputs the collectors read faithfully are kept (resource_types).

    Accounts are added as they are collected (their templates written, what a finding needs of each
    resource kept, the rest let go); checkov starts once, on all of them, when the last is in."""

    def __init__(self, config: Config, use_checkov: bool, export_dir: Path | None) -> None:
        self._config = config
        self._use_checkov = use_checkov
        self._keep = export_dir is not None
        self._export_dir = export_dir
        self.folder: Path | None = None
        self.written: list[Path] = []
        self._subjects: SubjectIndex = {}
        self._run: EngineRun | None = None
        self._skipped: str | None = None

    def skip(self, reason: str) -> None:
        """The scan stopped early (a time limit, Ctrl-C): checkov is not run, and that is said."""
        self._skipped = reason

    def add(self, inventory: Inventory) -> list[Path]:
        """Write one account's templates (when checkov runs, or --export-templates asked for them)."""
        if not (self._use_checkov or self._keep):
            return []
        exported = export.render(inventory)
        if not exported:
            return []
        if self.folder is None:
            self.folder = self._export_dir or Path(tempfile.mkdtemp(prefix="tierguard-live-"))
        written = export.write(exported, self.folder)
        self.written += written
        for template, path in zip(exported, written, strict=True):
            absolute = os.path.normpath(str(path.resolve()))
            for logical_id, key in template.logical_ids.items():
                resource = inventory.by_key(key)
                if resource is not None:
                    self._subjects[(absolute, logical_id)] = Subject.of(resource)
        return written

    def start(self) -> None:
        """Start checkov on every template written so far (once; later additions are not checked)."""
        if self._use_checkov and self.written and self._run is None and self._skipped is None:
            inputs = [EngineInput(str(p.resolve()), self._config.home_region, p.stat().st_size) for p in self.written]
            self._run = EngineRun(inputs, use_checkov=True, use_cfnlint=False)

    def collect(self, own: list[Finding]) -> EngineResults:
        self.start()
        try:
            if self._run is None:
                if self._skipped is not None and self._use_checkov:
                    return EngineResults(errors=[ScanError(where="checkov", kind="incomplete",
                                                           message=f"not run ({self._skipped})")])
                return EngineResults()
            output = self._run.wait()
            live = [r for r in output.checkov if r["check_id"] in LIVE_CHECKOV_CHECKS]
            findings = merge_checkov(live, own, self._subjects, checkov_twins())
            errors = [ScanError(where="checkov", message=e["message"], kind="incomplete") for e in output.errors]
            return EngineResults(findings, errors, output.versions)
        finally:
            if not self._keep and self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)


def _where(file: str) -> str:
    """Engine errors name a template file, or the engine itself when a worker died."""
    return display_path(Path(file)) if os.path.sep in file else file


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
