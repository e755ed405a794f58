"""The one resource model every source fills and every rule reads.

A Resource is named by its CloudFormation type (AWS Config uses the same names for live
resources) and carries CloudFormation-shaped properties, so a rule is written once and runs on
templates and on the live account alike.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from .resource_types import name_properties
from .values import Ref

T = TypeVar("T")


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of {names}") from None


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Category(str, Enum):
    """The fixed category vocabulary of SPEC.md."""

    NAT_GATEWAY = "nat-gateway"
    PAID_DATABASE = "paid-database"
    IDLE_LOAD_BALANCER = "idle-load-balancer"
    OPEN_INGRESS = "open-ingress"
    MISSING_BUDGET = "missing-budget"
    BUDGET_MISCONFIGURED = "budget-misconfigured"
    IAM_OVERPERMISSION = "iam-overpermission"
    WEAK_TLS = "weak-tls"
    PLAIN_HTTP = "plain-http"
    UNATTACHED_EIP = "unattached-eip"
    COSTLY_RESOURCE = "costly-resource"
    OVER_BUDGET = "over-budget"
    NETWORK_EXPOSURE = "network-exposure"
    MULTI_REGION = "multi-region"
    LEFTOVER_RESOURCE = "leftover-resource"
    COST_DRIFT = "cost-drift"
    TEMPLATE_ERROR = "template-error"
    OTHER = "other"


class Status(str, Enum):
    FAIL = "fail"
    SUPPRESSED = "suppressed"
    BASELINE = "baseline"
    BELOW_THRESHOLD = "below-threshold"


class Engine(str, Enum):
    """Who reported a finding."""

    TIERGUARD = "tierguard"
    CHECKOV = "checkov"
    CFN_LINT = "cfn-lint"


class ScanMode(str, Enum):
    """Which front end a scan came from; rules say which modes they apply to."""

    TEMPLATES = "templates"
    ACCOUNT = "account"

    def __str__(self) -> str:  # reports and f-strings show the value, on every Python version
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Origin(str, Enum):
    """Where a resource was read from."""

    TEMPLATE = "template"
    LIVE = "live"




@dataclass
class Resource:
    """One resource, from a template or from the live account.

    `key` is unique within an Inventory. `id` is the logical id in a template and the physical
    id (or ARN) live. `observed` holds live-only facts that have no CloudFormation property
    (target health, request counts, actual spend, certificate expiry); template rules ignore it.
    """

    type: str
    id: str
    properties: dict[str, Any]
    origin: Origin
    key: str = ""
    stack: str | None = None
    region: str | None = None
    account: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    arn: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    observed: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # other physical identities (ids, names) a live reference may use
    condition: str | None = None  # template: the Condition deciding whether it is created at all

    def __post_init__(self) -> None:
        if not self.key:
            scope = self.stack or f"{self.account or ''}/{self.region or ''}"
            self.key = f"{scope}/{self.id}"

    @property
    def logical_id(self) -> str | None:
        if self.origin is Origin.TEMPLATE:
            return self.id
        return self.tags.get("aws:cloudformation:logical-id")

    @property
    def stack_name(self) -> str | None:
        if self.stack:
            return self.stack
        return self.tags.get("aws:cloudformation:stack-name")

    @property
    def cdk_path(self) -> str | None:
        path = self.metadata.get("aws:cdk:path") if isinstance(self.metadata, dict) else None
        return path if isinstance(path, str) else None

    @property
    def display_name(self) -> str:
        """Short human name: the logical id in a template; live, the Name tag, the resource's own
        name, or the last part of its id or ARN."""
        if self.origin is Origin.TEMPLATE:
            return self.id
        if self.tags.get("Name"):
            return self.tags["Name"]
        if isinstance(self.observed.get("name"), str):
            return self.observed["name"]
        for key in name_properties(self.type):
            value = self.properties.get(key)
            if isinstance(value, str) and value:
                return value
        return self.id.rsplit("/", 1)[-1].rsplit(":", 1)[-1] if self.id.startswith("arn:") else self.id

    def prop(self, *path: str | int, default: Any = None) -> Any:
        """Nested property lookup that tolerates missing keys and wrong shapes."""
        value: Any = self.properties
        for step in path:
            if isinstance(step, int):
                if not isinstance(value, list) or step >= len(value):
                    return default
                value = value[step]
            else:
                if not isinstance(value, dict) or step not in value:
                    return default
                value = value[step]
        return value


@dataclass(frozen=True)
class StackInfo:
    """A stack (template) or, live, an account/region scope that resources belong to."""

    name: str
    region: str | None
    account: str | None
    file: str | None = None
    origin: Origin = Origin.TEMPLATE


@dataclass(frozen=True)
class ScanError:
    """Something that could not be read. kind 'input' → exit 2; 'incomplete' → exit 3.

    `template` marks problems with a template's content (unparsable, a resource without Type):
    they are also reported as template-error findings.
    """

    where: str
    message: str
    kind: str = "input"
    template: bool = False

    def to_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message, "kind": self.kind}


class Inventory:
    """All resources of one scan, indexed by type and by every identity a reference may use."""

    def __init__(self, resources: Iterable[Resource] = (), stacks: Iterable[StackInfo] = ()) -> None:
        self.resources: list[Resource] = []
        self.stacks: list[StackInfo] = list(stacks)
        self._by_type: dict[str, list[Resource]] = defaultdict(list)
        self._by_key: dict[str, Resource] = {}
        self._by_identity: dict[str, Resource] = {}
        self._derived: dict[str, Any] = {}
        for resource in resources:
            self.add(resource)

    def add(self, resource: Resource) -> None:
        self._derived.clear()
        self.resources.append(resource)
        self._by_type[resource.type].append(resource)
        self._by_key[resource.key] = resource
        if resource.origin is Origin.LIVE:
            for identity in (resource.id, resource.arn, *resource.aliases):
                if identity:
                    self._by_identity.setdefault(identity, resource)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources)

    def __getstate__(self) -> dict[str, Any]:  # the resources, not the indexes built from them
        return {"resources": self.resources, "stacks": self.stacks}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["resources"], state["stacks"])  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self.resources)

    def of_type(self, *types: str) -> list[Resource]:
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))
        return [r for t in types for r in self._by_type.get(t, ())]

    def has_type(self, *types: str) -> bool:
        return any(self._by_type.get(t) for t in types)

    def by_key(self, key: str) -> Resource | None:
        return self._by_key.get(key)

    def resolve(self, value: Any, *types: str) -> Resource | None:
        """The resource a property value points at: a template reference or a live id/ARN."""
        found: Resource | None = None
        if isinstance(value, Ref):
            found = self._by_key.get(value.target)
        elif isinstance(value, str):
            found = self._by_identity.get(value)
        if found is not None and types and found.type not in types:
            return None
        return found

    def derived(self, name: str, compute: Callable[[Inventory], T]) -> T:
        """A structure computed from the whole inventory once and shared by every rule that needs it
        (listeners per load balancer, routes per subnet…), like Cloud Custodian shares its resources."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def referrers(self, target: Resource, *types: str) -> Iterator[tuple[Resource, Any]]:
        """Resources of the given types whose properties mention `target` anywhere."""
        for resource in self.of_type(*types) if types else self.resources:
            for value in iter_leaves(resource.properties):
                if self.resolve(value) is target:
                    yield resource, value
                    break


def iter_leaves(value: Any) -> Iterator[Any]:
    """Every scalar (or reference) inside a nested property structure."""
    if isinstance(value, dict):
        for item in value.values():
            yield from iter_leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_leaves(item)
    else:
        yield value


def as_dict(value: Any) -> dict[str, Any]:
    """A mapping property, or an empty one when it is absent or of another shape."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """CloudFormation accepts a scalar where a list is expected in many places."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
