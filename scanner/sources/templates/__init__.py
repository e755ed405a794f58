"""Template source: files, folders and cdk.out assemblies → one Inventory.

Every problem with one input becomes a ScanError naming the file; the other inputs are still read.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Inventory, Origin, Resource, ScanError, StackInfo, as_dict
from .assembly import AssemblyError, inside, is_assembly, read_assembly
from .files import ParsedTemplate, TemplateParseError, read_template
from .foreach import expand_resources
from .intrinsics import Resolver
from .stackset import StackSet, StackTemplate

TEMPLATE_SUFFIXES = {".json", ".yaml", ".yml", ".template", ".cfn"}
_SKIPPED_DIRS = {"node_modules", "__pycache__", "dist", "build", "venv"}


@dataclass
class TemplateLoad:
    """What reading the targets produced."""

    inventory: Inventory
    errors: list[ScanError] = field(default_factory=list)
    templates: list[StackTemplate] = field(default_factory=list)  # parsed, for checkov and cfn-lint
    unparsable: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) found in folders, not templates
    # Templates loaded only as context (--context): set-level rules see them, per-resource findings
    # on them are not reported, and checkov and cfn-lint do not scan them. Display paths.
    context_files: set[str] = field(default_factory=set)

    @property
    def judged(self) -> list[StackTemplate]:
        """The templates the scan reports on: every template but the context-only ones."""
        return [t for t in self.templates if display_path(t.path) not in self.context_files]


def display_path(path: Path) -> str:
    """Path as the user should read it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def load_templates(targets: Iterable[str], context: Iterable[str] = ()) -> TemplateLoad:
    """Read the targets; then the context paths, whose templates only inform set-level rules (a
    template that is both stays a target)."""
    loader = _Loader()
    for target in targets:
        loader.add_target(target)
    loader.context = True
    for path in context:
        loader.add_target(path)
    return loader.finish()


class _Loader:
    def __init__(self) -> None:
        self.errors: list[ScanError] = []
        self.unparsable: list[Path] = []
        self.skipped: list[tuple[str, str]] = []
        self.loose = StackSet()
        self.sets: list[StackSet] = [self.loose]
        self._seen_files: set[Path] = set()
        self._stack_names: set[str] = set()
        self._uid = 0
        self.context = False  # loading --context paths now
        self.context_files: set[str] = set()

    # --- targets ----------------------------------------------------------------------------

    def add_target(self, target: str) -> None:
        path = Path(target)
        if not target:
            self._error("''", "an empty path is not a template or folder (did a variable expand to nothing?)")
        elif not path.exists():
            self._error(target, "no such file or folder")
        elif path.is_dir():
            if is_assembly(path):
                self._add_assembly(path)
            elif not self._add_folder(path):
                self._error(target, "no CloudFormation templates or cdk.out assemblies found in this folder")
        else:
            self._add_file(path, explicit=True)

    def _add_folder(self, folder: Path) -> bool:
        """Templates and assemblies in a folder tree. An unreadable subfolder or file is an input
        error naming it (never a silent gap); symbolic links to folders are listed, not followed."""
        found = False
        unreadable = False

        def cannot_list(error: OSError) -> None:
            nonlocal unreadable
            unreadable = True
            where = display_path(Path(error.filename)) if error.filename else display_path(folder)
            self._error(where, f"folder cannot be read ({error.strerror or error}); its templates are not checked")

        for current, dirnames, filenames in os.walk(folder, onerror=cannot_list):
            current_path = Path(current)
            keep = []
            for name in sorted(dirnames):
                sub = current_path / name
                if name.startswith((".", "asset.")) or name in _SKIPPED_DIRS:
                    continue
                if sub.is_symlink():
                    self._skip(display_path(sub), "is a symbolic link to a folder; not followed")
                    continue
                if is_assembly(sub):
                    found = self._add_assembly(sub) or found
                    continue
                keep.append(name)
            dirnames[:] = keep
            for name in sorted(filenames):
                file = current_path / name
                if file.suffix.lower() in TEMPLATE_SUFFIXES and not name.startswith("."):
                    if file.is_symlink() and not inside(file, folder):
                        self._skip(display_path(file), "is a symbolic link to a file outside the folder; not read")
                        continue
                    found = self._add_file(file, explicit=False) or found
        return found or unreadable

    def _add_file(self, path: Path, explicit: bool) -> bool:
        parsed = self._parse(path, explicit)
        if parsed is None:
            return False
        stack = StackTemplate(
            uid=self._next_uid(),
            name=self._unique_stack_name(path),
            path=path,
            data=parsed.data,
            resource_lines=parsed.resource_lines,
            context=self.context,
        )
        self.loose.add(stack)
        return True

    def _add_assembly(self, directory: Path) -> bool:
        try:
            stacks, problems = read_assembly(directory)
        except AssemblyError as exc:
            self._error(display_path(directory / "manifest.json"), str(exc))
            return True  # it is an assembly, just a broken one: do not also say "no templates"
        for problem in problems:
            self._error(display_path(directory / "manifest.json"), problem)
        stack_set = StackSet()
        self.sets.append(stack_set)
        for entry in stacks:
            if not entry.template.is_file():
                self._error(
                    display_path(directory / "manifest.json"),
                    f"stack {entry.name} names template {entry.template.name}, which does not exist",
                )
                continue
            parsed = self._parse(entry.template, explicit=True)
            if parsed is None:
                continue
            stack_set.add(
                StackTemplate(
                    uid=self._next_uid(),
                    name=entry.name,
                    path=entry.template,
                    data=parsed.data,
                    resource_lines=parsed.resource_lines,
                    region=entry.region,
                    account=entry.account,
                    context=self.context,
                )
            )
        return True

    def _parse(self, path: Path, explicit: bool) -> ParsedTemplate | None:
        resolved = path.resolve()
        if resolved in self._seen_files:
            return None
        self._seen_files.add(resolved)
        try:
            parsed = read_template(path)
        except TemplateParseError as exc:
            if explicit or exc.unreadable or _mentions_template(path):
                self._error(display_path(path), str(exc), template=True)
                if not self.context:
                    self.unparsable.append(path)
            else:
                self._skip(display_path(path), str(exc))
            return None
        problem = _not_a_template(parsed.data)
        if problem:
            if explicit:
                self._error(display_path(path), problem)
            else:
                self._skip(display_path(path), problem)
            return None
        if self.context:
            self.context_files.add(display_path(path))
        return parsed

    # --- building the inventory -------------------------------------------------------------

    def finish(self) -> TemplateLoad:
        self.context = False  # from here on, each stack says whether it is context
        inventory = Inventory()
        templates: list[StackTemplate] = []
        for stack_set in self.sets:
            resolver = Resolver(stack_set)
            index = 0
            while index < len(stack_set.stacks):  # nested stacks are appended while we go
                stack = stack_set.stacks[index]
                index += 1
                templates.append(stack)
                inventory.stacks.append(
                    StackInfo(stack.name, stack.region, stack.account, display_path(stack.path))
                )
                for resource in self._resources(stack, stack_set, resolver):
                    inventory.add(resource)
        return TemplateLoad(inventory, self.errors, templates, self.unparsable, self.skipped, self.context_files)

    def _resources(self, stack: StackTemplate, stack_set: StackSet, resolver: Resolver) -> list[Resource]:
        built = []
        file = display_path(stack.path)
        self.context = stack.context
        for problem in expand_resources(stack, resolver):
            if problem.input_error:
                self._error(file, problem.message, template=True)
            else:
                self.errors.append(ScanError(where=file, message=problem.message, kind="incomplete"))
        for logical_id, body in stack.resources.items():
            line = stack.resource_lines.get(logical_id)
            where = f"{file}:{line}" if line else file
            if not isinstance(body, dict):
                self._error(where, f"resource {logical_id} is not a mapping", template=True)
                continue
            resource_type = body.get("Type")
            if resource_type is None:
                self._error(where, f"resource {logical_id} has no Type", template=True)
                continue
            if not isinstance(resource_type, str) or not resource_type:
                self._error(where, f"resource {logical_id} has a Type that is not a string", template=True)
                continue
            raw_properties = body.get("Properties")
            if raw_properties is None:
                raw_properties = {}
            if not isinstance(raw_properties, dict):
                self._error(where, f"resource {logical_id} has Properties that are not a mapping", template=True)
                continue
            properties = resolver.resolve(stack, raw_properties)
            if not isinstance(properties, dict):  # e.g. Properties: !If [...] decided at deploy time
                properties = {}
            metadata = as_dict(body.get("Metadata"))
            built.append(
                Resource(
                    type=resource_type,
                    id=logical_id,
                    properties=properties,
                    origin=Origin.TEMPLATE,
                    key=stack.resource_key(logical_id),
                    stack=stack.name,
                    region=stack.region,
                    account=stack.account,
                    tags=_tags(properties.get("Tags")),
                    file=file,
                    line=line,
                    metadata=metadata,
                    condition=body["Condition"] if isinstance(body.get("Condition"), str) else None,
                )
            )
            if resource_type == "AWS::CloudFormation::Stack":
                self._add_nested(stack, stack_set, logical_id, body, metadata)
        return built

    def _add_nested(
        self, parent: StackTemplate, stack_set: StackSet, logical_id: str, body: dict[str, Any], metadata: dict[str, Any]
    ) -> None:
        """Follow a nested stack whose template is on disk (CDK asset path or a relative TemplateURL)."""
        properties = as_dict(body.get("Properties"))
        candidate = metadata.get("aws:asset:path")
        if not isinstance(candidate, str):
            url = properties.get("TemplateURL")
            candidate = url if isinstance(url, str) and "://" not in url else None
        if not candidate:
            return
        path = parent.path.parent / candidate
        if not inside(path, parent.path.parent):
            self._error(display_path(parent.path), f"nested stack {logical_id} names template {candidate!r}, outside "
                        "the folder of its parent template; not read")
            return
        if not path.is_file():  # not a silent gap: the nested stack's resources are not checked, and that is said
            self.errors.append(ScanError(where=display_path(parent.path), kind="incomplete", message=(
                f"nested stack {logical_id} names template {candidate!r}, which does not exist; its resources are "
                "not checked")))
            return
        parsed = self._parse(path, explicit=True)
        if parsed is None:
            return
        child = StackTemplate(
            uid=self._next_uid(),
            name=f"{parent.name}/{logical_id}",
            path=path,
            data=parsed.data,
            resource_lines=parsed.resource_lines,
            region=parent.region,
            account=parent.account,
            parent=parent,
            parent_parameters=properties.get("Parameters"),
            context=parent.context,
        )
        parent.nested[logical_id] = child
        stack_set.add(child)

    # --- helpers ----------------------------------------------------------------------------

    def _error(self, where: str, message: str, template: bool = False) -> None:
        if self.context:  # not what is judged, but what set-level rules judge it with: incomplete, not input
            self.errors.append(ScanError(where=where, message=f"{message} (a --context template: budget, over-budget "
                                         "and region checks may be incomplete)", kind="incomplete"))
            return
        self.errors.append(ScanError(where=where, message=message, kind="input", template=template))

    def _skip(self, where: str, why: str) -> None:
        if not self.context:  # a repository-wide context walk meets many files that are not templates
            self.skipped.append((where, why))

    def _next_uid(self) -> str:
        self._uid += 1
        return f"s{self._uid}"

    def _unique_stack_name(self, path: Path) -> str:
        name = path.name
        for suffix in (".template.json", ".template.yaml", ".template.yml"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        else:
            name = path.stem
        if name in self._stack_names:
            name = display_path(path)
        self._stack_names.add(name)
        return name


def _not_a_template(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "is not a CloudFormation template (the document is not a mapping)"
    if "Resources" not in data:
        return "is not a CloudFormation template (no Resources section)"
    if not isinstance(data["Resources"], dict):
        return "is not a valid CloudFormation template (Resources is not a mapping)"
    return None


def _mentions_template(path: Path) -> bool:
    """A file in a folder that fails to parse is reported only if it looks like a template."""
    if path.suffix.lower() in {".template", ".cfn"}:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(marker in head for marker in ("AWSTemplateFormatVersion", '"Resources"', "Resources:"))


def _tags(value: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("Key"), str) and isinstance(item.get("Value"), str):
                tags[item["Key"]] = str(item["Value"])
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                tags[str(key)] = item
    return tags
