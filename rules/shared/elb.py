"""Load balancers, listeners and their actions, as the idle, plain-http and TLS rules read them."""
from __future__ import annotations

from typing import Any

from ...scanner.model import Inventory, Resource, as_list

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
LISTENER_RULE = "AWS::ElasticLoadBalancingV2::ListenerRule"
TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"
CLASSIC_LOAD_BALANCER = "AWS::ElasticLoadBalancing::LoadBalancer"


def listeners_of(inventory: Inventory, load_balancer: Resource) -> list[Resource]:
    return inventory.derived("elb.listeners", _listeners_by_load_balancer).get(load_balancer.key, [])


def rules_of(inventory: Inventory, listener: Resource) -> list[Resource]:
    return inventory.derived("elb.rules", _rules_by_listener).get(listener.key, [])


def _listeners_by_load_balancer(inventory: Inventory) -> dict[str, list[Resource]]:
    grouped: dict[str, list[Resource]] = {}
    for listener in inventory.of_type(LISTENER):
        owner = inventory.resolve(listener.prop("LoadBalancerArn"), LOAD_BALANCER)
        if owner is not None:
            grouped.setdefault(owner.key, []).append(listener)
    return grouped


def _rules_by_listener(inventory: Inventory) -> dict[str, list[Resource]]:
    grouped: dict[str, list[Resource]] = {}
    for rule in inventory.of_type(LISTENER_RULE):
        owner = inventory.resolve(rule.prop("ListenerArn"), LISTENER)
        if owner is not None:
            grouped.setdefault(owner.key, []).append(rule)
    return grouped


def actions_of(inventory: Inventory, listener: Resource) -> list[dict[str, Any]]:
    """The listener's default actions and the actions of its listener rules."""
    actions = [a for a in as_list(listener.prop("DefaultActions")) if isinstance(a, dict)]
    for rule in rules_of(inventory, listener):
        actions.extend(a for a in as_list(rule.prop("Actions")) if isinstance(a, dict))
    return actions


def forwarded_target_groups(action: dict[str, Any]) -> list[Any]:
    """Target-group references of a forward action (plain or weighted ForwardConfig)."""
    if str(action.get("Type", "")).lower() != "forward":
        return []
    groups = [action["TargetGroupArn"]] if action.get("TargetGroupArn") is not None else []
    config = action.get("ForwardConfig")
    if isinstance(config, dict):
        groups.extend(
            tg.get("TargetGroupArn") for tg in as_list(config.get("TargetGroups")) if isinstance(tg, dict) and tg.get("TargetGroupArn")
        )
    return groups


def protocol_of(listener: Resource) -> str:
    protocol = listener.prop("Protocol")
    return protocol.upper() if isinstance(protocol, str) else ""


def is_internet_facing(load_balancer: Resource) -> bool:
    scheme = load_balancer.prop("Scheme", default="internet-facing")  # CloudFormation's default
    return isinstance(scheme, str) and scheme.lower() == "internet-facing"
