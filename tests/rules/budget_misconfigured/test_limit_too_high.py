"""TG-BUD-002 (rules/budget_misconfigured/limit_too_high.py)."""
from decimal import Decimal

from tierguard.scanner.config import Config
from tierguard.scanner.model import Severity

from ..snippets import check

FIVE = Config(fail_on=Severity.INFO, budget_usd=Decimal(5))


def test_a_limit_above_budget_usd_fails() -> None:
    [finding] = check("TG-BUD-002", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 100, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """, FIVE)
    assert "limit is 100 USD a month, above the allowed 5 USD" in finding.message


def test_a_limit_within_budget_usd_passes_and_without_budget_usd_nothing_is_judged() -> None:
    assert check("TG-BUD-002", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """, FIVE) == []
    assert check("TG-BUD-002", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 100, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """) == []
