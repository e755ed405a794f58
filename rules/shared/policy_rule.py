"""What every resource-policy rule does, once: find the policy documents a resource carries, ask
resource_policy who they let in, and report each public statement. A rule says which resources carry
the policy, how to name what it protects, and what (if anything) neutralizes it.

Severity: high for read or invoke by anyone; critical for write, delete, '*', decrypt or reading a
secret. A public statement that a setting neutralizes (S3 Block Public Access, a VPC-only domain) is
not an exposure: it is shown at info, naming the setting.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext, unverifiable
from .resource_policy import public_access


class ResourcePolicyRule(Rule):
    category = Category.NETWORK_EXPOSURE
    severity = Severity.HIGH
    # A service principal with neither aws:SourceArn nor aws:SourceAccount counts as anyone (Lambda).
    unsourced_services: ClassVar[bool] = False
    # How a reader names one statement, when the "policy" is one permission ("the permission").
    statement_name: ClassVar[str | None] = None

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        """The policy documents the resource carries (objects, or JSON text from a live API)."""
        raise NotImplementedError

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        """What the policy protects, as a reader names it: "bucket site-assets"."""
        return f"{resource.type.split('::')[-1].lower()} {resource.display_name}"

    def neutralized_by(self, resource: Resource, ctx: RuleContext) -> str | None:
        """The setting that makes a public statement harmless, if any."""
        return None

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        what = self.protected_resource(resource, ctx)
        for document in self.documents(resource, ctx):
            access = public_access(document, resource.account, unsourced_services=self.unsourced_services)
            for where, value in access.unverifiable:
                yield unverifiable(f"who {where} lets into {what}", value, where)
            if not access.grants:
                continue
            shield = self.neutralized_by(resource, ctx)
            for grant in access.grants:
                text = grant.describe(what, self.statement_name)
                if shield:
                    yield Hit(f"{text}, but {shield}: not an exposure", detail=f"neutralized:{grant.where}",
                              severity=Severity.INFO)
                else:
                    yield Hit(text, detail=grant.where,
                              severity=Severity.CRITICAL if grant.critical else Severity.HIGH,
                              facts={"principal": grant.principal, "actions": list(grant.actions), "level": grant.level})
