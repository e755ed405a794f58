"""TG-OVB-002 (rules/over_budget/spend_over_budget.py, account scans)."""
from ..snippets import check_live

BUDGET = """
    - type: AWS::Budgets::Budget
      id: lab
      region: ""
      properties: {Budget: {BudgetLimit: {Amount: "5", Unit: USD}, TimeUnit: MONTHLY, BudgetType: COST}}
      observed: {actual_spend: "%s", forecast_spend: "%s"}
"""


def test_actual_spend_above_the_limit_fails() -> None:
    [finding] = check_live("TG-OVB-002", BUDGET % ("6.20", "11.00"))
    assert "6.20 USD, above the 5 USD limit" in finding.message


def test_spend_within_the_limit_passes() -> None:
    assert check_live("TG-OVB-002", BUDGET % ("0.42", "3.10")) == []
