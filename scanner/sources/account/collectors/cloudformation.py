"""CloudFormation stacks and the physical resources each one manages (for `account --templates`)."""
from __future__ import annotations

from ....model import Resource
from ..collector import CollectContext, Collector

STACK = "AWS::CloudFormation::Stack"


class Stacks(Collector):
    name = "cloudformation"
    service = "cloudformation"
    types = (STACK,)
    calls = (("cloudformation", "DescribeStacks"), ("cloudformation", "ListStackResources"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        found = []
        for stack in ctx.pages("cloudformation", "DescribeStacks", "Stacks", missing=self.types) or []:
            if stack.get("StackStatus") == "DELETE_COMPLETE":
                continue
            name = stack["StackName"]
            listing = ctx.pages("cloudformation", "ListStackResources", "StackResourceSummaries", missing=self.types,
                                StackName=stack["StackId"])
            observed = {"status": stack.get("StackStatus"), "resources_unknown": listing is None, "resources": [
                {"logical_id": r.get("LogicalResourceId"), "physical_id": r.get("PhysicalResourceId"),
                 "type": r.get("ResourceType"), "status": r.get("ResourceStatus")}
                for r in listing or [] if r.get("ResourceStatus") != "DELETE_COMPLETE"
            ]}
            found.append(ctx.resource(STACK, stack["StackId"], {"StackName": name}, arn=stack["StackId"],
                                      tags=stack.get("Tags"), aliases=[name], observed=observed))
        return found
