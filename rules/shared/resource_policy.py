"""Who a resource policy lets in: the one judgement every resource-policy rule shares (S3, SQS, SNS,
KMS, Lambda, ECR, Secrets Manager, OpenSearch, API Gateway), like Prowler's is_policy_public.

An Allow statement grants access to anyone when its principal is "*" (or {"AWS": "*"}, or it uses
NotPrincipal) and no condition narrows who may use it. Conditions that narrow it: the caller's VPC
endpoint or VPC, organization or account (aws:SourceVpce, aws:SourceVpc, aws:PrincipalOrgID,
aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, kms:CallerAccount…), and aws:SourceIp other
than 0.0.0.0/0 or ::/0; only with a positive operator (StringEquals, ArnLike, IpAddress…), never
…IfExists (a request without the key passes) nor ForAllValues (an empty set passes), and never with a
value that is itself a wildcard. Deny statements grant nothing. A principal of this account is not
"anyone". Values known only at deploy time are reported as "cannot verify", never as safe.
"""
from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ...scanner.model import as_list
from ...scanner.values import Ref, Symbolic, Unresolved

# Condition keys that narrow who can use a statement to a network, an organization or an account.
_LIMITING_KEYS = {
    "aws:sourcevpce", "aws:sourcevpc", "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount",
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
    "aws:principalarn", "aws:userid", "aws:resourceaccount", "kms:calleraccount", "aws:sourceip",
}
_POSITIVE_OPERATORS = {"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"}
_WORLD = {"0.0.0.0/0", "::/0"}
_ACCOUNT_WILDCARD = re.compile(r"^arn:[^:]*:[^:]*:[^:]*:\*")
# Verbs that change, remove or hand out what the resource holds: anyone doing them is critical.
_WRITE_VERBS = ("Put", "Delete", "Create", "Update", "Write", "Set", "Modify", "Attach", "Detach", "Add", "Remove",
                "Tag", "Untag", "Restore", "Replicate", "Upload", "Abort", "Send", "Publish", "Subscribe", "Encrypt",
                "Decrypt", "ReEncrypt", "GenerateDataKey", "Import", "Schedule", "Cancel", "Disable", "Enable",
                "Rotate", "Purge", "Change", "Complete", "Initiate", "Replace", "Start", "Stop", "Reboot")
_SECRET_READS = {"secretsmanager:getsecretvalue", "secretsmanager:batchgetsecretvalue"}


@dataclass(frozen=True)
class PublicGrant:
    """One statement that lets anyone in."""

    where: str  # "statement 2" or "statement AllowPublicRead"
    principal: str  # who: "anyone ('*')", "any AWS account's events.amazonaws.com"
    actions: tuple[str, ...]
    level: str  # "full" (every action), "write" (change, delete, decrypt, read a secret), "read"

    @property
    def critical(self) -> bool:
        return self.level in ("full", "write")

    def describe(self, what: str, where: str | None = None) -> str:
        shown = ", ".join(self.actions[:4]) + (f" and {len(self.actions) - 4} more" if len(self.actions) > 4 else "")
        return f"{where or self.where} lets {self.principal} {shown} on {what}"


@dataclass
class PolicyAccess:
    """What one policy document grants to anyone, and what could not be judged."""

    grants: list[PublicGrant] = field(default_factory=list)
    unverifiable: list[tuple[str, Unresolved]] = field(default_factory=list)  # (where, why)

    @property
    def public(self) -> bool:
        return bool(self.grants)


def parse_document(document: Any) -> Any:
    """Live APIs return documents as JSON text, templates as objects."""
    if isinstance(document, str) and not isinstance(document, Symbolic):
        try:
            return json.loads(document)
        except ValueError:
            return None
    return document


def public_access(document: Any, owner_account: str | None = None, *,
                  unsourced_services: bool = False) -> PolicyAccess:
    """Judge a resource policy. `unsourced_services`: a service principal with neither aws:SourceArn nor
    aws:SourceAccount counts as anyone (any account's resource of that service can use it: Lambda)."""
    access = PolicyAccess()
    document = parse_document(document)
    if isinstance(document, Unresolved):
        access.unverifiable.append(("the policy", document))
        return access
    if not isinstance(document, dict):
        return access
    for index, statement in enumerate(as_list(document.get("Statement"))):
        if not isinstance(statement, dict) or str(statement.get("Effect", "")).lower() != "allow":
            continue
        where = f"statement {statement.get('Sid') or index + 1}"
        who = _who(statement, owner_account, unsourced_services)
        if isinstance(who, Unresolved):
            access.unverifiable.append((f"the principal of {where}", who))
            continue
        if who is None:
            continue
        narrowed = _narrowed(statement.get("Condition"))
        if isinstance(narrowed, Unresolved):
            access.unverifiable.append((f"the condition of {where}", narrowed))
            continue
        if narrowed:
            continue
        actions, level = _actions(statement)
        access.grants.append(PublicGrant(where, who, actions, level))
    return access


def is_anyone(principal: Any) -> bool:
    """Principal "*", {"AWS": "*"} or an account wildcard: anyone at all."""
    if isinstance(principal, str):
        return principal.strip() == "*"
    if isinstance(principal, dict):
        return any(_wildcard_identity(p) for p in as_list(principal.get("AWS"))) or any(
            isinstance(p, str) and p.strip() == "*" for p in as_list(principal.get("CanonicalUser")))
    return False


def _wildcard_identity(value: Any) -> bool:
    return isinstance(value, str) and (value.strip() == "*" or bool(_ACCOUNT_WILDCARD.match(value.strip())))


def _who(statement: dict[str, Any], owner: str | None, unsourced_services: bool) -> str | Unresolved | None:
    """Who the statement admits when that is "anyone", else None."""
    if "NotPrincipal" in statement:
        return "anyone but the principals it names (Allow with NotPrincipal)"
    principal = statement.get("Principal")
    if isinstance(principal, Unresolved):
        return principal
    if is_anyone(principal):
        return "anyone ('*')"
    if isinstance(principal, dict):
        for value in as_list(principal.get("AWS")):
            if isinstance(value, Unresolved):
                return value
        services = [s for s in as_list(principal.get("Service")) if isinstance(s, str)]
        if unsourced_services and services and not _has_source(statement.get("Condition")):
            return f"any AWS account's {', '.join(services)}"
    if isinstance(principal, str) and unsourced_services and principal.endswith(".amazonaws.com") \
            and not _has_source(statement.get("Condition")):
        return f"any AWS account's {principal}"
    return None


def _has_source(condition: Any) -> bool:
    keys = {str(key).lower() for block in _condition_blocks(condition) for key in block}
    return bool(keys & {"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:principalorgid"})


def _condition_blocks(condition: Any) -> list[dict[str, Any]]:
    if not isinstance(condition, dict):
        return []
    return [block for block in condition.values() if isinstance(block, dict)]


def _narrowed(condition: Any) -> bool | Unresolved:
    """True when a condition limits the statement to a network, organization or account."""
    if isinstance(condition, Unresolved):
        return condition
    if not isinstance(condition, dict):
        return False
    for operator, block in condition.items():
        if not isinstance(block, dict):
            continue
        op = str(operator).lower()
        if op.startswith("forallvalues:") or op.endswith("ifexists"):
            continue
        op = op.split(":", 1)[-1]  # ForAnyValue:StringEquals -> stringequals
        if op not in _POSITIVE_OPERATORS:
            continue
        for key, value in block.items():
            key = str(key).lower()
            if key not in _LIMITING_KEYS:
                continue
            values = as_list(value)
            unknown = next((v for v in values if isinstance(v, Unresolved)), None)
            if unknown is not None:
                return unknown
            if key == "aws:sourceip":
                if values and not any(_is_world(v) for v in values):
                    return True
                continue
            if values and not any(_wildcard_value(v) for v in values):
                return True
    return False


def _is_world(value: Any) -> bool:
    if not isinstance(value, str) or isinstance(value, Symbolic):
        return False
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False)) in _WORLD or value.strip() in _WORLD
    except ValueError:
        return False


def _wildcard_value(value: Any) -> bool:
    if isinstance(value, Ref):
        return False
    if not isinstance(value, str):
        return True  # a number or a list where an id was expected: not a narrowing we understand
    text = value.strip()
    return text in ("", "*") or bool(_ACCOUNT_WILDCARD.match(text))


def _actions(statement: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    if "NotAction" in statement:
        excluded = ", ".join(str(a) for a in as_list(statement.get("NotAction")))
        return (f"every action but {excluded}",), "full"
    actions = tuple(str(a) for a in as_list(statement.get("Action")) if isinstance(a, (str, Unresolved)))
    level = max((_level(a) for a in actions), key=["read", "write", "full"].index, default="read")
    return actions or ("(no action)",), level


def _level(action: str) -> str:
    text = action.strip()
    if text == "*" or text.endswith(":*"):
        return "full"
    verb = text.partition(":")[2]
    if text.lower() in _SECRET_READS or verb.startswith("*"):
        return "write"
    return "write" if verb.startswith(_WRITE_VERBS) else "read"

