"""TG-BUD-004 (rules/budget_misconfigured/no_subscriber.py)."""
from ..snippets import check


def test_a_notification_without_subscriber_fails() -> None:
    [finding] = check("TG-BUD-004", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: []}]
    """)
    assert "has no subscriber" in finding.message


def test_a_notification_with_an_email_subscriber_passes() -> None:
    assert check("TG-BUD-004", """
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """) == []
