"""checkov in a worker process: CloudFormation checks on template files, offline and silent.

Runs in a pool worker (see pool.py), so its process-global registry and logging never touch the
main process. Returns plain dicts (picklable). When a template crashes checkov's whole run, the
batch is split in halves until the culprit is alone, so one bad template never loses the results
of the others (and costs a few runs, not one run per file).
"""
from __future__ import annotations

import os
from typing import Any

# Read by checkov at import: never download guidelines or anything else.
OFFLINE_ENVIRONMENT = {
    "BC_SKIP_MAPPING": "TRUE",
    "CKV_NO_OUTPUT": "1",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "BC_API_KEY": "",
    "PRISMA_API_URL": "",
}


def version() -> str:
    from checkov.version import version as checkov_version

    return str(checkov_version)


def scan(files: list[str]) -> dict[str, Any]:
    """{'results': [...], 'errors': [{'file', 'message'}], 'version': '…'}"""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    results: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    _isolating(files, results, errors)
    return {"results": results, "errors": errors, "version": version()}


def _isolating(files: list[str], results: list[dict[str, Any]], errors: list[dict[str, str]]) -> None:
    try:
        results.extend(_run(files))
    except Exception as exc:  # noqa: BLE001 - bisect to the template checkov cannot read
        if len(files) == 1:
            errors.append({"file": files[0], "message": f"checkov could not scan it ({type(exc).__name__}: {exc})"})
            return
        middle = len(files) // 2
        _isolating(files[:middle], results, errors)
        _isolating(files[middle:], results, errors)


def _run(files: list[str]) -> list[dict[str, Any]]:
    from checkov.cloudformation.runner import Runner
    from checkov.runner_filter import RunnerFilter

    outcome = Runner().run(root_folder=None, files=files, runner_filter=RunnerFilter(framework=["cloudformation"]))
    reports = outcome if isinstance(outcome, list) else [outcome]
    found: list[dict[str, Any]] = []
    for report in reports:
        for status, checks in (("failed", report.failed_checks), ("skipped", report.skipped_checks)):
            for check in checks:
                found.append(
                    {
                        "status": status,
                        "check_id": check.check_id,
                        "check_name": check.check_name,
                        "resource": check.resource,
                        "file": os.path.normpath(getattr(check, "file_abs_path", None) or check.file_path),
                        "lines": list(check.file_line_range or []),
                        "comment": (check.check_result or {}).get("suppress_comment") if status == "skipped" else None,
                        "guideline": getattr(check, "guideline", None),
                    }
                )
    return found
