"""Expand Fn::ForEach (AWS::LanguageExtensions) in Resources, so generated resources are checked.

A loop whose collection is known only at deploy time cannot be expanded: it is reported, and
the resources it would create stay unchecked rather than silently passing.
"""
from __future__ import annotations

import re
from typing import Any

from ...values import Unresolved
from .intrinsics import Resolver
from .stackset import StackTemplate

PREFIX = "Fn::ForEach::"


def expand_resources(stack: StackTemplate, resolver: Resolver) -> list[str]:
    """Replace loops in stack's Resources by what they generate; returns one problem per loop left."""
    raw = stack.section("Resources")
    if not any(isinstance(k, str) and k.startswith(PREFIX) for k in raw):
        return []
    expanded: dict[str, Any] = {}
    lines: dict[str, int] = dict(stack.resource_lines)
    problems: list[str] = []
    for key, body in raw.items():
        if isinstance(key, str) and key.startswith(PREFIX):
            generated = _expand(stack, resolver, key, body, problems)
            for logical_id, resource in generated.items():
                expanded[logical_id] = resource
                if key in lines:
                    lines[logical_id] = lines[key]
        else:
            expanded[key] = body
    stack.expanded_resources = expanded
    stack.resource_lines = lines
    return problems


def _expand(stack: StackTemplate, resolver: Resolver, name: str, body: Any, problems: list[str]) -> dict[str, Any]:
    if not isinstance(body, list) or len(body) != 3 or not isinstance(body[0], str) or not isinstance(body[2], dict):
        problems.append(f"{name} is not [identifier, collection, template]; its resources are not checked")
        return {}
    identifier, collection, fragment = body
    values = resolver.resolve(stack, collection)
    if isinstance(values, Unresolved) or not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        why = values.reason if isinstance(values, Unresolved) else "the collection is not a list of strings"
        problems.append(f"{name} cannot be expanded before deploy ({why}); the resources it creates are not checked")
        return {}
    result: dict[str, Any] = {}
    for value in values:
        instance = _substitute(fragment, identifier, value)
        for key, item in instance.items():
            if isinstance(key, str) and key.startswith(PREFIX):
                result.update(_expand(stack, resolver, key, item, problems))
            else:
                result[key] = item
    return result


def _substitute(node: Any, identifier: str, value: str) -> Any:
    if isinstance(node, dict):
        if list(node) == ["Ref"] and node["Ref"] == identifier:
            return value
        return {_replace(k, identifier, value): _substitute(v, identifier, value) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(item, identifier, value) for item in node]
    if isinstance(node, str):
        return _replace(node, identifier, value)
    return node


def _replace(text: Any, identifier: str, value: str) -> Any:
    if not isinstance(text, str):
        return text
    alphanumeric = re.sub(r"[^A-Za-z0-9]", "", value)
    return text.replace("${" + identifier + "}", value).replace("&{" + identifier + "}", alphanumeric)
