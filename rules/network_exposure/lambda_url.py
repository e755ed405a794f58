"""TG-PUB-007: a Lambda function URL anyone can call (AuthType NONE)."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext


class PublicFunctionUrl(Rule):
    id = "TG-PUB-007"
    title = "Lambda function URL without authentication"
    category = Category.NETWORK_EXPOSURE
    severity = Severity.HIGH
    resource_types = ("AWS::Lambda::Url",)
    checkov = ("CKV_AWS_258",)
    rationale = (
        "A function URL with AuthType NONE is an HTTPS endpoint anyone on the internet can call, and every call "
        "bills you; nothing limits the rate."
    )
    remediation = "Use AuthType AWS_IAM (sign the calls), or put the function behind API Gateway with throttling and auth."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if str(resource.prop("AuthType", default="")).upper() != "NONE":
            return
        target = resource.prop("TargetFunctionArn")
        function = ctx.inventory.resolve(target, "AWS::Lambda::Function")
        name = function.display_name if function is not None else str(target).rsplit(":", 1)[-1]
        yield Hit(f"function {name} has a URL with AuthType NONE: anyone on the internet can invoke it")
