"""Configuration: files, precedence, validation, command-line overrides."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tierguard.scanner.config import Config, ConfigError, load_config, parse_config
from tierguard.scanner.model import Severity

from .conftest import run_tierguard, variant


def test_defaults_match_the_spec(tmp_path: Path) -> None:
    config = load_config(cwd=tmp_path)
    assert config == Config()
    # No invented budget: it comes from the configuration or from the Budget found in the scanned set.
    assert (config.home_region, config.budget_usd, config.alert_usd) == ("us-east-1", None, None)
    assert config.allowed_public_ports == (443,) and config.runtime_hours == Decimal(730)
    assert config.free_tier == "none" and config.fail_on is Severity.MEDIUM


def test_tierguard_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tierguard]\nhome_region = "eu-west-1"\n')
    assert load_config(cwd=tmp_path).home_region == "eu-west-1"
    (tmp_path / "tierguard.toml").write_text('home_region = "ap-south-1"\n')
    assert load_config(cwd=tmp_path).home_region == "ap-south-1"


def test_explicit_config_file_and_pyproject_table(tmp_path: Path) -> None:
    custom = tmp_path / "lab.toml"
    custom.write_text('runtime_hours = 72\nallowed_public_ports = [443, 80]\nfail_on = "HIGH"\n')
    config = load_config(str(custom), cwd=tmp_path)
    assert config.runtime_hours == Decimal(72) and config.allowed_public_ports == (80, 443)
    assert config.fail_on is Severity.HIGH
    project = tmp_path / "pyproject.toml"
    project.write_text('[project]\nname = "x"\n[tool.tierguard]\nbudget_usd = 10\n')
    assert load_config(str(project), cwd=tmp_path).budget_usd == Decimal(10)


@pytest.mark.parametrize(
    "table, words",
    [
        ({"budjet_usd": 5}, "unknown key 'budjet_usd'"),
        ({"budget_usd": "five"}, "budget_usd must be a number"),
        ({"allowed_public_ports": [443, 70000]}, "70000 is not a port number"),
        ({"free_tier": "always"}, "free_tier must be one of none, legacy-12-month, credits"),
        ({"fail_on": "severe"}, "unknown severity 'severe'"),
        ({"alert_usd": 9, "budget_usd": 5}, "alert_usd (9) is above budget_usd (5)"),
        ({"idle_lookback_days": 0}, "idle_lookback_days must be a whole number of at least 1"),
        ({"suppress": [{"rule": "TG-NAT-001"}]}, "needs a reason"),
        ({"suppress": [{"rule": "TG-NAT-001", "reason": "x", "until": "2026-01-01"}]}, "unknown key 'until'"),
        ({"suppress": [{"rule": "TG-NAT-001", "reason": "x", "expires": "soon"}]}, "must be a date"),
    ],
)
def test_bad_values_are_one_sentence(table: dict, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(table, "tierguard.toml")
    assert words in str(caught.value) and str(caught.value).startswith("tierguard.toml: ")


def test_suppressions_parse_dates(tmp_path: Path) -> None:
    (tmp_path / "tierguard.toml").write_text(
        '[[suppress]]\nrule = "paid-database"\nresource = "Database*"\nreason = "module 4"\nexpires = 2026-12-31\n'
    )
    [entry] = load_config(cwd=tmp_path).suppress
    assert entry.rule == "paid-database" and entry.expires == dt.date(2026, 12, 31)


def test_command_line_overrides_the_file(workdir: Path) -> None:
    (workdir / "tierguard.toml").write_text('fail_on = "critical"\n')
    # old-tls is medium: below a critical threshold → exit 0; --fail-on medium → exit 1
    assert run_tierguard("templates", str(variant("old-tls")), cwd=workdir).code == 0
    assert run_tierguard("templates", str(variant("old-tls")), "--fail-on", "medium", cwd=workdir).code == 1


def test_config_suppression_keeps_the_finding_in_the_report(workdir: Path) -> None:
    (workdir / "tierguard.toml").write_text(
        '[[suppress]]\nrule = "TG-NAT-001"\nresource = "NetworkStack/*"\nreason = "testing egress for one day"\n'
    )
    run = run_tierguard("templates", str(variant("nat")), cwd=workdir)
    [nat] = [f for f in run.report["findings"] if f["rule_id"] == "TG-NAT-001"]
    assert nat["status"] == "suppressed" and nat["suppression"]["reason"] == "testing egress for one day"
    # suppressing the finding does not make the gateway free: the estimate still fails the budget
    assert [f["rule_id"] for f in run.report["findings"] if f["status"] == "fail"] == ["TG-OVB-001"]
    assert run.code == 1
