"""EC2 and VPC: security groups, NAT gateways, addresses, routing, endpoints, instances."""
from __future__ import annotations

from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector, ListingCollector


class SecurityGroups(ListingCollector):
    name = "security-groups"
    types = ("AWS::EC2::SecurityGroup",)
    listing = ("ec2", "DescribeSecurityGroups", "SecurityGroups")

    def read(self, ctx: CollectContext, item: dict[str, Any]) -> Resource | None:
        return ctx.resource(
            "AWS::EC2::SecurityGroup",
            item["GroupId"],
            {
                "GroupName": item.get("GroupName"),
                "GroupDescription": item.get("Description"),
                "VpcId": item.get("VpcId"),
                "SecurityGroupIngress": _rules(item.get("IpPermissions", [])),
                "SecurityGroupEgress": _rules(item.get("IpPermissionsEgress", [])),
            },
            arn=ctx.arn("ec2", f"security-group/{item['GroupId']}"),
            tags=item.get("Tags"),
        )


def _rules(permissions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Live IpPermissions → CloudFormation's one-source-per-rule shape."""
    rules = []
    for permission in permissions:
        base = {"IpProtocol": str(permission.get("IpProtocol", "-1"))}
        if "FromPort" in permission:
            base["FromPort"] = permission["FromPort"]
        if "ToPort" in permission:
            base["ToPort"] = permission["ToPort"]
        for entry in permission.get("IpRanges", []):
            rules.append({**base, "CidrIp": entry["CidrIp"], **_description(entry)})
        for entry in permission.get("Ipv6Ranges", []):
            rules.append({**base, "CidrIpv6": entry["CidrIpv6"], **_description(entry)})
        for entry in permission.get("UserIdGroupPairs", []):
            rules.append({**base, "SourceSecurityGroupId": entry.get("GroupId"), **_description(entry)})
        for entry in permission.get("PrefixListIds", []):
            rules.append({**base, "SourcePrefixListId": entry.get("PrefixListId"), **_description(entry)})
    return rules


def _description(entry: dict[str, Any]) -> dict[str, str]:
    return {"Description": entry["Description"]} if entry.get("Description") else {}


class NatGateways(ListingCollector):
    name = "nat-gateways"
    types = ("AWS::EC2::NatGateway",)
    listing = ("ec2", "DescribeNatGateways", "NatGateways")

    def read(self, ctx: CollectContext, item: dict[str, Any]) -> Resource | None:
        if item.get("State") in ("deleted", "deleting", "failed"):
            return None
        addresses = item.get("NatGatewayAddresses") or [{}]
        return ctx.resource(
            "AWS::EC2::NatGateway",
            item["NatGatewayId"],
            {
                "SubnetId": item.get("SubnetId"),
                "ConnectivityType": item.get("ConnectivityType", "public"),
                "AllocationId": addresses[0].get("AllocationId"),
            },
            arn=ctx.arn("ec2", f"natgateway/{item['NatGatewayId']}"),
            tags=item.get("Tags"),
            observed={"state": item.get("State")},
        )


class Addresses(Collector):
    name = "elastic-ips"
    service = "ec2"
    types = ("AWS::EC2::EIP",)
    calls = (("ec2", "DescribeAddresses"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        answer = ctx.call("ec2", "DescribeAddresses", missing=self.types)  # not paginated by EC2
        found = []
        for address in (answer or {}).get("Addresses", []):
            allocation = address.get("AllocationId") or address.get("PublicIp")
            properties = {"Domain": address.get("Domain", "vpc")}
            if address.get("InstanceId"):
                properties["InstanceId"] = address["InstanceId"]
            found.append(
                ctx.resource(
                    "AWS::EC2::EIP",
                    allocation,
                    properties,
                    arn=ctx.arn("ec2", f"elastic-ip/{allocation}"),
                    tags=address.get("Tags"),
                    aliases=[address.get("PublicIp", "")],
                    observed={
                        "name": address.get("PublicIp"),
                        "association_id": address.get("AssociationId"),
                        "public_ip": address.get("PublicIp"),
                        "network_interface_id": address.get("NetworkInterfaceId"),
                    },
                )
            )
        return found


class Routing(Collector):
    """Subnets, route tables (as Route and SubnetRouteTableAssociation resources), internet gateways."""

    name = "routing"
    service = "ec2"
    types = (
        "AWS::EC2::Subnet",
        "AWS::EC2::RouteTable",
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::InternetGateway",
    )
    calls = (("ec2", "DescribeSubnets"), ("ec2", "DescribeRouteTables"), ("ec2", "DescribeInternetGateways"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        found: list[Resource] = []
        subnets = ctx.pages("ec2", "DescribeSubnets", "Subnets", missing=self.types) or []
        for subnet in subnets:
            found.append(
                ctx.resource(
                    "AWS::EC2::Subnet",
                    subnet["SubnetId"],
                    {
                        "VpcId": subnet.get("VpcId"),
                        "CidrBlock": subnet.get("CidrBlock"),
                        "AvailabilityZone": subnet.get("AvailabilityZone"),
                        "MapPublicIpOnLaunch": subnet.get("MapPublicIpOnLaunch", False),
                    },
                    arn=subnet.get("SubnetArn") or ctx.arn("ec2", f"subnet/{subnet['SubnetId']}"),
                    tags=subnet.get("Tags"),
                )
            )
        for gateway in ctx.pages("ec2", "DescribeInternetGateways", "InternetGateways", missing=self.types) or []:
            found.append(
                ctx.resource(
                    "AWS::EC2::InternetGateway",
                    gateway["InternetGatewayId"],
                    {},
                    arn=ctx.arn("ec2", f"internet-gateway/{gateway['InternetGatewayId']}"),
                    tags=gateway.get("Tags"),
                )
            )
        tables = ctx.pages("ec2", "DescribeRouteTables", "RouteTables", missing=self.types)
        if tables is None:
            return found
        explicit: set[str] = set()
        main_by_vpc: dict[str, str] = {}
        for table in tables:
            table_id = table["RouteTableId"]
            found.append(
                ctx.resource("AWS::EC2::RouteTable", table_id, {"VpcId": table.get("VpcId")},
                             arn=ctx.arn("ec2", f"route-table/{table_id}"), tags=table.get("Tags"))
            )
            for route in table.get("Routes", []):
                destination = (route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
                               or route.get("DestinationPrefixListId"))
                properties = {"RouteTableId": table_id}
                for key in ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "GatewayId", "NatGatewayId", "VpcEndpointId",
                            "TransitGatewayId", "VpcPeeringConnectionId", "InstanceId", "NetworkInterfaceId"):
                    if route.get(key):
                        properties[key] = route[key]
                found.append(ctx.resource("AWS::EC2::Route", f"{table_id}/{destination}", properties))
            for association in table.get("Associations", []):
                if association.get("Main"):
                    main_by_vpc[table.get("VpcId", "")] = table_id
                elif association.get("SubnetId"):
                    explicit.add(association["SubnetId"])
                    found.append(
                        ctx.resource(
                            "AWS::EC2::SubnetRouteTableAssociation",
                            association.get("RouteTableAssociationId", f"{table_id}/{association['SubnetId']}"),
                            {"SubnetId": association["SubnetId"], "RouteTableId": table_id},
                        )
                    )
        # Subnets without an explicit association use their VPC's main route table.
        for subnet in subnets:
            main = main_by_vpc.get(subnet.get("VpcId", ""))
            if subnet["SubnetId"] not in explicit and main:
                found.append(
                    ctx.resource(
                        "AWS::EC2::SubnetRouteTableAssociation",
                        f"main/{subnet['SubnetId']}",
                        {"SubnetId": subnet["SubnetId"], "RouteTableId": main},
                        observed={"implicit_main_table": True},
                    )
                )
        return found


class VpcEndpoints(Collector):
    name = "vpc-endpoints"
    service = "ec2"
    types = ("AWS::EC2::VPCEndpoint",)
    calls = (("ec2", "DescribeVpcEndpoints"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        endpoints = ctx.pages("ec2", "DescribeVpcEndpoints", "VpcEndpoints", missing=self.types) or []
        return [
            ctx.resource(
                "AWS::EC2::VPCEndpoint",
                endpoint["VpcEndpointId"],
                {
                    "VpcEndpointType": endpoint.get("VpcEndpointType", "Gateway"),
                    "ServiceName": endpoint.get("ServiceName"),
                    "VpcId": endpoint.get("VpcId"),
                    "SubnetIds": endpoint.get("SubnetIds", []),
                },
                arn=ctx.arn("ec2", f"vpc-endpoint/{endpoint['VpcEndpointId']}"),
                tags=endpoint.get("Tags"),
                observed={"state": endpoint.get("State")},
            )
            for endpoint in endpoints
            if str(endpoint.get("State", "available")).lower() not in ("deleted", "deleting", "failed")
        ]


class Instances(Collector):
    name = "instances"
    service = "ec2"
    types = ("AWS::EC2::Instance",)
    calls = (("ec2", "DescribeInstances"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        reservations = ctx.pages("ec2", "DescribeInstances", "Reservations", missing=self.types) or []
        found = []
        for reservation in reservations:
            for instance in reservation.get("Instances", []):
                state = instance.get("State", {}).get("Name")
                if state in ("terminated", "shutting-down"):
                    continue
                found.append(
                    ctx.resource(
                        "AWS::EC2::Instance",
                        instance["InstanceId"],
                        {
                            "InstanceType": instance.get("InstanceType"),
                            "ImageId": instance.get("ImageId"),
                            "SubnetId": instance.get("SubnetId"),
                            "SecurityGroupIds": [g["GroupId"] for g in instance.get("SecurityGroups", [])],
                            "IamInstanceProfile": (instance.get("IamInstanceProfile") or {}).get("Arn"),
                        },
                        arn=ctx.arn("ec2", f"instance/{instance['InstanceId']}"),
                        tags=instance.get("Tags"),
                        observed={"state": state, "public_ip": instance.get("PublicIpAddress")},
                    )
                )
        return found
