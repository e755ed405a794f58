"""What an account scan covers, decided before any collector runs: the caller's account, --role-arn roles,
or every member of an organization; this worker's --shard; the regions; the collectors (less --skip).
Also the shapes the collection hands over (AccountCollection) and its options."""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ...config import MAX_WORKERS, Config
from ...model import Inventory, ScanError
from .collector import Collector
from .collectors import COLLECTORS
from .session import AccountSession, CallLog, CredentialsProblem, ScanSetupError, classify_error, open_session
from .stopping import StopSignal
from .targets import AccountTarget, Shard, organization_members, role_target, shard_targets

PER_ACCOUNT_WORKERS = 16  # calls in flight in one account
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


@dataclass(frozen=True)
class AccountOptions:
    profile: str | None = None
    regions: Sequence[str] = ()  # empty: the home region; ["all"]: every enabled region
    role_arns: Sequence[str] = ()
    organization: bool = False  # every ACTIVE member of the caller's organization, and the caller
    member_role: str | None = None  # the role assumed in each member (default: config.member_role)
    shard: Shard | None = None  # this worker's part of the accounts
    skip: Sequence[str] = ()  # collector names, services, or single calls ("service:Operation") to leave out
    max_workers: int = MAX_WORKERS
    per_account_workers: int = PER_ACCOUNT_WORKERS
    processes: int = 1  # worker processes sharing the accounts (processes.py)
    max_attempts: int | None = None  # default: AWS_MAX_ATTEMPTS, else 5
    stop: StopSignal | None = field(default=None, compare=False)  # a time limit, Ctrl-C: stop and keep what was read


@dataclass
class AccountCollection:
    """What was read from one account (or, from collect_accounts, from all of them)."""

    inventory: Inventory
    errors: list[ScanError] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    uncollected: set[tuple[str, str]] = field(default_factory=set)  # (account, resource type)
    calls: CallLog = field(default_factory=CallLog)
    collectors_run: int = 0
    skipped: set[str] = field(default_factory=set)  # collectors and calls left out on request
    names: dict[str, str] = field(default_factory=dict)  # account id -> name in the organization
    reached: bool = True  # False: the account's role could not be assumed, nothing was read
    target: AccountTarget | None = None  # the planned target it was read for: reports list them in plan order

    @classmethod
    def of(cls, target: AccountTarget, regions: Sequence[str]) -> AccountCollection:
        """An empty collection of one planned account, with its name in the organization."""
        return cls(inventory=Inventory(), accounts=[target.account], regions=list(regions), target=target,
                   names={target.account: target.name} if target.name else {})


@dataclass
class ScanPlan:
    """What a scan covers, decided before any collector runs."""

    base: AccountSession  # the caller's credentials (assumes the roles)
    targets: list[AccountTarget]
    regions: list[str]
    home_region: str  # where global services (IAM, Budgets, S3's listing) are read
    collectors: list[type[Collector]]
    errors: list[ScanError] = field(default_factory=list)  # found while planning (DescribeRegions failed…)
    skipped: set[str] = field(default_factory=set)
    stopped: str | None = None  # why collection stopped before the end (a time limit, Ctrl-C), once it has

    @property
    def accounts(self) -> list[str]:
        return [t.account for t in self.targets]

    def task_count(self) -> int:
        """Collector runs in the whole scan (the progress bar's total)."""
        return sum(len(self.tasks(target)) for target in self.targets)

    def tasks(self, target: AccountTarget) -> list[tuple[type[Collector], str]]:
        """Every collector run one account takes: once per region, global ones once (in the home region)."""
        return [(collector, region) for collector in self.collectors
                for region in ([self.home_region] if collector.is_global else self.regions)]


Progress = Callable[[int, int, str], None]


def plan_scan(options: AccountOptions, config: Config) -> ScanPlan:
    """Raises ScanSetupError (exit 2): no usable credentials, a malformed role ARN or region, no organization."""
    if options.organization and options.role_arns:
        raise ScanSetupError("--organization lists the accounts itself: use it or --role-arn, not both")
    if options.shard is not None and not (options.organization or options.role_arns):
        raise ScanSetupError("--shard splits the accounts of --organization or --role-arn among workers; "
                             "a single account cannot be split")
    roles = [role_target(arn) for arn in options.role_arns]  # typos fail before any call
    _check_skips(options.skip)
    base = open_session(options.profile, config.home_region, CallLog(), options.max_attempts)
    errors: list[ScanError] = []
    regions = _regions(options.regions, config.home_region, base, errors)
    caller = AccountTarget(base.account_id)
    if options.organization:
        caller, members = organization_members(base, config.home_region, options.member_role or config.member_role)
        targets = shard_targets(caller, members, options.shard)
    elif roles:
        targets = shard_targets(None, roles, options.shard)
    else:
        targets = [caller]
    skip = set(options.skip)
    collectors = [c for c in COLLECTORS if c.name not in skip and c.service not in skip]
    skipped = {f"collector {c.name}" for c in COLLECTORS if c not in collectors}
    skipped |= {s for s in skip if ":" in s}  # a call left out is listed even where it would not have been made
    return ScanPlan(base, targets, regions, config.home_region, collectors, errors, skipped)


def _check_skips(skip: Sequence[str]) -> None:
    """--skip names a collector, an AWS service or one declared call: a typo would silently skip nothing."""
    from .policy import declared_calls  # the policy module reads the collectors

    collectors = sorted({c.name for c in COLLECTORS} | {c.service for c in COLLECTORS})
    calls = sorted({f"{service}:{operation}" for service, operation in declared_calls()})
    for item in skip:
        known = calls if ":" in item else collectors
        if item not in known:
            close = difflib.get_close_matches(item, known, n=1)
            if close:
                hint = f"; did you mean {close[0]}?"
            elif ":" in item:
                hint = " (iam/tierguard-scan-policy.json lists every call the scan makes)"
            else:
                hint = f" (one of: {', '.join(collectors)})"
            kind = "a call the scan makes" if ":" in item else "a collector or AWS service the scan reads"
            raise ScanSetupError(f"--skip: {item!r} is not {kind}{hint}")


def not_scanned(target: AccountTarget, regions: Sequence[str], reason: str) -> AccountCollection:
    """An account nothing was read from, named with the reason."""
    collection = AccountCollection.of(target, regions)
    collection.reached = False
    collection.errors.append(ScanError(where=target.account, kind="incomplete", message=f"not scanned ({reason})"))
    return collection


def _regions(asked: Sequence[str], home: str, base: AccountSession, errors: list[ScanError]) -> list[str]:
    if not asked:
        return [home]
    if list(asked) == ["all"]:
        try:
            answer = base.client("ec2", home).describe_regions()
        except Exception as exc:  # noqa: BLE001 - fall back to the home region, and say so
            reason, fatal = classify_error(exc)
            if fatal:
                raise CredentialsProblem(f"ec2:DescribeRegions: {reason}") from None
            errors.append(ScanError(where=f"{base.account_id}/{home}", message=f"ec2:DescribeRegions: {reason}; scanned {home} only",
                                    kind="incomplete"))
            return [home]
        return sorted(r["RegionName"] for r in answer.get("Regions", []))
    bad = [r for r in asked if not _REGION.match(r)]
    if bad:
        raise ScanSetupError(f"--regions: {bad[0]!r} is not a region name (use names like us-east-1, or all)")
    return list(dict.fromkeys(asked))
