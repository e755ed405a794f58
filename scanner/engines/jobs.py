"""The two ways tierguard runs the engines, as pipeline EngineJobs: checkov and cfn-lint on template
files (the gate), and checkov on the live inventory rendered as templates (the account scan)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ...rules import checkov_twins
from ..config import Config
from ..findings import Finding
from ..model import Inventory, Resource, ScanError
from ..pipeline import EngineResults
from ..resource_types import LIVE_CHECKOV_CHECKS
from ..sources.account import export
from ..sources.templates import TemplateLoad, display_path
from .merge import cfnlint_findings, merge_checkov, resource_index
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
        findings = merge_checkov(output.checkov, own, index, checkov_twins())
        findings += cfnlint_findings(output.cfnlint, index, {v: k for k, v in self._files.items()})
        errors = [ScanError(where=_where(e["file"]), message=e["message"], kind="incomplete") for e in output.errors]
        return EngineResults(findings, errors, output.versions)


class LiveCheckov:
    """checkov on the live inventory, rendered as one CloudFormation-shaped template per account and
    region; only the checks whose inputs the collectors read faithfully are kept (resource_types)."""

    def __init__(self, inventory: Inventory, config: Config, use_checkov: bool, export_dir: Path | None) -> None:
        self._inventory = inventory
        self._exported = export.render(inventory)
        self._keep = export_dir is not None
        self.folder: Path | None = None
        self.written: list[Path] = []
        self._run: EngineRun | None = None
        if not self._exported or not (use_checkov or export_dir):
            return
        self.folder = export_dir or Path(tempfile.mkdtemp(prefix="tierguard-live-"))
        self.written = export.write(self._exported, self.folder)
        if use_checkov:
            inputs = [EngineInput(str(p.resolve()), config.home_region, p.stat().st_size) for p in self.written]
            self._run = EngineRun(inputs, use_checkov=True, use_cfnlint=False)

    def collect(self, own: list[Finding]) -> EngineResults:
        try:
            if self._run is None:
                return EngineResults()
            output = self._run.wait()
            live = [r for r in output.checkov if r["check_id"] in LIVE_CHECKOV_CHECKS]
            findings = merge_checkov(live, own, self._index(), checkov_twins())
            errors = [ScanError(where="checkov", message=e["message"], kind="incomplete") for e in output.errors]
            return EngineResults(findings, errors, output.versions)
        finally:
            if not self._keep and self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def _index(self) -> dict[tuple[str, str], Resource]:
        index: dict[tuple[str, str], Resource] = {}
        if self.folder is None:
            return index
        for template in self._exported:
            path = os.path.normpath(str((self.folder / template.name).resolve()))
            for logical_id, key in template.logical_ids.items():
                resource = self._inventory.by_key(key)
                if resource is not None:
                    index[(path, logical_id)] = resource
        return index


def _where(file: str) -> str:
    """Engine errors name a template file, or the engine itself when a worker died."""
    return display_path(Path(file)) if os.path.sep in file else file


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
