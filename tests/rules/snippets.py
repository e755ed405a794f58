"""Scan a YAML snippet with one rule in mind: the helper every rule's failing and passing tests use.

    from ..snippets import check, check_live

    def test_a_nat_gateway_fails():
        [finding] = check("TG-NAT-001", '''
    Resources:
      Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}}
    ''')
        assert "every hour" in finding.message

`check` runs the real template gate (tierguard's rules only, every severity counted) on the snippet
and returns that rule's findings. `check_live` builds live resources from a YAML list (type, id,
region, properties, observed, tags) the way a collector would, and runs one account rule over them.
"""
from __future__ import annotations

import datetime as dt
import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from tierguard.rules import ACCOUNT, REGISTRY, RuleContext
from tierguard.scanner.config import Config
from tierguard.scanner.cost import estimate
from tierguard.scanner.drift import DriftCheck, baseline_of, parse_baseline, parse_cost_increase
from tierguard.scanner.facts import ScanFacts
from tierguard.scanner.findings import Finding
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates
from tierguard.scanner.model import Inventory, Origin, Resource, Severity, StackInfo

EVERYTHING = Config(fail_on=Severity.INFO)


def check(rule_id: str, snippet: str, config: Config = EVERYTHING, *, file_name: str = "stack.yaml",
          baseline: str | None = None, max_cost_increase: str | None = None, **files: str) -> list[Finding]:
    """The findings `rule_id` reports on `snippet` (a template). More templates of the same set can be
    given as keyword arguments (name=text); `baseline` is a template scanned first and compared with."""
    with tempfile.TemporaryDirectory(prefix="tierguard-snippet-") as folder:
        root = Path(folder)
        paths = [_write(root / file_name, snippet)] + [_write(root / f"{name}.yaml", text) for name, text in files.items()]
        drift = []
        if baseline is not None:
            before = scan_templates([str(_write(root / "before" / file_name, baseline))], config, OWN_RULES_ONLY)
            limit = parse_cost_increase(max_cost_increase) if max_cost_increase else None
            drift = [DriftCheck(parse_baseline(baseline_of(before), "baseline"), "baseline", limit)]
        result = scan_templates([str(p) for p in paths], config, OWN_RULES_ONLY, drift)
    return [f for f in result.findings if f.rule_id == rule_id]


def check_live(rule_id: str, resources: str, config: Config = EVERYTHING, *, accounts: tuple[str, ...] = ("123456789012",),
               templates: str | None = None, **facts: Any) -> list[Finding]:
    """The findings the account rule `rule_id` reports on live resources described in YAML:
    a list of {type, id, region (default us-east-1; "" for global), properties, observed, tags, arn}."""
    inventory = Inventory(_live(entry) for entry in yaml.safe_load(textwrap.dedent(resources)) or [])
    now = facts.pop("now", dt.datetime.now(dt.timezone.utc))
    template_inventory = None
    if templates is not None:
        template_inventory = Inventory(stacks=[StackInfo(**stack) for stack in yaml.safe_load(textwrap.dedent(templates))])
    scan_facts = ScanFacts.at(now, accounts=list(accounts), regions=facts.pop("regions", ["us-east-1"]),
                              costs=estimate(inventory, config), templates=template_inventory, **facts)
    [rule] = [r for r in REGISTRY if r.id == rule_id]
    return list(rule().evaluate(RuleContext(inventory, config, ACCOUNT, scan_facts)))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _live(entry: dict[str, Any]) -> Resource:
    region = entry.get("region", "us-east-1")
    return Resource(type=entry["type"], id=str(entry["id"]), properties=entry.get("properties") or {}, origin=Origin.LIVE,
                    region=region or None, account=entry.get("account", "123456789012"), arn=entry.get("arn"),
                    tags=entry.get("tags") or {}, observed=_observed(entry.get("observed") or {}))


def _observed(values: dict[str, Any]) -> dict[str, Any]:
    """YAML dates for certificate expiry come as text: make them aware datetimes like boto3's."""
    out = dict(values)
    if isinstance(out.get("not_after"), str):
        out["not_after"] = dt.datetime.fromisoformat(out["not_after"]).replace(tzinfo=dt.timezone.utc)
    return out


def money(value: str) -> Decimal:
    return Decimal(value)
