"""TG-PUB-004: an SNS topic policy lets anyone in."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource, as_list
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicTopicPolicy(ResourcePolicyRule):
    id = "TG-PUB-004"
    title = "SNS topic policy open to anyone"
    resource_types = ("AWS::SNS::TopicPolicy",)
    rationale = (
        "Anyone who may publish to a topic can send your subscribers anything (and bill you for the deliveries); "
        "anyone who may subscribe receives every message."
    )
    remediation = "Name the publisher: a service principal with aws:SourceArn (EventBridge, CloudWatch, S3) or your account."
    link = "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("PolicyDocument")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        names = []
        for value in as_list(resource.prop("Topics")):
            topic = ctx.inventory.resolve(value, "AWS::SNS::Topic")
            names.append(topic.display_name if topic is not None else str(value).rsplit(":", 1)[-1])
        return f"topic {', '.join(names) or '(unnamed)'}"
