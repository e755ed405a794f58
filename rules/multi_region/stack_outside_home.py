"""TG-REG-001: a stack targets a region other than the home region."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ...scanner.resource_types import GLOBAL_TYPES
from ..base import TEMPLATES, Hit, Rule, RuleContext


class StackOutsideHomeRegion(Rule):
    id = "TG-REG-001"
    title = "Stack outside the home region"
    category = Category.MULTI_REGION
    severity = Severity.MEDIUM
    resource_types = ()
    modes = frozenset({TEMPLATES})
    rationale = (
        "A small account should live in one region. Resources in a second region are the ones nobody "
        "looks at in the console, and they keep billing."
    )
    remediation = "Deploy the stack to home_region (the env of the CDK stack), or set home_region if the region really changed."
    link = "https://docs.aws.amazon.com/cdk/v2/guide/environments.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        home = ctx.config.home_region
        for stack in ctx.inventory.stacks:
            if not stack.region or stack.region == home:
                continue
            types = {r.type for r in ctx.inventory.resources if r.stack == stack.name}
            if stack.region == "us-east-1" and types and types <= GLOBAL_TYPES:  # global services' stacks live in us-east-1
                continue
            yield self.finding(
                Subject(type="AWS::CloudFormation::Stack", stack=stack.name, file=stack.file, region=stack.region, account=stack.account),
                Hit(f"stack {stack.name} deploys to {stack.region}; the home region is {home}", detail=stack.region),
            )
