"""Inline suppressions written in a template: resource Metadata `tierguard: {suppress: [...]}`.

CDK users write them with `(resource.node.defaultChild as CfnResource).addMetadata('tierguard',
{suppress: [{rule: 'TG-NAT-001', reason: '…', expires: '2026-12-31'}]})`. A reason is required.
"""
from __future__ import annotations

from typing import Any

from .config import ConfigError, Suppression, parse_date
from .model import Inventory, Origin, ScanError


def inline_suppressions(inventory: Inventory) -> tuple[list[Suppression], list[ScanError]]:
    found: list[Suppression] = []
    errors: list[ScanError] = []
    for resource in inventory:
        if resource.origin is not Origin.TEMPLATE:
            continue
        block = resource.metadata.get("tierguard")
        if block is None:
            continue
        where = f"{resource.file}:{resource.line}" if resource.line else str(resource.file)
        entries: Any = block.get("suppress") if isinstance(block, dict) else None
        if not isinstance(entries, list):
            errors.append(ScanError(where, f"resource {resource.id}: Metadata tierguard needs suppress: [{{rule, reason}}]"))
            continue
        for entry in entries:
            rule = entry.get("rule") if isinstance(entry, dict) else None
            reason = entry.get("reason") if isinstance(entry, dict) else None
            if not isinstance(rule, str) or not rule.strip():
                errors.append(ScanError(where, f"resource {resource.id}: an inline suppression needs a rule"))
                continue
            if not isinstance(reason, str) or not reason.strip():
                errors.append(ScanError(where, f"resource {resource.id}: the inline suppression of {rule} needs a reason"))
                continue
            try:
                expires = parse_date(entry.get("expires"), f"resource {resource.id}: expires of {rule}")
            except ConfigError as exc:
                errors.append(ScanError(where, str(exc)))
                continue
            found.append(
                Suppression(
                    rule=rule.strip(),
                    reason=reason.strip(),
                    resource=f"{resource.stack}/{resource.id}",
                    expires=expires,
                    origin=where,
                    resource_key=resource.key,
                )
            )
    return found, errors
