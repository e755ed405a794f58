"""Reading a budget's amounts, shared by the budget-misconfigured rules."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ...scanner.model import Resource, as_list


def amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value)) if isinstance(value, (int, float, str, Decimal)) else None
    except InvalidOperation:
        return None


def limit(budget: Resource) -> Any:
    return budget.prop("Budget", "BudgetLimit", "Amount")


def notifications(budget: Resource) -> list[dict[str, Any]]:
    return [n for n in as_list(budget.prop("NotificationsWithSubscribers")) if isinstance(n, dict)]


def alert_amount(notification: dict[str, Any], budget_limit: Decimal | None) -> Decimal | None:
    """The spend (USD) at which a notification fires: absolute, or a percentage of the limit."""
    spec = notification.get("Notification")
    if not isinstance(spec, dict):
        return None
    threshold = amount(spec.get("Threshold"))
    if threshold is None:
        return None
    if str(spec.get("ThresholdType", "PERCENTAGE")).upper() == "ABSOLUTE_VALUE":
        return threshold
    if budget_limit is None:
        return None
    return (budget_limit * threshold / Decimal(100)).quantize(Decimal("0.01"))
