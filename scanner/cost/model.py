"""Cost lines, items and the estimate the reports show. Money is Decimal throughout."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..findings import Subject
from .prices import Price

CENT = Decimal("0.01")
HOURS_PER_MONTH = Decimal(730)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal | int | float) -> str:
    """Compact text for a quantity: 730, 0.25, 1.5."""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return format(value.normalize(), "f")


@dataclass
class Line:
    """One billed dimension of a resource, e.g. 'NAT gateway hours' or 'public IPv4 addresses'.

    `per_hour` is the quantity billed per hour of runtime (1 gateway, 0.25 vCPU, 2 addresses);
    monthly fees (KMS keys, secrets) are `per_month` and prorated by runtime like AWS does.
    """

    label: str
    price: Price
    per_hour: Decimal = Decimal(0)
    per_month: Decimal = Decimal(0)
    multiplier: str = ""  # text before the hours, e.g. "1 task × 0.25 vCPU"
    allowance: str | None = None  # free-tier allowance this line can draw on
    free_quantity: Decimal = Decimal(0)  # filled by the estimator
    cost: Decimal = Decimal(0)

    def quantity(self, hours: Decimal) -> Decimal:
        return self.per_hour * hours + self.per_month * hours / HOURS_PER_MONTH

    def basis(self, hours: Decimal) -> str:
        price = f"{number(self.price.usd)} USD/{_price_unit(self.price.unit, bool(self.per_month))}"
        if self.per_month:
            months = hours / HOURS_PER_MONTH
            head = f"{self.multiplier} × " if self.multiplier else ""
            text = f"{head}{number(months.quantize(Decimal('0.001')))} month × {price}"
        else:
            head = f"{self.multiplier} × " if self.multiplier else ""
            text = f"{head}{number(hours)} h × {price}"
        if self.free_quantity:
            text += f" − {number(self.free_quantity.quantize(Decimal('0.01')))} free"
        if self.price.assumed:
            text += " (price assumed)"
        return text


def _price_unit(unit: str, monthly: bool) -> str:
    short = {
        "hour": "h", "address-hour": "h", "instance-hour": "h", "instance-hour (Single-AZ)": "h",
        "vCPU-hour": "vCPU-h", "GB-hour": "GB-h", "GB-hour above 20 GB": "GB-h", "ACU-hour": "ACU-h",
        "endpoint-AZ-hour": "AZ-h", "LCU-hour": "LCU-h", "NLCU-hour": "NLCU-h",
    }
    return short.get(unit, unit)


@dataclass(frozen=True)
class Assumption:
    """A usage-based charge: shown with its unit price, not part of the total."""

    label: str
    price: Price
    note: str = ""

    def text(self) -> str:
        extra = f"; {self.note}" if self.note else ""
        return f"{self.label}: {number(self.price.usd)} USD per {self.price.unit}{extra}"


@dataclass
class CostItem:
    subject: Subject
    resource_key: str
    lines: list[Line] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    monthly_usd: Decimal = Decimal(0)
    runtime_usd: Decimal = Decimal(0)
    hourly_usd: Decimal = Decimal(0)
    basis: str = ""
    # Read back from a report (tierguard merge): what it said, where the objects cannot be rebuilt.
    recorded_identity: str | None = None
    recorded_label: str | None = None
    recorded_assumptions: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How reports name the resource (as recorded, for an item read back from a report)."""
        return self.recorded_label or self.subject.label

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject
        return {
            "identity": self.recorded_identity or subject.identity,  # lets a later scan compare costs per resource
            "label": self.label,
            "resource": {
                "type": subject.type,
                "logical_id": subject.logical_id,
                "stack": subject.stack,
                "arn": subject.arn,
                "region": subject.region,
                "account": subject.account,
            },
            "monthly_usd": float(money(self.monthly_usd)),
            "runtime_usd": float(money(self.runtime_usd)),
            "basis": self.basis,
            "lines": [
                {
                    "label": line.label,
                    "usd": float(money(line.cost)),
                    "unit_price_usd": float(line.price.usd),
                    "price_unit": line.price.unit,
                    "price_region": line.price.region,
                    "price_as_of": line.price.as_of,
                    "price_source": line.price.source,
                    "price_confidence": line.price.confidence,
                    "free_quantity": float(line.free_quantity) if line.free_quantity else 0,
                }
                for line in self.lines
            ],
            "assumptions": [a.text() for a in self.assumptions] or list(self.recorded_assumptions),
        }


@dataclass
class CostEstimate:
    currency: str
    prices_as_of: str
    prices_version: str
    runtime_hours: Decimal
    free_tier: str
    items: list[CostItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # shown in every report, not only the cost section
    unpriced: dict[str, int] = field(default_factory=dict)  # resource type -> count, may bill
    usage_only: dict[str, int] = field(default_factory=dict)  # resource type -> count, usage-based only
    budget_usd: Decimal | None = None
    budget_source: str = ""

    @property
    def total_monthly_usd(self) -> Decimal:
        return sum((item.monthly_usd for item in self.items), Decimal(0))

    @property
    def total_runtime_usd(self) -> Decimal:
        return sum((item.runtime_usd for item in self.items), Decimal(0))

    @property
    def hourly_usd(self) -> Decimal:
        return sum((item.hourly_usd for item in self.items), Decimal(0))

    def budget_days(self, budget: Decimal) -> Decimal | None:
        """How many days `budget` lasts at the estimated (post-free-tier) rate; None if nothing bills."""
        per_day = self.total_monthly_usd / Decimal(730) * Decimal(24)
        if per_day <= 0:
            return None
        return (budget / per_day).quantize(Decimal("0.1"))

    def by_resource(self) -> dict[str, CostItem]:
        return {item.resource_key: item for item in self.items}

    def summary_line(self) -> str:
        total = money(self.total_monthly_usd)
        runtime = money(self.total_runtime_usd)
        text = f"Estimated cost: {total} USD/month"
        if self.runtime_hours != HOURS_PER_MONTH:
            text += f" ({runtime} USD for {number(self.runtime_hours)} h)"
        budget = self.budget_usd
        days = self.budget_days(budget) if budget is not None else None
        if budget is None:
            text += " · no budget declared"
        elif days is not None:
            text += f" · a {number(budget)} USD budget lasts {days} days"
        if self.free_tier != "none":
            text += f" · free tier: {self.free_tier}"
        return text

    def to_dict(self) -> dict[str, Any]:
        budget = self.budget_usd
        return {
            "currency": self.currency,
            "prices_as_of": self.prices_as_of,
            "prices_version": self.prices_version,
            "total_monthly_usd": float(money(self.total_monthly_usd)),
            "runtime_hours": float(self.runtime_hours),
            "runtime_usd": float(money(self.total_runtime_usd)),
            "budget_usd": float(budget) if budget is not None else None,
            "budget_source": self.budget_source,
            "budget_lasts_days": float(days) if (days := self.budget_days(budget) if budget is not None else None) else None,
            "free_tier": self.free_tier,
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "items": [item.to_dict() for item in sorted(self.items, key=lambda i: -i.monthly_usd)],
            "unpriced_types": dict(sorted(self.unpriced.items())),
            "usage_based_types": dict(sorted(self.usage_only.items())),
        }
