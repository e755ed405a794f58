"""TG-PUB-006: a Lambda permission lets anyone (or any account's service) invoke the function."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicLambdaPermission(ResourcePolicyRule):
    id = "TG-PUB-006"
    title = "Lambda function invocable by anyone"
    resource_types = ("AWS::Lambda::Permission",)
    unsourced_services = True
    statement_name = "the permission"
    rationale = (
        "A permission with Principal '*' lets anyone invoke the function, and each invocation bills you. A service "
        "principal (s3.amazonaws.com, sns.amazonaws.com) without SourceArn or SourceAccount lets that service act "
        "for any AWS account's bucket or topic (the confused deputy)."
    )
    remediation = "Add SourceArn (the bucket, topic or API that calls it) and SourceAccount to the permission."
    link = "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        if str(resource.prop("FunctionUrlAuthType", default="")).upper() == "NONE":
            return  # a public function URL: TG-PUB-007's finding
        principal = resource.prop("Principal")
        if isinstance(principal, str) and principal.endswith(".amazonaws.com"):
            principal = {"Service": principal}
        elif isinstance(principal, str) and principal != "*":
            principal = {"AWS": principal}
        condition: dict[str, Any] = {}
        for prop, operator, key in (("SourceArn", "ArnLike", "aws:SourceArn"), ("SourceAccount", "StringEquals", "aws:SourceAccount"),
                                    ("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID")):
            value = resource.prop(prop)
            if value is not None:
                condition.setdefault(operator, {})[key] = value
        yield {"Statement": [{"Effect": "Allow", "Principal": principal, "Action": resource.prop("Action", default="lambda:InvokeFunction"),
                              **({"Condition": condition} if condition else {})}]}

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        target = resource.prop("FunctionName")
        function = ctx.inventory.resolve(target, "AWS::Lambda::Function")
        return f"function {function.display_name if function is not None else str(target).rsplit(':', 1)[-1]}"
