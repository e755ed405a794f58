"""Render the live inventory as CloudFormation-shaped templates, one per account and region.

checkov runs on them exactly as on the pre-deploy gate's templates; `tierguard account
--export-templates DIR` writes them for the user as well. Each logical id maps back to the
live resource (and its ARN).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Inventory, Resource
from ...resource_types import EXPORTED_TYPES  # types checkov has live-relevant checks for, and their context
from ...safe_files import prepare_folder, write_file
from ...values import to_plain


@dataclass
class ExportedTemplate:
    name: str  # file name: <account>-<region>.template.json
    account: str
    region: str
    template: dict[str, Any]
    logical_ids: dict[str, str] = field(default_factory=dict)  # logical id -> Resource.key


def render(inventory: Inventory) -> list[ExportedTemplate]:
    by_scope: dict[tuple[str, str], ExportedTemplate] = {}
    for resource in sorted(inventory, key=lambda r: r.key):
        if resource.type not in EXPORTED_TYPES:
            continue
        account, region = resource.account or "account", resource.region or "global"
        exported = by_scope.get((account, region))
        if exported is None:
            exported = ExportedTemplate(
                name=f"{account}-{region}.template.json",
                account=account,
                region=region,
                template={
                    "AWSTemplateFormatVersion": "2010-09-09",
                    "Description": f"tierguard export of the live resources of account {account} in {region} (read-only scan)",
                    "Resources": {},
                },
            )
            by_scope[(account, region)] = exported
        logical_id = _logical_id(resource, exported.logical_ids)
        exported.logical_ids[logical_id] = resource.key
        body: dict[str, Any] = {"Type": resource.type, "Properties": _clean(to_plain(resource.properties))}
        metadata = {"tierguard:physical-id": resource.id}
        if resource.arn:
            metadata["tierguard:arn"] = resource.arn
        body["Metadata"] = metadata
        exported.template["Resources"][logical_id] = body
    return [by_scope[k] for k in sorted(by_scope)]


def write(templates: list[ExportedTemplate], folder: Path) -> list[Path]:
    prepare_folder(folder)
    paths = []
    for exported in templates:
        path = folder / exported.name
        write_file(path, json.dumps(exported.template, indent=1, default=str) + "\n")
        paths.append(path)
    return paths


def _logical_id(resource: Resource, taken: dict[str, str]) -> str:
    """Readable and unique: the type's short name and the physical name, alphanumeric only."""
    short = resource.type.split("::")[-1]
    tail = re.sub(r"[^A-Za-z0-9]", "", resource.id.rsplit("/", 1)[-1].rsplit(":", 1)[-1])[-48:]
    candidate = f"{short}{tail}" or short
    if candidate in taken:
        candidate += hashlib.sha256(resource.key.encode()).hexdigest()[:8]
    return candidate


def _clean(value: Any) -> Any:
    """Drop empty values: checkov treats an explicit null differently from an absent key."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
