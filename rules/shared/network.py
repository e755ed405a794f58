"""Subnets and their routes to an internet gateway, from templates or live route tables."""
from __future__ import annotations

import re
from typing import Any

from ...scanner.model import Inventory, Resource

SUBNET = "AWS::EC2::Subnet"
ROUTE = "AWS::EC2::Route"
ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation"
INTERNET_GATEWAY = "AWS::EC2::InternetGateway"

_PRIVATE_NAME = re.compile(r"private|isolated", re.IGNORECASE)
_DEFAULT_ROUTES = ("0.0.0.0/0", "::/0")


def meant_private(subnet: Resource) -> bool:
    """The subnet is labelled private: CDK's subnet-type tag or a Name saying so."""
    cdk_type = subnet.tags.get("aws-cdk:subnet-type", "")
    if cdk_type in ("Private", "Isolated"):
        return True
    return bool(_PRIVATE_NAME.search(subnet.tags.get("Name", "")))


def _is_internet_gateway(inventory: Inventory, value: Any) -> bool:
    if inventory.resolve(value, INTERNET_GATEWAY) is not None:
        return True
    return isinstance(value, str) and value.startswith("igw-")


def internet_routes(inventory: Inventory) -> dict[str, list[Resource]]:
    """Route-table identity -> default routes to an internet gateway."""
    return inventory.derived("network.internet_routes", _internet_routes)


def _internet_routes(inventory: Inventory) -> dict[str, list[Resource]]:
    routes: dict[str, list[Resource]] = {}
    for route in inventory.of_type(ROUTE):
        destination = route.prop("DestinationCidrBlock") or route.prop("DestinationIpv6CidrBlock")
        if destination in _DEFAULT_ROUTES and _is_internet_gateway(inventory, route.prop("GatewayId")):
            routes.setdefault(_table_identity(inventory, route.prop("RouteTableId")), []).append(route)
    return routes


def subnet_tables(inventory: Inventory) -> dict[str, list[str]]:
    """Subnet key -> identities of the route tables associated with it."""
    return inventory.derived("network.subnet_tables", _subnet_tables)


def _subnet_tables(inventory: Inventory) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    for association in inventory.of_type(ASSOCIATION):
        subnet = inventory.resolve(association.prop("SubnetId"), SUBNET)
        if subnet is not None:
            tables.setdefault(subnet.key, []).append(_table_identity(inventory, association.prop("RouteTableId")))
    return tables


def routed_to_internet(inventory: Inventory) -> dict[str, list[Resource]]:
    """Subnet key -> its default routes to an internet gateway (absent: none known)."""
    return inventory.derived("network.routed_to_internet", _routed_to_internet)


def _routed_to_internet(inventory: Inventory) -> dict[str, list[Resource]]:
    routes = internet_routes(inventory)
    result: dict[str, list[Resource]] = {}
    for subnet_key, tables in subnet_tables(inventory).items():
        found = [route for table in tables for route in routes.get(table, [])]
        if found:
            result[subnet_key] = found
    return result


def _table_identity(inventory: Inventory, value: Any) -> str:
    table = inventory.resolve(value)
    if table is not None:
        return table.key
    return str(value)
