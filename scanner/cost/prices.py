"""The offline price table (scanner/data/prices.json): versioned, each figure with its source."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

FALLBACK_REGION = "us-east-1"


@dataclass(frozen=True)
class Price:
    key: str
    usd: Decimal
    unit: str
    region: str  # the region the figure is for (may differ from the one asked: see `assumed`)
    as_of: str
    source: str
    confidence: str  # verified | derived | assumed

    @property
    def assumed(self) -> bool:
        return self.confidence == "assumed"


class PriceTable:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.as_of: str = data["as_of"]
        self.version: str = data["version"]
        self.hours_per_month = Decimal(str(data["hours_per_month"]))
        self._prices: dict[str, Any] = data["prices"]

    def get(self, key: str, region: str | None, variant: str | None = None) -> Price | None:
        """The price of `key` (and `variant`, e.g. an instance type) in `region`.

        Falls back to us-east-1 when the region has no figure; the result is then `assumed`.
        """
        entry = self._prices.get(key)
        if entry is None:
            return None
        regions = entry["regions"]
        asked = region or FALLBACK_REGION
        for candidate in (asked, FALLBACK_REGION):
            figure = regions.get(candidate)
            if figure is None:
                continue
            if variant is not None:
                typed = figure.get("types", {}).get(variant)
                if typed is None:
                    continue
                merged = {**figure, **typed}
            else:
                merged = figure
            confidence = merged.get("confidence", "verified")
            source = merged["source"]
            if candidate != asked:
                confidence = "assumed"
                source = f"{candidate} figure used for {asked} (not in the table): {source}"
            return Price(key, Decimal(merged["usd"]), entry["unit"], candidate, merged["as_of"], source, confidence)
        return None

    def free_tier(self, regime: str) -> dict[str, Any]:
        return self.data["free_tier"].get(regime, {})


@lru_cache(maxsize=1)
def load_prices() -> PriceTable:
    text = resources.files("tierguard.scanner").joinpath("data/prices.json").read_text(encoding="utf-8")
    return PriceTable(json.loads(text))
