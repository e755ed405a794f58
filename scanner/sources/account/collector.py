"""What a collector is: one resource family, one region (or the account, for global services),
its API calls declared next to its code.

A collector reads through `CollectContext`, which paginates, records every failed call as a
named gap in the scan (service:Operation and region) and carries on: a denied API never reads
as "no resources".
"""
from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from botocore import xform_name

from ...model import Origin, Resource, ScanError
from .session import AccountSession, classify_error, error_code

# IAM action prefixes that differ from the boto3 client name.
_IAM_PREFIX = {"elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing", "opensearch": "es"}
# Operations whose IAM action has another name.
_IAM_ACTION = {
    ("budgets", "DescribeBudgets"): "budgets:ViewBudget",
    ("budgets", "DescribeNotificationsForBudget"): "budgets:ViewBudget",
    ("budgets", "DescribeSubscribersForNotification"): "budgets:ViewBudget",
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
    ("apigateway", "GetRestApis"): "apigateway:GET",
}


def iam_action(service: str, operation: str) -> str:
    return _IAM_ACTION.get((service, operation), f"{_IAM_PREFIX.get(service, service)}:{operation}")


def api_name(service: str, operation: str) -> str:
    """The API as a user reads it in an error: the call, and its IAM action when named otherwise."""
    action = iam_action(service, operation)
    call = f"{service}:{operation}"
    return call if action.split(":", 1)[1] == operation and action.split(":", 1)[0] == service else f"{call} (IAM {action})"


class Fatal(Exception):
    """Credentials stopped working mid-scan: nothing more can be read."""


T = TypeVar("T")
R = TypeVar("R")
PER_ITEM_WORKERS = 8  # concurrent per-item reads within one collector (a latency hider, not a CPU one)


class _Absent(Exception):
    """The call answered with an error code its collector declared to mean "there is none"."""


@dataclass
class CollectContext:
    session: AccountSession
    account: str
    region: str
    now: dt.datetime
    settings: dict[str, Any] = field(default_factory=dict)  # idle look-back and friends
    skip_calls: frozenset[str] = frozenset()  # "service:Operation" the user asked not to make
    # "service:Operation" -> error codes that mean absence (a bucket without a policy answers
    # NoSuchBucketPolicy): such an answer is an empty result, never a gap in the scan.
    absent: dict[str, frozenset[str]] = field(default_factory=dict)
    errors: list[ScanError] = field(default_factory=list)
    uncollected: set[str] = field(default_factory=set)  # resource types with a gap
    skipped: set[str] = field(default_factory=set)  # calls not made on request

    def client(self, service: str) -> Any:
        return self.session.client(service, self.region)

    def call(self, service: str, operation: str, missing: Iterable[str] = (), region: str | None = None,
             **params: Any) -> dict[str, Any] | None:
        """One call (in `region` when given: an S3 bucket's own); {} when the answer means absence; None
        (and a recorded gap) when it fails."""
        if self._skipped(service, operation):
            return None
        client = self.session.client(service, region) if region else self.client(service)
        try:
            return getattr(client, xform_name(operation))(**params)
        except Exception as exc:  # noqa: BLE001 - classified and reported
            try:
                self._failed(service, operation, exc, missing)
            except _Absent:
                return {}
            return None

    def pages(self, service: str, operation: str, key: str, missing: Iterable[str] = (), **params: Any) -> list[Any] | None:
        """Every item of `key` over all pages; [] when the answer means absence; None (and a recorded
        gap) when a page fails."""
        if self._skipped(service, operation):
            return None
        client = self.client(service)
        method = xform_name(operation)
        items: list[Any] = []
        try:
            if client.can_paginate(method):
                for page in client.get_paginator(method).paginate(**params):
                    items.extend(page.get(key, []))
            else:
                items.extend(getattr(client, method)(**params).get(key, []))
        except Exception as exc:  # noqa: BLE001 - classified and reported
            try:
                self._failed(service, operation, exc, missing)
            except _Absent:
                return []
            return None
        return items

    def page_list(self, service: str, operation: str, missing: Iterable[str] = (), **params: Any) -> list[dict[str, Any]] | None:
        """Every page of a paginated call (for answers with several lists); None when one fails."""
        if self._skipped(service, operation):
            return None
        client = self.client(service)
        try:
            return list(client.get_paginator(xform_name(operation)).paginate(**params))
        except Exception as exc:  # noqa: BLE001 - classified and reported
            try:
                self._failed(service, operation, exc, missing)
            except _Absent:
                return []
            return None

    def each(self, items: Iterable[T], read: Callable[[T], R], workers: int = PER_ITEM_WORKERS) -> list[R]:
        """Per-item reads (a bucket's policy, a queue's attributes…) in a small pool, so that their round
        trips overlap instead of adding up; results in the order of `items`."""
        items = list(items)
        if len(items) <= 1:
            return [read(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
            # each task runs in a copy of this thread's context: the account it reads stays bound
            futures = [pool.submit(contextvars.copy_context().run, read, item) for item in items]
            return [future.result() for future in futures]

    def _skipped(self, service: str, operation: str) -> bool:
        name = f"{service}:{operation}"
        if name in self.skip_calls:
            self.skipped.add(name)
            return True
        return False

    def _failed(self, service: str, operation: str, exc: Exception, missing: Iterable[str]) -> None:
        codes = self.absent.get(f"{service}:{operation}")
        if codes and error_code(exc) in codes:
            raise _Absent()
        reason, fatal = classify_error(exc)
        if fatal:
            raise Fatal(f"{api_name(service, operation)} in {self.region}: {reason}") from exc
        self.errors.append(
            ScanError(where=f"{self.account}/{self.region}", message=f"{api_name(service, operation)}: {reason}", kind="incomplete")
        )
        self.uncollected.update(missing)

    def resource(
        self,
        resource_type: str,
        physical_id: str,
        properties: dict[str, Any],
        *,
        arn: str | None = None,
        tags: Any = None,
        aliases: Iterable[str] = (),
        observed: dict[str, Any] | None = None,
        region: str | None = None,
    ) -> Resource:
        where = region if region is not None else self.region
        return Resource(
            type=resource_type,
            id=physical_id,
            properties=properties,
            origin=Origin.LIVE,
            key=f"{self.account}/{where}/{resource_type}/{physical_id}",
            region=where or None,
            account=self.account,
            tags=tag_map(tags),
            arn=arn,
            aliases=tuple(a for a in aliases if a),
            observed=observed or {},
        )

    @property
    def partition(self) -> str:
        return self.session.partition

    def arn(self, service: str, resource: str, region: str | None = None) -> str:
        return f"arn:{self.partition}:{service}:{self.region if region is None else region}:{self.account}:{resource}"


class Collector:
    """One resource family. `calls` lists every (boto3 service, Operation) it may make (the scan policy
    and the read-only guard are generated from them); `absent` the error codes of a call that mean
    "there is none" rather than "the scan could not see"."""

    name: ClassVar[str]
    service: ClassVar[str]  # the boto3 client it mainly uses (also the name for --skip)
    types: ClassVar[tuple[str, ...]]
    calls: ClassVar[tuple[tuple[str, str], ...]]
    absent: ClassVar[dict[tuple[str, str], tuple[str, ...]]] = {}
    is_global: ClassVar[bool] = False  # once per account (IAM, Budgets, Route 53), not per region

    def collect(self, ctx: CollectContext) -> list[Resource]:
        raise NotImplementedError

    @classmethod
    def actions(cls) -> list[str]:
        return sorted({iam_action(service, operation) for service, operation in cls.calls})

    @classmethod
    def absent_codes(cls) -> dict[str, frozenset[str]]:
        return {f"{service}:{operation}": frozenset(codes) for (service, operation), codes in cls.absent.items()}


class ListingCollector(Collector):
    """The simple case, declared rather than written: one listing (paginated when the API is), one
    resource per item. Say what to list, and how an item reads as a resource (None: leave it out)."""

    listing: ClassVar[tuple[str, str, str]]  # (boto3 service, Operation, the answer's list key)
    params: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "listing" in cls.__dict__ and "calls" not in cls.__dict__:
            cls.calls = (cls.listing[:2],)
        if "listing" in cls.__dict__ and "service" not in cls.__dict__:
            cls.service = cls.listing[0]

    def collect(self, ctx: CollectContext) -> list[Resource]:
        service, operation, key = self.listing
        items = ctx.pages(service, operation, key, missing=self.types, **self.params) or []
        return [resource for item in items if (resource := self.read(ctx, item)) is not None]

    def read(self, ctx: CollectContext, item: dict[str, Any]) -> Resource | None:
        raise NotImplementedError


def tag_map(tags: Any) -> dict[str, str]:
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    result = {}
    for tag in tags or []:
        if isinstance(tag, dict):
            key = tag.get("Key", tag.get("key"))
            value = tag.get("Value", tag.get("value", ""))
            if key is not None:
                result[str(key)] = str(value)
    return result
