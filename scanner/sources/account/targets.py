"""Which accounts a scan covers: the caller's own, roles named with --role-arn, or every ACTIVE member
of an AWS Organization (--organization), and which of them one worker takes (--shard I/N)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...config import ROLE_NAME
from .session import AccountSession, ScanSetupError, classify_error, error_code

ROLE_ARN = re.compile(r"^arn:([a-z][a-z0-9-]{0,30}):iam::(\d{12}):role/(.+)$")


@dataclass(frozen=True)
class AccountTarget:
    """One account to scan: through an assumed role, or (role_arn None) with the caller's own credentials."""

    account: str
    role_arn: str | None = None
    name: str = ""  # the account's name in the organization, when listed from it


@dataclass(frozen=True)
class Shard:
    """--shard I/N: worker I of N (1-based)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*", text or "")
        if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
            raise ScanSetupError(f"--shard: {text!r} is not I/N with 1 <= I <= N (for example 2/4)")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def role_target(arn: str) -> AccountTarget:
    """A --role-arn, checked before anything is called: a typo is a usage error, not a failed account."""
    match = ROLE_ARN.match(arn.strip())
    if not match or not ROLE_NAME.match(match.group(3)):
        raise ScanSetupError(f"--role-arn: {arn!r} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)")
    return AccountTarget(account=match.group(2), role_arn=arn.strip())


def member_role_arn(partition: str, account: str, role: str) -> str:
    return f"arn:{partition}:iam::{account}:role/{role}"


def organization_members(base: AccountSession, region: str, role: str) -> tuple[AccountTarget, list[AccountTarget]]:
    """The caller (by name) and the other ACTIVE accounts of its organization (organizations:ListAccounts, from
    the management account or a delegated administrator), each with the role tierguard assumes in it."""
    try:
        pages = base.client("organizations", region).get_paginator("list_accounts").paginate()
        accounts = [account for page in pages for account in page.get("Accounts", [])]
    except Exception as exc:  # noqa: BLE001 - explained in one sentence below
        code = error_code(exc)
        if code == "AWSOrganizationsNotInUseException":
            raise ScanSetupError(f"--organization: account {base.account_id} is not in an AWS Organization") from None
        reason, _ = classify_error(exc)
        hint = (" (run it from the management account or a delegated administrator, with organizations:ListAccounts allowed)"
                if "denied" in reason else "")
        raise ScanSetupError(f"--organization: organizations:ListAccounts {reason}{hint}") from None
    caller = next((account for account in accounts if str(account.get("Id")) == base.account_id), None)
    if caller is None:
        # ListAccounts always lists the caller's own account; without it, the answer is not this organization's
        raise ScanSetupError(f"--organization: account {base.account_id} is not in an AWS Organization "
                             "(organizations:ListAccounts did not list it)")
    members = []
    for account in accounts:
        account_id = str(account.get("Id", ""))
        state = account.get("State") or account.get("Status")  # State replaces the older Status
        if state != "ACTIVE" or account_id == base.account_id or not re.fullmatch(r"\d{12}", account_id):
            continue
        members.append(AccountTarget(account_id, member_role_arn(base.partition, account_id, role), str(account.get("Name") or "")))
    return AccountTarget(base.account_id, name=str(caller.get("Name") or "")), members


def shard_targets(caller: AccountTarget | None, members: Sequence[AccountTarget], shard: Shard | None) -> list[AccountTarget]:
    """This worker's accounts: members sorted by id and dealt out in turn, so N workers cover each exactly
    once and evenly; the calling account belongs to shard 1 only."""
    ordered = sorted(dict.fromkeys(members), key=lambda t: (t.account, t.role_arn or ""))
    if shard is None:
        return ([caller] if caller else []) + ordered
    mine = [t for position, t in enumerate(ordered) if position % shard.count + 1 == shard.index]
    return ([caller] if caller and shard.index == 1 else []) + mine
