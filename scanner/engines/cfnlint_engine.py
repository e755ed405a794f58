"""cfn-lint in a worker process: its Python API with the bundled schemas (never updated)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def version() -> str:
    from cfnlint.version import __version__

    return str(__version__)


def lint(jobs: list[tuple[str, str]]) -> dict[str, Any]:
    """jobs: (file, region). Returns {'results': [...], 'errors': [...], 'version': '…'}.

    One cfn-lint runner per region for all its files (loading the rules once per call costs
    about half a second, so a call per file would dominate); a file that breaks the batch is
    retried alone.
    """
    from cfnlint.api import ManualArgs, lint_by_config, lint_file

    results: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    by_region: dict[str, list[str]] = {}
    for file, region in jobs:
        by_region.setdefault(region, []).append(file)
    for region, files in by_region.items():
        try:
            matches = lint_by_config(ManualArgs(templates=files, regions=[region]))
        except Exception:  # noqa: BLE001 - isolate the template that breaks the batch
            matches = []
            for file in files:
                try:
                    matches.extend(lint_file(Path(file), config=ManualArgs(regions=[region])))
                except Exception as exc:  # noqa: BLE001 - one template must not lose the others
                    errors.append({"file": file, "message": f"cfn-lint could not lint it ({type(exc).__name__}: {exc})"})
        results.extend(_result(match) for match in matches)
    return {"results": results, "errors": errors, "version": version()}


def _result(match: Any) -> dict[str, Any]:
    return {
        "file": str(match.filename),
        "rule_id": match.rule.id,
        "severity": str(getattr(match.rule, "severity", "error")).lower(),
        "short": getattr(match.rule, "shortdesc", ""),
        "message": str(match.message),
        "line": match.linenumber,
        "path": [str(p) for p in (getattr(match, "path", None) or [])],
        "source_url": getattr(match.rule, "source_url", None),
    }
