"""Read one CloudFormation template file (JSON or YAML) and the line of every resource.

JSON is parsed by the C json module and a second, shallow pass finds the resource lines, which
keeps the gate fast on large CDK output. YAML uses libyaml when present, with the short-form
intrinsic tags (!Ref, !GetAtt, !Sub, …) turned into their long form.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C scanner, not in typeshed
from pathlib import Path
from typing import Any

import yaml


class TemplateParseError(Exception):
    """The file cannot be read as a template; the message is one sentence for the user.

    `unreadable` marks a file that could not be read at all (permissions, not a regular file):
    unlike a file that is simply not a template, that is always an input error, even in a folder.
    """

    def __init__(self, message: str, unreadable: bool = False) -> None:
        super().__init__(message)
        self.unreadable = unreadable


@dataclass
class ParsedTemplate:
    path: Path
    data: dict[str, Any]
    resource_lines: dict[str, int] = field(default_factory=dict)


def read_template(path: Path) -> ParsedTemplate:
    """Parse `path`; raises TemplateParseError with a one-line reason."""
    raw = read_regular_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateParseError("is not UTF-8 text") from None
    if not text.strip():
        raise TemplateParseError("is empty")
    if _looks_like_json(path, text):
        data, lines = _parse_json(text)
    else:
        data, lines = _parse_yaml(text)
    _check_shape(data)
    return ParsedTemplate(path=path, data=data, resource_lines=lines)


# Real templates nest a few dozen levels (a policy inside a Fn::If inside a property); every later walk
# over the template recurses, so a deeper one is refused here, where it can be named.
MAX_NESTING = 128


def _check_shape(data: Any) -> None:
    """Refuse what no template holds and what would break later on: nesting deeper than MAX_NESTING, and
    text that is not valid Unicode (a lone surrogate from a \\ud800 escape cannot be written or hashed)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, (dict, list)):
            if depth >= MAX_NESTING:
                raise TemplateParseError(f"is nested more than {MAX_NESTING} levels deep; no template is")
            if isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str):
                        _check_text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "backslashreplace").decode("ascii")[:60]
        raise TemplateParseError(f"holds text that is not valid Unicode (a lone surrogate in {shown!r})") from None


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file. A FIFO, device or socket is refused before anything is read
    (opening a FIFO for reading would block forever); the check is made on the opened file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise TemplateParseError("is a directory, not a template file", unreadable=True) from None
    except PermissionError:
        raise TemplateParseError("cannot be read (permission denied)", unreadable=True) from None
    except OSError as exc:
        raise TemplateParseError(f"cannot be read ({exc.strerror or exc})", unreadable=True) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise TemplateParseError("is a directory, not a template file", unreadable=True)
        if not stat.S_ISREG(mode):
            raise TemplateParseError("is not a regular file (a pipe, device or socket); not read", unreadable=True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise TemplateParseError(f"cannot be read ({exc.strerror or exc})", unreadable=True) from None
    finally:
        os.close(fd)


def _looks_like_json(path: Path, text: str) -> bool:
    if path.suffix.lower() == ".json":
        return True
    return text.lstrip().startswith("{")


# --- JSON -----------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")


def _skip_blanks(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos
_DECODER = json.JSONDecoder()


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # A repeated key would quietly keep its last value: an open SSH group could hide behind a harmless one.
    # CloudFormation rejects such a template; so does tierguard, by name.
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _DuplicateKey(twice)
    return mapping


def _parse_json(text: str) -> tuple[Any, dict[str, int]]:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise TemplateParseError(f"defines the key {str(exc)!r} twice in one object; CloudFormation rejects "
                                 "that, and only one of the two would be checked") from None
    except json.JSONDecodeError as exc:
        raise TemplateParseError(f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise TemplateParseError("is nested too deeply to be a template") from None
    if not isinstance(data, dict):
        return data, {}
    return data, _json_resource_lines(text)


def _json_resource_lines(text: str) -> dict[str, int]:
    """Line of each key directly under the top-level "Resources" object.

    Walks only the top two levels; every value is skipped with the C decoder.
    """
    lines: dict[str, int] = {}
    pos = _skip_blanks(text, 0)
    if text[pos : pos + 1] != "{":
        return lines
    counted_to, line = 0, 1

    def line_at(offset: int) -> int:
        nonlocal counted_to, line
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        return line

    for key, value_pos in _object_members(text, pos):
        if key == "Resources" and text[value_pos : value_pos + 1] == "{":
            for logical_id, member_pos in _object_members(text, value_pos, key_lines=True):
                lines[logical_id] = line_at(member_pos)
            break
    return lines


def _object_members(text: str, pos: int, key_lines: bool = False):
    """Yield (key, position) for each member of the object at `pos`.

    The position is the key's when key_lines is set, else the value's; values are skipped.
    """
    pos = _skip_blanks(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        if text[pos] != '"':
            return
        key_pos = pos
        key, pos = scanstring(text, pos + 1)
        pos = _skip_blanks(text, pos)
        if text[pos : pos + 1] != ":":
            return
        pos = _skip_blanks(text, pos + 1)
        yield key, (key_pos if key_lines else pos)
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_blanks(text, pos)
        if text[pos : pos + 1] == ",":
            pos = _skip_blanks(text, pos + 1)


# --- YAML -----------------------------------------------------------------------------------

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Short-form tags and the long form they stand for.
_TAGS = {
    "Ref": "Ref",
    "Condition": "Condition",
    "GetAtt": "Fn::GetAtt",
    "Base64": "Fn::Base64",
    "Cidr": "Fn::Cidr",
    "FindInMap": "Fn::FindInMap",
    "GetAZs": "Fn::GetAZs",
    "ImportValue": "Fn::ImportValue",
    "Join": "Fn::Join",
    "Select": "Fn::Select",
    "Split": "Fn::Split",
    "Sub": "Fn::Sub",
    "Transform": "Fn::Transform",
    "And": "Fn::And",
    "Equals": "Fn::Equals",
    "If": "Fn::If",
    "Not": "Fn::Not",
    "Or": "Fn::Or",
    "Length": "Fn::Length",
    "ToJsonString": "Fn::ToJsonString",
    "ForEach": "Fn::ForEach",
    "GetStackOutput": "Fn::GetStackOutput",
}


class _TemplateLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader: CloudFormation tags, dates kept as text, lines of mapping keys kept."""


class LineDict(dict):
    """A mapping that remembers the line of each of its keys (YAML only)."""

    __slots__ = ("key_lines",)
    key_lines: dict[str, int]


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    # Keys written twice in one mapping (merged << keys may be overridden, as YAML allows) are an error.
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                raise TemplateParseError(f"defines the key {key_node.value!r} twice in one mapping (lines "
                                         f"{seen[key_node.value]} and {line}); CloudFormation rejects that, and only "
                                         "one of the two would be checked")
            seen[key_node.value] = line
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "found a mapping key that is not a scalar", key_node.start_mark
            )
        key = str(key) if not isinstance(key, str) else key
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_tag(long_name: str):
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if long_name == "Fn::GetAtt" and isinstance(value, str):
                value = value.split(".", 1) if "." in value else [value]
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = _construct_mapping(loader, node)
        return {long_name: value}

    return construct


def _construct_unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    return _construct_tag(f"Fn::{suffix}")(loader, node)


def _construct_timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)


_TemplateLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_TemplateLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
for _short, _long in _TAGS.items():
    _TemplateLoader.add_constructor(f"!{_short}", _construct_tag(_long))
_TemplateLoader.add_multi_constructor("!", _construct_unknown_tag)


# Aliases let a few hundred bytes of YAML stand for billions of values (an "alias bomb"): every later walk
# over the template would pay for each. A real template, at CloudFormation's 1 MB limit, has far fewer.
MAX_YAML_VALUES = 2_000_000


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """How many values the document holds once every alias is expanded, counted without expanding
    (each node's size is counted once and reused); stops as soon as `limit` is passed."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the path being walked: meeting one again means an alias to itself
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if not children_done and id(node) in open_nodes:
            raise TemplateParseError("holds a YAML alias that refers to itself; not read")
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = total = 1 + sum(sizes.get(id(child), 0) for child in children)
            if total > limit:
                return total
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes.get(id(root), 0)


def _load_yaml(text: str) -> Any:
    loader = _TemplateLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, MAX_YAML_VALUES)
        if size > MAX_YAML_VALUES:
            raise TemplateParseError(f"expands to more than {MAX_YAML_VALUES:,} values through YAML aliases "
                                     "(an alias bomb?); not read")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _parse_yaml(text: str) -> tuple[Any, dict[str, int]]:
    try:
        data = _load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "unreadable"
        raise TemplateParseError(f"is not valid YAML: {problem}{where}") from None
    except yaml.YAMLError as exc:
        raise TemplateParseError(f"is not valid YAML: {exc}") from None
    except RecursionError:
        raise TemplateParseError("is nested too deeply to be a template") from None
    lines: dict[str, int] = {}
    if isinstance(data, dict):
        resources = data.get("Resources")
        if isinstance(resources, LineDict):
            lines = dict(resources.key_lines)
    return data, lines
