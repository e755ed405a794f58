"""Read a CDK cloud assembly (cdk.out) through its manifest.json.

Only the templates the manifest names are read: assets, tree.json, validation reports and
Dockerfiles that also live in cdk.out are ignored. Nested assemblies (CDK Stages) are followed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...model import as_dict


class AssemblyError(Exception):
    """The manifest cannot be used; the message is one sentence for the user."""


@dataclass(frozen=True)
class AssemblyStack:
    name: str
    template: Path
    region: str | None
    account: str | None


def is_assembly(directory: Path) -> bool:
    try:
        return (directory / "manifest.json").is_file() and (
            (directory / "cdk.out").is_file() or directory.name.endswith(".out") or _has_artifacts(directory)
        )
    except OSError:  # an unreadable folder: the folder walk names it
        return False


def _has_artifacts(directory: Path) -> bool:
    try:
        head = (directory / "manifest.json").read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    return '"artifacts"' in head


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, lies inside `root`: the manifest arrives in the pull
    request too, and must not make tierguard read /etc/passwd or a file beside the checkout."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def read_assembly(directory: Path, _seen: frozenset[Path] = frozenset(),
                  root: Path | None = None) -> tuple[list[AssemblyStack], list[str]]:
    """Stacks of the assembly (and nested ones), plus one problem sentence per unusable artifact.
    Every file the manifest names must lie inside the (outermost) assembly folder."""
    root = root or directory
    manifest_path = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AssemblyError(f"cannot read manifest.json ({exc.strerror or exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AssemblyError(f"manifest.json is not valid JSON ({getattr(exc, 'msg', exc)})") from None
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    if not isinstance(artifacts, dict):
        raise AssemblyError("manifest.json has no artifacts: this is not a CDK cloud assembly")

    stacks: list[AssemblyStack] = []
    problems: list[str] = []
    seen = _seen | {directory.resolve()}
    for artifact_id, artifact in artifacts.items():
        if not isinstance(artifact, dict):
            problems.append(f"artifact {artifact_id} in manifest.json is not an object")
            continue
        kind = artifact.get("type")
        properties = as_dict(artifact.get("properties"))
        if kind == "aws:cloudformation:stack":
            template_file = properties.get("templateFile")
            if not isinstance(template_file, str):
                problems.append(f"stack {artifact_id} in manifest.json names no templateFile")
                continue
            if not inside(directory / template_file, root):
                problems.append(f"stack {artifact_id} names template {template_file!r}, outside the cloud assembly; "
                                "not read")
                continue
            account, region = _environment(artifact.get("environment"))
            name = properties.get("stackName") or artifact.get("displayName") or artifact_id
            stacks.append(AssemblyStack(str(name), directory / template_file, region, account))
        elif kind == "cdk:cloud-assembly":
            nested_dir = properties.get("directoryName")
            if not isinstance(nested_dir, str):
                problems.append(f"nested assembly {artifact_id} in manifest.json names no directory")
                continue
            if not inside(directory / nested_dir, root):
                problems.append(f"nested assembly {artifact_id} names folder {nested_dir!r}, outside the cloud "
                                "assembly; not read")
                continue
            nested = (directory / nested_dir).resolve()
            if nested in seen:
                continue
            try:
                nested_stacks, nested_problems = read_assembly(nested, seen, root)
            except AssemblyError as exc:
                problems.append(f"nested assembly {nested_dir}: {exc}")
                continue
            stacks.extend(nested_stacks)
            problems.extend(nested_problems)
    return stacks, problems


def _environment(value: Any) -> tuple[str | None, str | None]:
    """'aws://123456789012/us-east-1' -> (account, region); CDK's unknown-* placeholders -> None."""
    if not isinstance(value, str) or not value.startswith("aws://"):
        return None, None
    account, _, region = value[len("aws://") :].partition("/")
    return (
        None if not account or account.startswith("unknown-") else account,
        None if not region or region.startswith("unknown-") else region,
    )
