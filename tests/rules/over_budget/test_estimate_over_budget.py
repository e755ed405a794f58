"""TG-OVB-001 (rules/over_budget/estimate_over_budget.py)."""
from decimal import Decimal

from tierguard.scanner.config import Config
from tierguard.scanner.model import Severity

from ..snippets import check


def test_an_estimate_above_the_budget_fails_and_says_how_long_it_lasts() -> None:
    [finding] = check("TG-OVB-001", """
        Resources:
          Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}}
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
    """)
    assert "above the 5 USD budget" in finding.message and "lasts about" in finding.message


def test_a_short_planned_runtime_passes() -> None:
    assert check("TG-OVB-001", """
        Resources:
          Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}}
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
    """, Config(fail_on=Severity.INFO, runtime_hours=Decimal(72))) == []
