"""IAM policy documents of roles, users, groups and policies, normalised for the IAM rules."""
from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...scanner.model import Inventory, Resource, as_list
from ...scanner.values import Ref, Unresolved

PRINCIPALS = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")
POLICIES = (
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
)
IDENTITY_POLICY_CARRIERS = PRINCIPALS + POLICIES


@dataclass(frozen=True)
class Statement:
    carrier: Resource
    policy: str  # which document: "inline policy X", "policy document", "trust policy"
    index: int
    body: dict[str, Any]

    @property
    def allows(self) -> bool:
        return str(self.body.get("Effect", "")).lower() == "allow"

    def values(self, key: str) -> list[Any]:
        return as_list(self.body.get(key))

    @property
    def where(self) -> str:
        return f"{self.policy}, statement {self.body.get('Sid') or self.index + 1}"


def parse_document(document: Any) -> Any:
    """Live APIs return documents as JSON text; templates as objects."""
    if isinstance(document, str):
        try:
            return json.loads(document)
        except ValueError:
            return None
    return document


def identity_statements(inventory: Inventory) -> Iterator[Statement]:
    for carrier in inventory.of_type(*IDENTITY_POLICY_CARRIERS):
        for name, document in _identity_documents(carrier):
            yield from _statements(carrier, name, document)


def trust_statements(inventory: Inventory) -> Iterator[Statement]:
    for role in inventory.of_type("AWS::IAM::Role"):
        yield from _statements(role, "trust policy", role.prop("AssumeRolePolicyDocument"))


def _identity_documents(carrier: Resource) -> Iterator[tuple[str, Any]]:
    if carrier.type in PRINCIPALS:
        for index, policy in enumerate(as_list(carrier.prop("Policies"))):
            if isinstance(policy, dict):
                name = policy.get("PolicyName") or f"#{index + 1}"
                yield f"inline policy {name}", policy.get("PolicyDocument")
    else:
        yield "policy document", carrier.prop("PolicyDocument")


def _statements(carrier: Resource, name: str, document: Any) -> Iterator[Statement]:
    document = parse_document(document)
    if isinstance(document, Unresolved):
        yield Statement(carrier, name, 0, {"Effect": "Allow", "Action": document, "Resource": document})
        return
    if not isinstance(document, dict):
        return
    for index, body in enumerate(as_list(document.get("Statement"))):
        if isinstance(body, dict):
            yield Statement(carrier, name, index, body)


def attached_to(carrier: Resource) -> str:
    """' to role X, user Y' for AWS::IAM::Policy-like carriers; '' for principals."""
    names = []
    for key, kind in (("Roles", "role"), ("Users", "user"), ("Groups", "group"),
                      ("RoleName", "role"), ("UserName", "user"), ("GroupName", "group")):
        for value in as_list(carrier.prop(key)):
            label = value.logical_id if isinstance(value, Ref) else value
            if isinstance(label, str):
                names.append(f"{kind} {label}")
    return f" (attached to {', '.join(names)})" if names else ""


def action_matches(pattern: Any, action: str) -> bool:
    return isinstance(pattern, str) and fnmatch.fnmatchcase(action.lower(), pattern.lower())


def is_full_wildcard(action: Any) -> bool:
    return isinstance(action, str) and action.strip() == "*"


def service_wildcard(action: Any) -> str | None:
    """'s3' for 's3:*', else None."""
    if isinstance(action, str) and action.endswith(":*") and action.count(":") == 1:
        return action.split(":", 1)[0]
    return None


def resource_is_any(statement: Statement) -> bool | None:
    """True when the statement applies to every resource; None when that is not known."""
    if "NotResource" in statement.body:
        return True
    resources = statement.values("Resource")
    if any(isinstance(r, Unresolved) for r in resources):
        return None
    return any(isinstance(r, str) and r.strip() == "*" for r in resources)
