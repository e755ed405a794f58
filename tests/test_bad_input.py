"""Bad input: one clear line naming the file, exit 2, and every other target still reported."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import run_tierguard, variant


def _bad_targets(root: Path) -> dict[str, tuple[Path, str]]:
    """name -> (target path, words the error line must contain)."""
    root.mkdir()
    cases: dict[str, tuple[Path, str]] = {}

    cases["missing path"] = (root / "nope.yaml", "no such file or folder")

    bad_json = root / "broken.json"
    bad_json.write_text('{"Resources": {"A": {"Type": "AWS::SNS::Topic",}}')
    cases["unparsable JSON"] = (bad_json, "is not valid JSON")

    bad_yaml = root / "broken.yaml"
    bad_yaml.write_text("Resources:\n  A:\n    Type: [unclosed\n")
    cases["unparsable YAML"] = (bad_yaml, "is not valid YAML")

    not_cfn = root / "compose.yaml"
    not_cfn.write_text("services:\n  web:\n    image: nginx\n")
    cases["YAML that is not CloudFormation"] = (not_cfn, "is not a CloudFormation template")

    empty = root / "empty-folder"
    empty.mkdir()
    cases["empty folder"] = (empty, "no CloudFormation templates")

    broken_manifest = root / "broken-manifest.out"
    shutil.copytree(variant("compliant"), broken_manifest)
    (broken_manifest / "manifest.json").write_text('{"version": "55.0.0", "artifacts": ')
    cases["broken manifest"] = (broken_manifest, "manifest.json is not valid JSON")

    missing_template = root / "missing-template.out"
    shutil.copytree(variant("compliant"), missing_template)
    (missing_template / "AppStack.template.json").unlink()
    cases["manifest names a missing template"] = (missing_template, "AppStack.template.json, which does not exist")

    no_type = root / "no-type.yaml"
    no_type.write_text("Resources:\n  Good: {Type: AWS::SNS::Topic}\n  Typeless:\n    Properties: {}\n")
    cases["resource without Type"] = (no_type, "resource Typeless has no Type")
    return cases


@pytest.fixture(scope="module")
def bad_cases(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return _bad_targets(tmp_path_factory.mktemp("bad") / "inputs")


@pytest.mark.parametrize(
    "case",
    [
        "missing path",
        "unparsable JSON",
        "unparsable YAML",
        "YAML that is not CloudFormation",
        "empty folder",
        "broken manifest",
        "manifest names a missing template",
        "resource without Type",
    ],
)
def test_bad_input_is_one_line_exit_2_and_loses_nothing(case: str, bad_cases, workdir: Path) -> None:
    target, words = bad_cases[case]
    good = variant("ssh-open")
    run = run_tierguard("templates", str(target), str(good), cwd=workdir)
    assert run.code == 2, run.output
    assert "Traceback" not in run.output
    lines = [line for line in run.stdout.splitlines() if words in line]
    assert len(lines) == 1, run.stdout
    assert target.name in lines[0]
    # the good target was still scanned and reported
    assert run.report is not None
    assert any(f["rule_id"] == "TG-SG-001" and f["resource"]["stack"] == "SecurityStack" for f in run.report["findings"])
    assert run.report["summary"]["exit_code"] == 2
    assert run.report["scan"]["complete"] is False
    assert any(words in e["message"] for e in run.report["scan"]["errors"])


def test_a_resource_without_type_does_not_hide_its_neighbours(bad_cases, workdir: Path) -> None:
    target, _ = bad_cases["resource without Type"]
    run = run_tierguard("templates", str(target), cwd=workdir)
    assert run.code == 2
    error = run.report["scan"]["errors"][0]
    assert error["where"].endswith("no-type.yaml:3")


def test_bad_config_is_one_line_exit_2(workdir: Path) -> None:
    (workdir / "tierguard.toml").write_text('home_region = "us-east-1"\nbudjet_usd = 5\n')
    run = run_tierguard("templates", str(variant("compliant")), cwd=workdir)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "tierguard: error: tierguard.toml: unknown key 'budjet_usd' (known keys: alert_usd, allowed_public_ports, "
        "budget_usd, fail_on, free_tier, home_region, idle_lookback_days, idle_min_requests_per_day, max_workers, "
        "member_role, processes, runtime_hours, suppress, time_limit_minutes)"
    ]


def test_unknown_format_is_a_usage_error(workdir: Path) -> None:
    run = run_tierguard("templates", str(variant("compliant")), "--format", "json,pdf", cwd=workdir)
    assert run.code == 2 and "unknown format 'pdf'" in run.stderr


def test_corpus_folder_scan_has_no_traceback_and_names_bad_files(workdir: Path) -> None:
    from .conftest import CORPUS

    run = run_tierguard("templates", str(CORPUS), "--format", "json", cwd=workdir)
    assert "Traceback" not in run.output
    assert run.code == 2
    report = run.report
    wheres = {e["where"].split(":")[0] for e in report["scan"]["errors"]}
    assert any(w.endswith("config_invalid_json.json") for w in wheres)
    assert any(w.endswith("primary_identifiers.yaml") for w in wheres)
    # the good templates were scanned: findings exist from the corpus's public templates
    assert report["summary"]["total_findings"] > 0
    assert json.dumps(report)  # serialisable end to end
