"""TG-BUD-003 (rules/budget_misconfigured/no_early_alert.py)."""
from decimal import Decimal

from tierguard.scanner.config import Config
from tierguard.scanner.model import Severity

from ..snippets import check

ONE = Config(fail_on=Severity.INFO, alert_usd=Decimal(1))


def test_an_alert_above_alert_usd_fails() -> None:
    [finding] = check("TG-BUD-003", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 4, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """, ONE)
    assert "fires at 4 USD" in finding.message


def test_a_percentage_alert_that_comes_to_one_dollar_passes() -> None:
    assert check("TG-BUD-003", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 20, ThresholdType: PERCENTAGE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """, ONE) == []


def test_without_alert_usd_an_alert_after_the_limit_fails() -> None:
    assert check("TG-BUD-003", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 150, ThresholdType: PERCENTAGE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """)
