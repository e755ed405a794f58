"""Templates against the live account: which live resources a stack or a template accounts for,
and which template stacks and resources are deployed. Built once per scan, read by the
leftover and not-deployed rules (`tierguard account --templates PATH`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...scanner.model import Inventory, Resource, StackInfo
from ...scanner.resource_types import name_properties

STACK = "AWS::CloudFormation::Stack"
@dataclass
class Deployment:
    managed: dict[str, str] = field(default_factory=dict)  # physical id / ARN -> the live stack that manages it
    stacks: dict[tuple[str, str], Resource] = field(default_factory=dict)  # (name, region) -> live stack
    stacks_by_arn: dict[str, Resource] = field(default_factory=dict)
    named: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, physical name) -> template label
    stacks_uncollected: bool = False  # DescribeStacks failed somewhere: a missing stack proves nothing
    unlisted_stacks: set[str] = field(default_factory=set)  # stacks whose resources could not be listed

    @property
    def complete(self) -> bool:
        """Every stack and every stack's resources were read: "not managed" is then a certainty."""
        return not self.stacks_uncollected and not self.unlisted_stacks

    def accounted_for(self, resource: Resource) -> str | None:
        """Why a live resource is accounted for (a stack, a template), or None."""
        stack = resource.tags.get("aws:cloudformation:stack-name")
        if stack:
            return f"stack {stack}"
        for identity in (resource.id, resource.arn, *resource.aliases):
            if identity and identity in self.managed:
                return f"stack {self.managed[identity]}"
        for name in (*resource.aliases, resource.id, resource.tags.get("Name")):
            if name and (resource.type, name) in self.named:
                return f"template resource {self.named[(resource.type, name)]}"
        return None

    def live_stack(self, stack: StackInfo, home_region: str) -> Resource | None:
        """The deployed stack of a template stack; nested stacks ("Parent/Child") through their parent."""
        region = stack.region or home_region
        first, *nested = stack.name.split("/")
        found = self.stacks.get((first, region))
        for logical_id in nested:
            if found is None:
                return None
            child = next((r["physical_id"] for r in found.observed.get("resources", [])
                          if r["logical_id"] == logical_id and r["type"] == STACK), None)
            found = self.stacks_by_arn.get(child or "")
        return found


def deployment(inventory: Inventory, templates: Inventory, uncollected: Any) -> Deployment:
    return inventory.derived("deployment", lambda live: _build(live, templates, uncollected))


def _build(live: Inventory, templates: Inventory, uncollected: Any) -> Deployment:
    result = Deployment()
    for stack in live.of_type(STACK):
        name = stack.prop("StackName")
        result.stacks[(name, stack.region or "")] = stack
        result.stacks_by_arn[stack.id] = stack
        if stack.observed.get("resources_unknown"):
            result.unlisted_stacks.add(name)
        for entry in stack.observed.get("resources", []):
            if entry.get("physical_id"):
                result.managed[entry["physical_id"]] = name
    for resource in templates:
        for name in _physical_names(resource):
            result.named[(resource.type, name)] = f"{resource.stack}/{resource.id}"
    result.stacks_uncollected = any(kind == STACK for _account, kind in uncollected or ())
    return result


def _physical_names(resource: Resource) -> list[str]:
    names = [resource.prop(key) for key in name_properties(resource.type)]
    if resource.type == "AWS::Budgets::Budget":
        names.append(resource.prop("Budget", "BudgetName"))
    return [n for n in names if isinstance(n, str) and n]
