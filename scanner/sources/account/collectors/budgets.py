"""AWS Budgets, once per account: limits, notifications, subscribers, actual and forecast spend."""
from __future__ import annotations

from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector

BUDGET = "AWS::Budgets::Budget"
_NOTIFICATION_KEYS = ("NotificationType", "ComparisonOperator", "Threshold", "ThresholdType")


class Budgets(Collector):
    name = "budgets"
    service = "budgets"
    types = (BUDGET,)
    calls = (
        ("budgets", "DescribeBudgets"),
        ("budgets", "DescribeNotificationsForBudget"),
        ("budgets", "DescribeSubscribersForNotification"),
    )
    is_global = True

    def collect(self, ctx: CollectContext) -> list[Resource]:
        budgets = ctx.pages("budgets", "DescribeBudgets", "Budgets", missing=self.types, AccountId=ctx.account)
        found = []
        for budget in budgets or []:
            name = budget["BudgetName"]
            observed: dict[str, Any] = {}
            spend = budget.get("CalculatedSpend") or {}
            if spend.get("ActualSpend"):
                observed["actual_spend"] = spend["ActualSpend"].get("Amount")
            if spend.get("ForecastedSpend"):
                observed["forecast_spend"] = spend["ForecastedSpend"].get("Amount")
            notifications = ctx.pages("budgets", "DescribeNotificationsForBudget", "Notifications",
                                      AccountId=ctx.account, BudgetName=name)
            entries = []
            if notifications is None:
                observed["notifications_unknown"] = True
            for notification in notifications or []:
                subscribers = ctx.pages("budgets", "DescribeSubscribersForNotification", "Subscribers",
                                        AccountId=ctx.account, BudgetName=name, Notification=notification)
                if subscribers is None:
                    observed["subscribers_unknown"] = True
                entries.append({
                    "Notification": {k: notification[k] for k in _NOTIFICATION_KEYS if k in notification},
                    "Subscribers": [{"SubscriptionType": s.get("SubscriptionType"), "Address": s.get("Address")}
                                    for s in subscribers or []],
                })
            limit = budget.get("BudgetLimit") or {}
            found.append(
                ctx.resource(
                    BUDGET,
                    name,
                    {
                        "Budget": {
                            "BudgetName": name,
                            "BudgetType": budget.get("BudgetType"),
                            "TimeUnit": budget.get("TimeUnit"),
                            "BudgetLimit": {"Amount": limit.get("Amount"), "Unit": limit.get("Unit", "USD")},
                        },
                        "NotificationsWithSubscribers": entries,
                    },
                    arn=f"arn:{ctx.partition}:budgets::{ctx.account}:budget/{name}",
                    observed=observed,
                    region="",
                )
            )
        return found
