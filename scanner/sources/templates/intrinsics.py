"""Resolve CloudFormation intrinsic functions as far as the scanned templates allow.

Known: Ref/GetAtt to resources (a Ref value), parameter defaults, pseudo parameters of a known
stack environment, Mappings, Conditions over knowns, Fn::ImportValue and Fn::GetStackOutput
across the stacks of one set, nested-stack parameters, Sub/Join/Select/Split/Cidr of knowns.
Everything else becomes an Unresolved value that says why; it is never dropped or guessed.
"""
from __future__ import annotations

import ipaddress
import itertools
import json
import re
from collections.abc import Callable
from typing import Any

from ...values import NO_VALUE, Ref, Symbolic, Unresolved
from .stackset import StackSet, StackTemplate

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_PARTITIONS = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-iso-", "aws-iso"), ("us-isob-", "aws-iso-b"))


def _partition(region: str | None) -> str:
    for prefix, partition in _PARTITIONS:
        if region and region.startswith(prefix):
            return partition
    return "aws"


MAX_CIDR_COUNT = 256  # Fn::Cidr's count, as CloudFormation limits it

class Resolver:
    """Resolves values of the stacks in one StackSet; memoizes outputs and conditions."""

    def __init__(self, stack_set: StackSet) -> None:
        self.stack_set = stack_set
        self._outputs: dict[tuple[str, str], Any] = {}
        self._conditions: dict[tuple[str, str], bool | None] = {}
        self._in_progress: set[tuple[str, str, str]] = set()
        self._exports: dict[str, tuple[StackTemplate, str]] | None = None
        self._functions: dict[str, Callable[[StackTemplate, Any], Any]] = {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Join": self._join,
            "Fn::Sub": self._sub,
            "Fn::Select": self._select,
            "Fn::Split": self._split,
            "Fn::If": self._if,
            "Fn::FindInMap": self._find_in_map,
            "Fn::ImportValue": self._import_value,
            "Fn::GetStackOutput": self._get_stack_output,
            "Fn::Base64": self._base64,
            "Fn::Cidr": self._cidr,
            "Fn::GetAZs": lambda st, arg: Unresolved({"Fn::GetAZs": arg}, "availability zones are chosen at deploy time"),
            "Fn::Length": self._length,
            "Fn::ToJsonString": self._to_json_string,
        }

    # --- entry points -----------------------------------------------------------------------

    def resolve(self, stack: StackTemplate, value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                ((name, argument),) = value.items()
                handler = self._functions.get(name)
                if handler is not None:
                    return handler(stack, argument)
                if name.startswith("Fn::"):
                    return Unresolved(value, f"{name} is not evaluated before deploy")
            resolved = {}
            for key, item in value.items():
                item = self.resolve(stack, item)
                if item is not NO_VALUE:
                    resolved[key] = item
            return resolved
        if isinstance(value, list):
            items = (self.resolve(stack, item) for item in value)
            return [item for item in items if item is not NO_VALUE]
        return value

    def condition(self, stack: StackTemplate, name: str) -> bool | None:
        """True/False when the condition can be evaluated from knowns, else None."""
        key = (stack.uid, name)
        if key in self._conditions:
            return self._conditions[key]
        guard = (stack.uid, "condition", name)
        if guard in self._in_progress:
            return None
        self._in_progress.add(guard)
        try:
            expression = stack.section("Conditions").get(name)
            result = None if expression is None else self._evaluate_condition(stack, expression)
        finally:
            self._in_progress.discard(guard)
        self._conditions[key] = result
        return result

    def output(self, stack: StackTemplate, output_name: str) -> Any:
        key = (stack.uid, output_name)
        if key in self._outputs:
            return self._outputs[key]
        guard = (stack.uid, "output", output_name)
        if guard in self._in_progress:
            return Unresolved(output_name, f"output {output_name} of {stack.name} refers to itself")
        output = stack.section("Outputs").get(output_name)
        if not isinstance(output, dict) or "Value" not in output:
            return Unresolved(output_name, f"stack {stack.name} has no output {output_name}")
        self._in_progress.add(guard)
        try:
            value = self.resolve(stack, output["Value"])
        finally:
            self._in_progress.discard(guard)
        self._outputs[key] = value
        return value

    # --- Ref and GetAtt ---------------------------------------------------------------------

    def _ref(self, stack: StackTemplate, name: Any) -> Any:
        if not isinstance(name, str):
            return Unresolved({"Ref": name}, "Ref needs a name")
        if name.startswith("AWS::"):
            return self._pseudo(stack, name)
        parameters = stack.section("Parameters")
        if name in parameters:
            return self._parameter(stack, name, parameters[name])
        if name in stack.resources:
            return Ref(stack.resource_key(name), name)
        return Unresolved({"Ref": name}, f"Ref to {name}, which is not in {stack.name}")

    def _pseudo(self, stack: StackTemplate, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::Region":
            return stack.region or Unresolved({"Ref": name}, "the stack's region is not known")
        if name == "AWS::AccountId":
            return stack.account or Symbolic("${AWS::AccountId}")  # this account, whichever it is: never "*"
        if name == "AWS::Partition":
            return _partition(stack.region)
        if name == "AWS::URLSuffix":
            return "amazonaws.com.cn" if _partition(stack.region) == "aws-cn" else "amazonaws.com"
        if name == "AWS::StackName":
            return stack.name
        return Unresolved({"Ref": name}, f"{name} is known only at deploy time")

    def _parameter(self, stack: StackTemplate, name: str, declaration: Any) -> Any:
        if stack.parent is not None and isinstance(stack.parent_parameters, dict) and name in stack.parent_parameters:
            return self.resolve(stack.parent, stack.parent_parameters[name])
        declaration = declaration if isinstance(declaration, dict) else {}
        kind = str(declaration.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            return Unresolved({"Ref": name}, f"parameter {name} is read from SSM at deploy time")
        if "Default" not in declaration:
            return Unresolved({"Ref": name}, f"parameter {name} has no default")
        default = declaration["Default"]
        if (kind.startswith("List<") or kind == "CommaDelimitedList") and isinstance(default, str):
            return [item.strip() for item in default.split(",")] if default else []
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            return str(default)
        return default

    def _get_att(self, stack: StackTemplate, argument: Any) -> Any:
        if isinstance(argument, str):
            argument = argument.split(".", 1)
        if not isinstance(argument, list) or len(argument) != 2:
            return Unresolved({"Fn::GetAtt": argument}, "Fn::GetAtt needs [resource, attribute]")
        logical_id, attribute = argument[0], self.resolve(stack, argument[1])
        if not isinstance(logical_id, str) or not isinstance(attribute, str):
            return Unresolved({"Fn::GetAtt": argument}, "Fn::GetAtt with a computed name")
        if logical_id not in stack.resources:
            return Unresolved({"Fn::GetAtt": argument}, f"Fn::GetAtt on {logical_id}, which is not in {stack.name}")
        child = stack.nested.get(logical_id)
        if child is not None and attribute.startswith("Outputs."):
            return self.output(child, attribute[len("Outputs."):])
        return Ref(stack.resource_key(logical_id), logical_id, attribute)

    # --- string functions -------------------------------------------------------------------

    def _join(self, stack: StackTemplate, argument: Any) -> Any:
        if not isinstance(argument, list) or len(argument) != 2:
            return Unresolved({"Fn::Join": argument}, "Fn::Join needs [delimiter, list]")
        delimiter = self.resolve(stack, argument[0])
        items = self.resolve(stack, argument[1])
        if not isinstance(delimiter, str):
            return Unresolved({"Fn::Join": argument}, "Fn::Join with an unknown delimiter")
        if isinstance(items, Unresolved):
            return items
        if not isinstance(items, list):
            return Unresolved({"Fn::Join": argument}, "Fn::Join over something that is not a list")
        return _concatenate([_interleave(items, delimiter)], {"Fn::Join": argument})

    def _sub(self, stack: StackTemplate, argument: Any) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            text = argument[0]
            variables = {k: self.resolve(stack, v) for k, v in argument[1].items()}
        else:
            text = argument
        if not isinstance(text, str):
            return Unresolved({"Fn::Sub": argument}, "Fn::Sub needs a string")
        pieces: list[Any] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            pieces.append(text[position : match.start()])
            position = match.end()
            name = match.group(1)
            if name.startswith("!"):
                pieces.append("${" + name[1:] + "}")
                continue
            if name in variables:
                pieces.append(variables[name])
            elif "." in name and name.split(".", 1)[0] in stack.resources:
                pieces.append(self._get_att(stack, name.split(".", 1)))
            else:
                pieces.append(self._ref(stack, name))
        pieces.append(text[position:])
        return _concatenate([pieces], {"Fn::Sub": argument})

    def _select(self, stack: StackTemplate, argument: Any) -> Any:
        if not isinstance(argument, list) or len(argument) != 2:
            return Unresolved({"Fn::Select": argument}, "Fn::Select needs [index, list]")
        index, items = self.resolve(stack, argument[0]), self.resolve(stack, argument[1])
        if isinstance(items, Unresolved):
            return Unresolved({"Fn::Select": argument}, items.reason)
        try:
            position = int(index)
        except (TypeError, ValueError):
            return Unresolved({"Fn::Select": argument}, "Fn::Select with an unknown index")
        if not isinstance(items, list) or not 0 <= position < len(items):
            return Unresolved({"Fn::Select": argument}, "Fn::Select index out of range")
        return items[position]

    def _split(self, stack: StackTemplate, argument: Any) -> Any:
        if not isinstance(argument, list) or len(argument) != 2:
            return Unresolved({"Fn::Split": argument}, "Fn::Split needs [delimiter, string]")
        delimiter, text = self.resolve(stack, argument[0]), self.resolve(stack, argument[1])
        if isinstance(delimiter, str) and isinstance(text, str) and not isinstance(text, Symbolic) and delimiter:
            return text.split(delimiter)
        if isinstance(text, Unresolved):
            return text
        return Unresolved({"Fn::Split": argument}, "Fn::Split of a value known only at deploy time")

    def _base64(self, stack: StackTemplate, argument: Any) -> Any:
        return self.resolve(stack, argument)  # the encoded text means the same as its source

    def _cidr(self, stack: StackTemplate, argument: Any) -> Any:
        if not isinstance(argument, list) or len(argument) != 3:
            return Unresolved({"Fn::Cidr": argument}, "Fn::Cidr needs [block, count, bits]")
        block, count, bits = (self.resolve(stack, a) for a in argument)
        try:
            network = ipaddress.ip_network(str(block), strict=False)
            wanted, subnet_bits = int(str(count)), int(str(bits))
        except (ValueError, TypeError):
            return Unresolved({"Fn::Cidr": argument}, "Fn::Cidr of an unknown block")
        # CloudFormation's own limits; they also keep a hostile count from generating forever
        if not 1 <= wanted <= MAX_CIDR_COUNT or not 0 < subnet_bits <= network.max_prefixlen:
            return Unresolved({"Fn::Cidr": argument}, f"Fn::Cidr count {wanted} or bits {subnet_bits} is outside "
                              f"what CloudFormation accepts (count 1 to {MAX_CIDR_COUNT})")
        new_prefix = network.max_prefixlen - subnet_bits
        subnets = network.subnets(new_prefix=new_prefix) if new_prefix >= network.prefixlen else iter(())
        made = [str(subnet) for subnet in itertools.islice(subnets, wanted)]
        if len(made) < wanted:
            return Unresolved({"Fn::Cidr": argument}, f"Fn::Cidr: {network} holds fewer than {wanted} blocks of "
                              f"{subnet_bits} bits")
        return made

    def _length(self, stack: StackTemplate, argument: Any) -> Any:
        items = self.resolve(stack, argument)
        if isinstance(items, list):
            return len(items)
        return Unresolved({"Fn::Length": argument}, "Fn::Length of an unknown list")

    def _to_json_string(self, stack: StackTemplate, argument: Any) -> Any:
        value = self.resolve(stack, argument)
        if _is_plain(value):
            return json.dumps(value, separators=(",", ":"))
        return Unresolved({"Fn::ToJsonString": argument}, "Fn::ToJsonString of values known only at deploy time")

    # --- conditions and mappings ------------------------------------------------------------

    def _if(self, stack: StackTemplate, argument: Any) -> Any:
        if not isinstance(argument, list) or len(argument) != 3 or not isinstance(argument[0], str):
            return Unresolved({"Fn::If": argument}, "Fn::If needs [condition, then, else]")
        verdict = self.condition(stack, argument[0])
        if verdict is True:
            return self.resolve(stack, argument[1])
        if verdict is False:
            return self.resolve(stack, argument[2])
        when_true, when_false = self.resolve(stack, argument[1]), self.resolve(stack, argument[2])
        if when_true == when_false:
            return when_true
        return Unresolved({"Fn::If": argument}, f"condition {argument[0]} is decided at deploy time")

    def _evaluate_condition(self, stack: StackTemplate, expression: Any) -> bool | None:
        if isinstance(expression, bool):
            return expression
        if not isinstance(expression, dict) or len(expression) != 1:
            return None
        ((name, argument),) = expression.items()
        if name == "Condition" and isinstance(argument, str):
            return self.condition(stack, argument)
        if name == "Fn::Equals" and isinstance(argument, list) and len(argument) == 2:
            left, right = (self.resolve(stack, a) for a in argument)
            if _is_plain(left) and _is_plain(right):
                return _comparable(left) == _comparable(right)
            return None
        if name in ("Fn::And", "Fn::Or") and isinstance(argument, list):
            verdicts = [self._evaluate_condition(stack, a) for a in argument]
            decisive = name == "Fn::Or"  # any True decides Or; any False decides And
            if decisive in verdicts:
                return decisive
            return None if None in verdicts else not decisive
        if name == "Fn::Not" and isinstance(argument, list) and len(argument) == 1:
            verdict = self._evaluate_condition(stack, argument[0])
            return None if verdict is None else not verdict
        return None

    def _find_in_map(self, stack: StackTemplate, argument: Any) -> Any:
        if not isinstance(argument, list) or len(argument) not in (3, 4):
            return Unresolved({"Fn::FindInMap": argument}, "Fn::FindInMap needs [map, key, key]")
        names = [self.resolve(stack, a) for a in argument[:3]]
        default = argument[3].get("DefaultValue") if len(argument) == 4 and isinstance(argument[3], dict) else None
        if not all(isinstance(n, str) for n in names):
            unknown = next((n for n in names if isinstance(n, Unresolved)), None)
            why = unknown.reason if unknown else "a key known only at deploy time"
            return Unresolved({"Fn::FindInMap": argument}, f"Fn::FindInMap with {why}")
        top = stack.section("Mappings").get(names[0])
        second = top.get(names[1]) if isinstance(top, dict) else None
        if isinstance(second, dict) and names[2] in second:
            return self.resolve(stack, second[names[2]])
        if default is not None:
            return self.resolve(stack, default)
        return Unresolved({"Fn::FindInMap": argument}, f"mapping {'/'.join(names)} not found")

    # --- across stacks ----------------------------------------------------------------------

    def _import_value(self, stack: StackTemplate, argument: Any) -> Any:
        name = self.resolve(stack, argument)
        if not isinstance(name, str) or isinstance(name, Symbolic):
            return Unresolved({"Fn::ImportValue": argument}, "Fn::ImportValue of a name known only at deploy time")
        exporter = self._export_index().get(name)
        if exporter is None:
            return Unresolved({"Fn::ImportValue": argument}, f"export {name} is not in the scanned templates")
        return self.output(*exporter)

    def _export_index(self) -> dict[str, tuple[StackTemplate, str]]:
        if self._exports is None:
            self._exports = {}
            for stack, output_name, raw_name in self.stack_set.exports().values():
                name = self.resolve(stack, raw_name)
                if isinstance(name, str) and not isinstance(name, Symbolic):
                    self._exports.setdefault(name, (stack, output_name))
        return self._exports

    def _get_stack_output(self, stack: StackTemplate, argument: Any) -> Any:
        spec = self.resolve(stack, argument)
        if not isinstance(spec, dict):
            return Unresolved({"Fn::GetStackOutput": argument}, "Fn::GetStackOutput needs StackName and OutputName")
        stack_name, output_name, region = spec.get("StackName"), spec.get("OutputName"), spec.get("Region")
        if not isinstance(stack_name, str) or not isinstance(output_name, str):
            return Unresolved({"Fn::GetStackOutput": argument}, "Fn::GetStackOutput with names known only at deploy time")
        producer = self.stack_set.by_name(stack_name, region if isinstance(region, str) else None)
        if producer is None:
            return Unresolved({"Fn::GetStackOutput": argument}, f"stack {stack_name} is not in the scanned templates")
        return self.output(producer, output_name)


def _interleave(items: list[Any], delimiter: str) -> list[Any]:
    pieces: list[Any] = []
    for index, item in enumerate(items):
        if index:
            pieces.append(delimiter)
        pieces.append(item)
    return pieces


def _concatenate(groups: list[list[Any]], expression: Any) -> Any:
    """Join resolved pieces into a str, a Symbolic (when references are inside) or Unresolved."""
    text: list[str] = []
    symbolic = False
    for pieces in groups:
        for piece in pieces:
            if isinstance(piece, Unresolved):
                return Unresolved(expression, piece.reason)
            if isinstance(piece, (Ref, Symbolic)):
                symbolic = True
                text.append(str(piece))
            elif isinstance(piece, bool):
                text.append("true" if piece else "false")
            elif isinstance(piece, (str, int, float)):
                text.append(str(piece))
            else:
                return Unresolved(expression, "a list or object where text was expected")
    joined = "".join(text)
    return Symbolic(joined) if symbolic else joined


def _is_plain(value: Any) -> bool:
    if isinstance(value, (Ref, Unresolved, Symbolic)):
        return False
    if isinstance(value, dict):
        return all(_is_plain(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    return True


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value
