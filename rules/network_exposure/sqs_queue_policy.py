"""TG-PUB-003: an SQS queue policy lets anyone in."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource, as_list
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule


class PublicQueuePolicy(ResourcePolicyRule):
    id = "TG-PUB-003"
    title = "SQS queue policy open to anyone"
    resource_types = ("AWS::SQS::QueuePolicy",)
    rationale = (
        "A queue anyone may send to fills with other people's messages (and your bill); one anyone may receive "
        "from leaks every message. SNS-to-SQS and S3-to-SQS need a service principal with aws:SourceArn, not '*'."
    )
    remediation = "Name the producer: a service principal with aws:SourceArn of the topic or bucket, or your account's roles."
    link = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("PolicyDocument")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        names = [_name(ctx, queue) for queue in as_list(resource.prop("Queues"))]
        return f"queue {', '.join(names) or '(unnamed)'}"


def _name(ctx: RuleContext, value: Any) -> str:
    queue = ctx.inventory.resolve(value, "AWS::SQS::Queue")
    if queue is not None:
        return queue.display_name
    return str(value).rsplit("/", 1)[-1]
