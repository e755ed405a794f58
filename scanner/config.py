"""Configuration: tierguard.toml, [tool.tierguard] in pyproject.toml, or --config FILE.

Unknown keys and wrong types are errors (one sentence naming the file and key); command-line
flags override the file.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FREE_TIER_REGIMES = ("none", "legacy-12-month", "credits")


class ConfigError(Exception):
    """Bad configuration; the message is one sentence for the user."""


@dataclass(frozen=True)
class Suppression:
    rule: str  # a rule id, a checkov id, a cfn-lint id, or a category
    reason: str
    resource: str = "*"  # logical id, ARN, construct path, or a glob over them
    expires: dt.date | None = None
    origin: str = "config"  # "config" or "file:line" of an inline suppression
    # Inline suppressions: the Inventory key of the resource whose Metadata holds them. They apply to
    # that resource only, matched literally: a logical id such as "*" is a name, never a glob.
    resource_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "resource": self.resource,
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "origin": self.origin,
        }


MAX_WORKERS = 32  # API calls in flight across all accounts: the scan waits on the network, not the CPU


@dataclass(frozen=True)
class Config:
    home_region: str = "us-east-1"
    # The monthly budget you intend. Unset: the limit of the AWS::Budgets::Budget in the scanned set
    # (live: the account's budget); with none, missing-budget is the finding and nothing is invented.
    budget_usd: Decimal | None = None
    # A budget notification must fire at or below this amount. Unset: at or below the budget's limit.
    alert_usd: Decimal | None = None
    allowed_public_ports: tuple[int, ...] = (443,)
    runtime_hours: Decimal = Decimal("730")
    free_tier: str = "none"
    fail_on: Severity = Severity.MEDIUM
    idle_lookback_days: int = 7
    idle_min_requests_per_day: int = 100
    # account --organization: the role assumed in each member account (iam/ ships a StackSet for it)
    member_role: str = "tierguard-scan"
    # account scans stop after this long and report what they read, marked incomplete (a hanging endpoint)
    time_limit_minutes: Decimal = Decimal("60")
    # account scans: API calls in flight across all accounts and regions, and worker processes collecting them
    max_workers: int = MAX_WORKERS
    processes: int = 1
    suppress: tuple[Suppression, ...] = ()
    source: str | None = field(default=None, compare=False)  # the file it came from

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_KEYS = {f.name for f in fields(Config)} - {"source"}


def load_config(explicit: str | None = None, cwd: Path | None = None) -> Config:
    """The configuration in effect: --config FILE, else tierguard.toml, else pyproject.toml."""
    cwd = cwd or Path.cwd()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        table = _read_toml(path)
        if path.name == "pyproject.toml":
            table = table.get("tool", {}).get("tierguard", {})
        return parse_config(table, str(path))
    own = cwd / "tierguard.toml"
    if own.is_file():
        return parse_config(_read_toml(own), str(own.name))
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("tierguard")
        if table is not None:
            return parse_config(table, "pyproject.toml [tool.tierguard]")
    return Config()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def parse_config(table: Any, source: str) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: the tierguard settings must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (known keys: {known})")
    values: dict[str, Any] = {"source": source}
    for key, value in table.items():
        values[key] = _convert(key, value, source)
    config = Config(**values)
    if config.alert_usd is not None and config.budget_usd is not None and config.alert_usd > config.budget_usd:
        raise ConfigError(f"{source}: alert_usd ({config.alert_usd}) is above budget_usd ({config.budget_usd})")
    return config


def _convert(key: str, value: Any, source: str) -> Any:
    where = f"{source}: {key}"
    if key == "home_region":
        return _region(value, where)
    if key in ("budget_usd", "alert_usd"):
        return parse_money(value, where)
    if key == "runtime_hours":
        return parse_hours(value, where)
    if key == "allowed_public_ports":
        return parse_ports(value, where)
    if key == "free_tier":
        if value not in FREE_TIER_REGIMES:
            raise ConfigError(f"{where} must be one of {', '.join(FREE_TIER_REGIMES)}, not {value!r}")
        return value
    if key == "fail_on":
        try:
            return Severity.parse(str(value))
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    if key in ("idle_lookback_days", "idle_min_requests_per_day"):
        if not isinstance(value, int) or isinstance(value, bool) or value < (1 if key == "idle_lookback_days" else 0):
            raise ConfigError(f"{where} must be a whole number{' of at least 1' if key == 'idle_lookback_days' else ''}")
        return value
    if key == "suppress":
        return _suppressions(value, source)
    if key == "time_limit_minutes":
        return parse_minutes(value, where)
    if key in WHOLE_NUMBER_RANGES:
        least, most = WHOLE_NUMBER_RANGES[key]
        if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
            raise ConfigError(f"{where} must be a whole number from {least} to {most}, not {value!r}")
        return value
    if key == "member_role":
        if not isinstance(value, str) or not ROLE_NAME.match(value):
            raise ConfigError(f"{where} must be an IAM role name such as tierguard-scan (optionally with a path: scan/tierguard)")
        return value
    raise ConfigError(f"{where}: unsupported")  # unreachable: keys are checked first


# Ranges shared with the command line's --max-workers and --processes.
WHOLE_NUMBER_RANGES = {"max_workers": (1, 256), "processes": (1, 64)}

# An IAM role name, optionally after a path ("scan/tierguard"): what goes after role/ in its ARN.
ROLE_NAME = re.compile(r"^(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")


def _region(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or " " in value:
        raise ConfigError(f"{where} must be a region name such as us-east-1")
    return value


def parse_money(value: Any, where: str) -> Decimal:
    if isinstance(value, bool):
        raise ConfigError(f"{where} must be a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(f"{where} must be a number, not {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ConfigError(f"{where} must be zero or more")
    if amount > MAX_USD:
        raise ConfigError(f"{where} must be at most {MAX_USD:,} USD")
    return amount


MAX_USD = 1_000_000_000
MAX_RUNTIME_HOURS = 8784  # a leap year: the cost estimate is monthly, a longer run is a mistake
MAX_TIME_LIMIT_MINUTES = 24 * 60


def _duration(value: Any, where: str, unit: str, most: int, most_text: str) -> Decimal:
    """A length of time: more than 0 and at most `most` (never NaN, infinite or negative)."""
    if isinstance(value, bool):
        raise ConfigError(f"{where} must be a number of {unit}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(f"{where} must be a number of {unit}, not {value!r}") from None
    if not amount.is_finite() or not 0 < amount <= most:
        raise ConfigError(f"{where} must be more than 0 and at most {most} {unit} ({most_text}), not {value}")
    return amount


def parse_minutes(value: Any, where: str) -> Decimal:
    """time_limit_minutes / --time-limit."""
    return _duration(value, where, "minutes", MAX_TIME_LIMIT_MINUTES, "a day")


def parse_hours(value: Any, where: str) -> Decimal:
    """runtime_hours / --runtime-hours."""
    return _duration(value, where, "hours", MAX_RUNTIME_HOURS, "a year")


def parse_ports(value: Any, where: str) -> tuple[int, ...]:
    if isinstance(value, str):
        items: list[Any] = [item.strip() for item in value.split(",") if item.strip()]
    elif isinstance(value, list):
        items = value
    else:
        raise ConfigError(f"{where} must be a list of port numbers")
    ports = []
    for item in items:
        # whole numbers only: int(22.7) would quietly allow port 22
        whole = (isinstance(item, int) and not isinstance(item, bool)) or (isinstance(item, str) and item.isdigit())
        if not whole or not 0 <= int(item) <= 65535:
            raise ConfigError(f"{where}: {item!r} is not a port number (a whole number from 0 to 65535)")
        ports.append(int(item))
    return tuple(sorted(set(ports)))


def _suppressions(value: Any, source: str) -> tuple[Suppression, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{source}: suppress must be an array of tables ([[suppress]])")
    result = []
    for index, entry in enumerate(value, start=1):
        where = f"{source}: suppress #{index}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be a table")
        unknown = sorted(set(entry) - {"rule", "resource", "reason", "expires"})
        if unknown:
            raise ConfigError(f"{where}: unknown key {unknown[0]!r} (use rule, resource, reason, expires)")
        rule, reason = entry.get("rule"), entry.get("reason")
        if not isinstance(rule, str) or not rule.strip():
            raise ConfigError(f"{where} needs a rule (a rule id, checkov id or category)")
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{where} ({rule}) needs a reason")
        resource = entry.get("resource", "*")
        if not isinstance(resource, str) or not resource:
            raise ConfigError(f"{where} ({rule}): resource must be text (an id, ARN or glob)")
        result.append(
            Suppression(
                rule=rule.strip(),
                reason=reason.strip(),
                resource=resource,
                expires=parse_date(entry.get("expires"), f"{where} ({rule}): expires"),
            )
        )
    return tuple(result)


def parse_date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{where} must be a date (YYYY-MM-DD)")
