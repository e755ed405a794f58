"""TG-BUD-005 (rules/budget_misconfigured/not_monthly_cost.py)."""
from ..snippets import check


def test_a_quarterly_usage_budget_fails() -> None:
    [finding] = check("TG-BUD-005", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: USAGE, TimeUnit: QUARTERLY, BudgetLimit: {Amount: 5, Unit: GB}}
    """)
    assert "type USAGE and period QUARTERLY" in finding.message


def test_a_monthly_cost_budget_passes() -> None:
    assert check("TG-BUD-005", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """) == []
