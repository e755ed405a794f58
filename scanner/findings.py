"""Findings: one problem on one resource, whoever reported it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .model import Category, Engine, Origin, Resource, Severity, Status


@dataclass(frozen=True)
class Subject:
    """The resource (or stack, or account) a finding is about, as the report shows it."""

    type: str | None
    logical_id: str | None = None
    stack: str | None = None
    file: str | None = None
    line: int | None = None
    arn: str | None = None
    region: str | None = None
    account: str | None = None
    cdk_path: str | None = None
    physical_id: str | None = None
    key: str | None = field(default=None, compare=False)  # Inventory key of the resource, when there is one
    name: str | None = field(default=None, compare=False)  # live: a short human name (Name tag, resource name)

    @classmethod
    def of(cls, resource: Resource) -> Subject:
        return cls(
            type=resource.type,
            logical_id=resource.logical_id,
            stack=resource.stack_name,
            file=resource.file,
            line=resource.line,
            arn=resource.arn,
            region=resource.region or ("global" if resource.origin is Origin.LIVE else None),  # IAM, Budgets…
            account=resource.account,
            cdk_path=resource.cdk_path,
            physical_id=resource.id if resource.origin is Origin.LIVE else None,
            key=resource.key,
            name=resource.display_name if resource.origin is Origin.LIVE else None,
        )

    @property
    def identity(self) -> str:
        """Stable identity for fingerprints: no line numbers, no file order, no CDK hash suffixes."""
        if self.arn:
            return self.arn
        if self.cdk_path:
            return f"cdk:{self.cdk_path}"
        if self.physical_id:
            return f"{self.account or ''}/{self.region or ''}/{self.type}/{self.physical_id}"
        if not self.logical_id and self.file:
            return f"file:{self.file}"  # the template itself (unparsable, or a problem outside Resources)
        whole = f"{self.stack or ''}/{self.logical_id or ''}/{self.type or ''}"
        # an account-level finding (no budget in account X) is one per account
        return f"{whole}@{self.account}" if self.account else whole

    @property
    def label(self) -> str:
        """Short text naming the resource for terminals and tables."""
        if self.stack and self.logical_id:
            return f"{self.stack}/{self.logical_id}"
        if self.stack and not (self.physical_id or self.arn):
            return f"stack {self.stack}"
        if self.name:
            kind = (self.type or "").split("::")[-1]
            return f"{kind} {self.name}" + (f" ({self.region})" if self.region and self.region != "global" else "")
        name = self.physical_id or self.arn or self.logical_id
        if name:
            return name
        if self.file:
            return self.location
        return f"account {self.account}" if self.account else "all scanned resources"

    @property
    def location(self) -> str:
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        if self.arn:
            return self.arn
        return self.region or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "logical_id": self.logical_id,
            "stack": self.stack,
            "file": self.file,
            "line": self.line,
            "arn": self.arn,
            "region": self.region,
            "account": self.account,
            "cdk_path": self.cdk_path,
            "name": self.name,
        }


@dataclass
class Finding:
    rule_id: str
    category: Category
    severity: Severity
    title: str
    message: str
    remediation: str
    subject: Subject
    source: Engine = Engine.TIERGUARD
    check_id: str | None = None
    detail: str = ""  # what exactly on the resource (e.g. "tcp/22 from 0.0.0.0/0"); part of the fingerprint
    monthly_usd: Decimal | None = None
    status: Status = Status.FAIL
    link: str | None = None
    related_ids: list[str] = field(default_factory=list)  # other engines' ids merged into this finding
    suppression: dict[str, Any] | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # structured detail, e.g. the port range
    recorded_fingerprint: str | None = None  # read back from a report (tierguard merge): kept as it was

    @property
    def fingerprint(self) -> str:
        if self.recorded_fingerprint:
            return self.recorded_fingerprint
        # The checkov/cfn-lint id is part of the identity only for findings those engines own.
        owner = self.rule_id if self.source is Engine.TIERGUARD else f"{self.source.value}:{self.check_id or self.rule_id}"
        text = "|".join((owner, self.subject.identity, self.detail))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    @property
    def ids(self) -> list[str]:
        ids = [self.rule_id]
        if self.check_id and self.check_id != self.rule_id:
            ids.append(self.check_id)
        ids.extend(i for i in self.related_ids if i not in ids)
        return ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule_id": self.rule_id,
            "category": self.category.value,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "remediation": self.remediation,
            "source": self.source.value,
            "check_id": self.check_id,
            "related_ids": list(self.related_ids),
            "detail": self.detail,
            "resource": self.subject.to_dict(),
            "monthly_usd": float(self.monthly_usd) if self.monthly_usd is not None else None,
            "status": self.status.value,
            "link": self.link,
            "suppression": self.suppression,
        }
