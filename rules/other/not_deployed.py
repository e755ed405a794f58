"""TG-DEP-001 (live, with --templates): template stacks or resources that are not deployed."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ...scanner.resource_types import NOT_DEPLOYED_AS_RESOURCES
from ..base import ACCOUNT, Hit, Rule, RuleContext
from ..shared.deployment import deployment

SHOWN = 5


class TemplateNotDeployed(Rule):
    id = "TG-DEP-001"
    title = "Template not (fully) deployed"
    category = Category.OTHER
    severity = Severity.INFO
    modes = frozenset({ACCOUNT})
    rationale = (
        "A gate that passed on templates says nothing about an account where those templates are not what runs: "
        "a stack never deployed, or deployed from an older version of its template. After a cleanup, "
        "`not deployed` is the expected answer."
    )
    remediation = "Deploy the change (cdk deploy) or, after a cleanup, nothing: the stacks are gone as they should be."
    link = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        templates = ctx.facts.templates
        if templates is None:
            return
        known = deployment(ctx.inventory, templates, ctx.facts.uncollected)
        scanned = set(ctx.facts.regions)
        home = ctx.config.home_region
        # each account is judged on its own: "not deployed" means not deployed in that account
        account = ctx.facts.accounts[0] if len(ctx.facts.accounts) == 1 else None
        where = f" of account {account}" if account else ""
        for stack in templates.stacks:
            region = stack.region or home
            if scanned and region not in scanned:
                continue  # that region was not scanned: nothing to say either way
            subject = Subject(type="AWS::CloudFormation::Stack", stack=stack.name, file=stack.file, region=region,
                              account=account)
            live = known.live_stack(stack, home)
            if live is None:
                if not known.stacks_uncollected:
                    yield self.finding(subject, Hit(f"stack {stack.name} ({stack.file}) is not deployed in {region}{where}",
                                                    detail="stack"))
                continue
            deployed = {entry["logical_id"] for entry in live.observed.get("resources", [])}
            missing = sorted(
                r.id for r in templates if r.stack == stack.name and r.condition is None
                and r.type not in NOT_DEPLOYED_AS_RESOURCES and r.id not in deployed
            )
            if missing and not live.observed.get("resources_unknown"):
                shown = ", ".join(missing[:SHOWN]) + (f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else "")
                yield self.finding(subject, Hit(
                    f"stack {stack.name} in {region} ({live.observed.get('status')}) lacks {len(missing)} resource(s) "
                    f"of its template: {shown}; the template has changes not deployed yet",
                    detail="resources", facts={"missing": missing}))
