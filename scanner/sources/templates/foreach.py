"""Expand Fn::ForEach (AWS::LanguageExtensions) in Resources, so generated resources are checked.

A loop whose collection is known only at deploy time cannot be expanded: it is reported, and
the resources it would create stay unchecked rather than silently passing. Expansion is bounded: nested
loops multiply, and a few hundred bytes of template could otherwise stand for millions of resources.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...values import Unresolved
from .intrinsics import Resolver
from .stackset import StackTemplate

PREFIX = "Fn::ForEach::"
# CloudFormation allows 500 resources in a stack; generated ones count. The copies made while expanding are
# bounded too, since a large fragment copied for every value costs as much as many resources.
MAX_GENERATED_RESOURCES = 2_000
MAX_COPIED_VALUES = 2_000_000


@dataclass(frozen=True)
class LoopProblem:
    message: str
    input_error: bool  # the template is at fault (too large to expand), not merely unknown before deploy


class _TooLarge(Exception):
    pass


class _Budget:
    def __init__(self) -> None:
        self.resources = 0
        self.values = 0

    def spend(self, resources: int = 0, values: int = 0) -> None:
        self.resources += resources
        self.values += values
        if self.resources > MAX_GENERATED_RESOURCES:
            raise _TooLarge(f"generates more than {MAX_GENERATED_RESOURCES:,} resources "
                            "(CloudFormation allows 500 in a stack)")
        if self.values > MAX_COPIED_VALUES:
            raise _TooLarge(f"expands to more than {MAX_COPIED_VALUES:,} values")


def expand_resources(stack: StackTemplate, resolver: Resolver) -> list[LoopProblem]:
    """Replace loops in stack's Resources by what they generate; returns one problem per loop left."""
    raw = stack.section("Resources")
    if not any(isinstance(k, str) and k.startswith(PREFIX) for k in raw):
        return []
    expanded: dict[str, Any] = {}
    lines: dict[str, int] = dict(stack.resource_lines)
    problems: list[LoopProblem] = []
    budget = _Budget()
    for key, body in raw.items():
        if isinstance(key, str) and key.startswith(PREFIX):
            try:
                generated = _expand(stack, resolver, key, body, problems, budget)
            except _TooLarge as exc:
                problems.append(LoopProblem(f"{key} {exc}; not expanded, and its resources are not checked",
                                            input_error=True))
                continue
            for logical_id, resource in generated.items():
                expanded[logical_id] = resource
                if key in lines:
                    lines[logical_id] = lines[key]
        else:
            expanded[key] = body
    stack.expanded_resources = expanded
    stack.resource_lines = lines
    return problems


def _expand(stack: StackTemplate, resolver: Resolver, name: str, body: Any, problems: list[LoopProblem],
            budget: _Budget) -> dict[str, Any]:
    if not isinstance(body, list) or len(body) != 3 or not isinstance(body[0], str) or not isinstance(body[2], dict):
        problems.append(LoopProblem(f"{name} is not [identifier, collection, template]; its resources are not checked",
                                    input_error=True))
        return {}
    identifier, collection, fragment = body
    values = resolver.resolve(stack, collection)
    if isinstance(values, Unresolved) or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        why = values.reason if isinstance(values, Unresolved) else "the collection is not a list of strings"
        problems.append(LoopProblem(f"{name} cannot be expanded before deploy ({why}); the resources it creates "
                                    "are not checked", input_error=False))
        return {}
    result: dict[str, Any] = {}
    for value in values:
        instance = _substitute(fragment, identifier, value, budget)
        for key, item in instance.items():
            if isinstance(key, str) and key.startswith(PREFIX):
                result.update(_expand(stack, resolver, key, item, problems, budget))
            else:
                budget.spend(resources=1)
                result[key] = item
    return result


def _substitute(node: Any, identifier: str, value: str, budget: _Budget) -> Any:
    budget.spend(values=1)
    if isinstance(node, dict):
        if list(node) == ["Ref"] and node["Ref"] == identifier:
            return value
        return {_replace(k, identifier, value): _substitute(v, identifier, value, budget) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(item, identifier, value, budget) for item in node]
    if isinstance(node, str):
        return _replace(node, identifier, value)
    return node


def _replace(text: Any, identifier: str, value: str) -> Any:
    if not isinstance(text, str):
        return text
    alphanumeric = re.sub(r"[^A-Za-z0-9]", "", value)
    return text.replace("${" + identifier + "}", value).replace("&{" + identifier + "}", alphanumeric)
