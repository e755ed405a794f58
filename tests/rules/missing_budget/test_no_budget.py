"""TG-BUD-001 (rules/missing_budget/no_budget.py)."""
from ..snippets import check, check_live


def test_a_set_without_budget_fails() -> None:
    [finding] = check("TG-BUD-001", """
        Resources:
          Topic: {Type: AWS::SNS::Topic}
    """)
    assert "no AWS::Budgets::Budget" in finding.message


def test_a_budget_in_another_template_of_the_set_passes() -> None:
    assert check("TG-BUD-001", """
        Resources:
          Topic: {Type: AWS::SNS::Topic}
    """, budget="""
        Resources:
          Budget:
            Type: AWS::Budgets::Budget
            Properties:
              Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 5, Unit: USD}}
              NotificationsWithSubscribers: [{Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 1, ThresholdType: ABSOLUTE_VALUE}, Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]}]
    """) == []


def test_an_account_without_budget_fails_and_a_denied_budgets_api_does_not() -> None:
    assert check_live("TG-BUD-001", "[]")
    assert check_live("TG-BUD-001", "[]", uncollected=frozenset({("123456789012", "AWS::Budgets::Budget")})) == []
