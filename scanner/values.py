"""Values that intrinsic resolution produces besides plain JSON data.

- Ref: a reference to a resource in the inventory (Ref / Fn::GetAtt), known identity.
- Symbolic: a string built from knowns and references ("arn:aws:s3:::${Bucket}/*"): its shape is
  known (it is not "*", not 0.0.0.0/0), only the physical names are not.
- Unresolved: a value that cannot be known before deploy (a parameter without default, an
  import from a stack outside the scanned set). Rules must treat it as unknown, never as safe.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ref:
    target: str  # Resource.key of the referenced resource
    logical_id: str
    attribute: str | None = None

    def __str__(self) -> str:
        return f"${{{self.logical_id}.{self.attribute}}}" if self.attribute else f"${{{self.logical_id}}}"


class Symbolic(str):
    """A string whose text contains ${...} placeholders for resource references."""

    __slots__ = ()


@dataclass(frozen=True)
class Unresolved:
    expression: Any
    reason: str

    def __str__(self) -> str:
        return f"<unresolved: {self.reason}>"


class _NoValue:
    """AWS::NoValue: the property is removed. Compared by identity with NO_VALUE."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()


def is_unresolved(value: Any) -> bool:
    return isinstance(value, Unresolved)


def describe(value: Any) -> str:
    """Human text for a value in a finding message."""
    if isinstance(value, (Ref, Unresolved)):
        return str(value)
    if isinstance(value, str):
        return value
    return repr(value)


def to_plain(value: Any) -> Any:
    """JSON-safe copy of a resolved structure (for reports and exported templates)."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (Ref, Unresolved)):
        return str(value)
    if isinstance(value, Symbolic):
        return str(value)
    if value is NO_VALUE:
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
