"""TG-REG-001 (rules/multi_region/stack_outside_home.py): a cdk.out stack's environment."""
import json
import tempfile
from pathlib import Path

from tierguard.scanner.config import Config
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates


def _assembly(region: str, resources: dict) -> list:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cdk.out"
        out.mkdir()
        (out / "Stray.template.json").write_text(json.dumps({"Resources": resources}))
        (out / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {"Stray": {
            "type": "aws:cloudformation:stack", "environment": f"aws://123456789012/{region}",
            "properties": {"templateFile": "Stray.template.json"}}}}))
        result = scan_templates([str(out)], Config(home_region="us-east-1"), OWN_RULES_ONLY)
    return [f for f in result.findings if f.rule_id == "TG-REG-001"]


def test_a_stack_in_another_region_fails() -> None:
    [finding] = _assembly("eu-central-1", {"Logs": {"Type": "AWS::Logs::LogGroup"}})
    assert "deploys to eu-central-1; the home region is us-east-1" in finding.message


def test_a_stack_in_the_home_region_passes() -> None:
    assert _assembly("us-east-1", {"Logs": {"Type": "AWS::Logs::LogGroup"}}) == []


def test_a_global_service_stack_in_us_east_1_passes_whatever_the_home_region() -> None:
    assert _assembly("us-east-1", {"Budget": {"Type": "AWS::Budgets::Budget"}}) == []
