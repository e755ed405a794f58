"""Templates that deploy together (one cdk.out, or the loose files of one run).

Cross-stack references (Fn::ImportValue, Fn::GetStackOutput) and nested-stack parameters are
resolved only inside one set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(eq=False)
class StackTemplate:
    uid: str  # unique within a scan; prefix of every resource key
    name: str  # stack name as the user knows it
    path: Path
    data: dict[str, Any]
    resource_lines: dict[str, int] = field(default_factory=dict)
    region: str | None = None
    account: str | None = None
    # Nested stacks: the parent stack and the Parameters property that feeds this template.
    parent: StackTemplate | None = None
    parent_parameters: Any = None
    nested: dict[str, StackTemplate] = field(default_factory=dict)  # logical id -> child
    expanded_resources: dict[str, Any] | None = None  # Resources with Fn::ForEach loops expanded
    context: bool = False  # loaded through --context: informs set-level rules, is not itself judged

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}

    @property
    def resources(self) -> dict[str, Any]:
        if self.expanded_resources is not None:
            return self.expanded_resources
        return self.section("Resources")

    def resource_key(self, logical_id: str) -> str:
        return f"{self.uid}/{logical_id}"


@dataclass
class StackSet:
    stacks: list[StackTemplate] = field(default_factory=list)

    def add(self, stack: StackTemplate) -> None:
        self.stacks.append(stack)

    def by_name(self, name: str, region: str | None = None) -> StackTemplate | None:
        matches = [s for s in self.stacks if s.name == name and s.parent is None]
        if region:
            in_region = [s for s in matches if s.region in (None, region)]
            matches = in_region or matches
        return matches[0] if matches else None

    def exports(self) -> dict[str, tuple[StackTemplate, str, Any]]:
        """Export name expression -> (stack, output name, raw export name) for every export."""
        found: dict[str, tuple[StackTemplate, str, Any]] = {}
        for stack in self.stacks:
            for output_name, output in stack.section("Outputs").items():
                if isinstance(output, dict) and isinstance(output.get("Export"), dict):
                    found[f"{stack.uid}:{output_name}"] = (stack, output_name, output["Export"].get("Name"))
        return found
