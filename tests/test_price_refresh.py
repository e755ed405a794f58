"""The price-table refresh reads AWS offer files (CSV and JSON) and refuses truncated ones."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

OFFERS = Path(__file__).parent / "offers"
TABLE = REPO / "scanner" / "data" / "prices.json"


def _refresh(tmp_path: Path, *offers: str) -> tuple[subprocess.CompletedProcess, dict]:
    table = tmp_path / "prices.json"
    shutil.copy(TABLE, table)
    done = subprocess.run(
        [sys.executable, "-m", "tierguard.scanner.cost.refresh", *[str(OFFERS / o) for o in offers], "--table", str(table)],
        capture_output=True, text=True,
    )
    return done, json.loads(table.read_text())


def test_csv_and_json_offers_update_the_figures_they_carry(tmp_path: Path) -> None:
    done, table = _refresh(tmp_path, "AmazonEC2-sample.csv", "AWSELB-sample.json")
    assert done.returncode == 0, done.stderr
    nat = table["prices"]["nat_gateway_hour"]["regions"]
    assert nat["us-east-1"]["usd"] == "0.046" and nat["us-east-1"]["as_of"] == "2026-12-01"
    assert nat["us-east-1"]["source"] == "OFFER AmazonEC2/20261201090000/us-east-1 SKU M2YSHUBETB3JX4M4"
    assert nat["us-east-1"]["confidence"] == "verified"
    assert nat["eu-central-1"]["usd"] == "0.05"  # region from the Location name, prefix EUC1- removed
    assert table["prices"]["alb_hour"]["regions"]["us-east-1"]["usd"] == "0.023"
    assert table["prices"]["alb_lcu_hour"]["regions"]["us-east-1"]["usd"] == "0.008"
    ec2 = table["prices"]["ec2_hour"]["regions"]["us-east-1"]["types"]
    assert ec2["t3.micro"]["usd"] == "0.0104"  # Linux on-demand only: Windows and reserved rows ignored
    assert "x1e.32xlarge" not in ec2  # only the families labs use
    assert table["as_of"] == "2026-12-01"


def test_truncated_offers_are_errors_and_change_nothing(tmp_path: Path) -> None:
    for offer in ("AmazonEC2-truncated.csv", "AWSELB-truncated.json"):
        done, table = _refresh(tmp_path, offer)
        assert done.returncode == 2
        assert "truncated download?" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert table == json.loads(TABLE.read_text())


def test_the_refreshed_table_still_loads(tmp_path: Path) -> None:
    from decimal import Decimal

    from tierguard.scanner.cost.prices import PriceTable

    _, table = _refresh(tmp_path, "AmazonEC2-sample.csv")
    prices = PriceTable(table)
    assert prices.get("nat_gateway_hour", "us-east-1").usd == Decimal("0.046")
    assert prices.get("ec2_hour", "us-east-1", "t3.micro").usd == Decimal("0.0104")
