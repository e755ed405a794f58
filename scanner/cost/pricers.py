"""What each resource type bills, as Lines (fixed, per hour or month) and Assumptions (usage).

The same functions price template resources and live ones: they read CloudFormation-shaped
properties (and, live, `observed` facts such as the number of AZs a load balancer spans).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..model import Inventory, Resource, as_list
from ..values import Unresolved
from .model import Assumption, Line
from .prices import Price, PriceTable


@dataclass
class Priced:
    lines: list[Line] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    unpriced: str | None = None  # why a billable resource could not be priced


@dataclass
class PricingContext:
    inventory: Inventory
    prices: PriceTable
    region: str

    def price(self, key: str, variant: str | None = None) -> Price | None:
        return self.prices.get(key, self.region, variant)


Pricer = Callable[[Resource, PricingContext], Priced]

_ARCH_ARM = "ARM64"


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, (Unresolved, bool)) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _amount(value: Any, default: Decimal) -> Decimal:
    """A number property, or `default` when it is absent or not known before deploy."""
    amount = _decimal(value)
    return default if amount is None else amount


def _count(label: str, quantity: Decimal | int) -> str:
    return f"{quantity} {label}"


# --- networking -----------------------------------------------------------------------------

def nat_gateway(resource: Resource, ctx: PricingContext) -> Priced:
    hour, gb = ctx.price("nat_gateway_hour"), ctx.price("nat_gateway_gb")
    result = Priced()
    if hour:
        result.lines.append(Line("NAT gateway hours", hour, per_hour=Decimal(1)))
    if gb:
        result.assumptions.append(Assumption("NAT data processed", gb, "every GB through the gateway, both directions"))
    return result


def elastic_ip(resource: Resource, ctx: PricingContext) -> Priced:
    price = ctx.price("public_ipv4_hour")
    return Priced(lines=[Line("public IPv4 address", price, per_hour=Decimal(1))] if price else [])


def load_balancer(resource: Resource, ctx: PricingContext) -> Priced:
    kind = str(resource.prop("Type", default="application")).lower()
    if kind == "gateway":
        return Priced(unpriced="Gateway Load Balancer prices are not in the table")
    key, capacity = ("nlb_hour", "nlb_nlcu_hour") if kind == "network" else ("alb_hour", "alb_lcu_hour")
    result = Priced()
    hour = ctx.price(key)
    if hour:
        allowance = "elb_hours" if kind == "application" else None
        result.lines.append(Line(f"{'Network' if kind == 'network' else 'Application'} Load Balancer hours", hour,
                                 per_hour=Decimal(1), allowance=allowance))
    addresses = _load_balancer_public_addresses(resource)
    ipv4 = ctx.price("public_ipv4_hour")
    if addresses and ipv4:
        result.lines.append(Line("public IPv4 addresses (one per AZ)", ipv4, per_hour=Decimal(addresses),
                                 multiplier=_count("AZ", addresses)))
    unit = ctx.price(capacity)
    if unit:
        note = "1 unit sustained is about 5.84 USD/month; a small app stays far below"
        result.assumptions.append(Assumption("capacity units", unit, note))
    return result


def _load_balancer_public_addresses(resource: Resource) -> int:
    scheme = resource.prop("Scheme", default="internet-facing")
    if not isinstance(scheme, str) or scheme.lower() != "internet-facing":
        return 0
    if str(resource.prop("IpAddressType", default="ipv4")).lower() == "dualstack-without-public-ipv4":
        return 0
    observed = resource.observed.get("availability_zones")
    if isinstance(observed, int):
        return observed
    mappings = [m for m in as_list(resource.prop("SubnetMappings")) if isinstance(m, dict)]
    if mappings:
        return sum(1 for m in mappings if not m.get("AllocationId"))  # an EIP is priced as its own resource
    subnets = resource.prop("Subnets")
    if isinstance(subnets, list) and subnets:
        return len(subnets)
    return 2  # the minimum an ALB needs


def classic_load_balancer(resource: Resource, ctx: PricingContext) -> Priced:
    result = Priced()
    hour, gb = ctx.price("clb_hour"), ctx.price("clb_gb")
    if hour:
        result.lines.append(Line("Classic Load Balancer hours", hour, per_hour=Decimal(1), allowance="elb_hours"))
    if gb:
        result.assumptions.append(Assumption("data processed", gb))
    return result


def vpc_endpoint(resource: Resource, ctx: PricingContext) -> Priced:
    kind = str(resource.prop("VpcEndpointType", default="Gateway"))
    if kind == "Gateway":
        return Priced()  # S3 and DynamoDB gateway endpoints are free
    if kind != "Interface":
        return Priced(unpriced=f"{kind} endpoints are not in the price table")
    zones = len(as_list(resource.prop("SubnetIds"))) or int(resource.observed.get("availability_zones", 0)) or 1
    result = Priced()
    hour, gb = ctx.price("interface_endpoint_az_hour"), ctx.price("interface_endpoint_gb")
    if hour:
        result.lines.append(Line("interface endpoint AZ-hours", hour, per_hour=Decimal(zones), multiplier=_count("AZ", zones)))
    if gb:
        result.assumptions.append(Assumption("endpoint data processed", gb))
    return result


# --- compute --------------------------------------------------------------------------------

def ecs_service(resource: Resource, ctx: PricingContext) -> Priced:
    launch = resource.prop("LaunchType")
    strategy = [s for s in as_list(resource.prop("CapacityProviderStrategy")) if isinstance(s, dict)]
    fargate = launch == "FARGATE" or any(str(s.get("CapacityProvider", "")).startswith("FARGATE") for s in strategy)
    if not fargate:
        return Priced()  # EC2 capacity is priced as the instances
    task = ctx.inventory.resolve(resource.prop("TaskDefinition"), "AWS::ECS::TaskDefinition")
    if task is None:
        return Priced(unpriced="the task definition is not in the scanned set: task size unknown")
    cpu_units = _decimal(task.prop("Cpu"))
    memory_mib = _decimal(task.prop("Memory"))
    if cpu_units is None or memory_mib is None:
        return Priced(unpriced="the task size (Cpu, Memory) is not known")
    vcpu, gb = cpu_units / 1024, memory_mib / 1024
    desired = _amount(resource.prop("DesiredCount"), Decimal(1))
    arm = str(task.prop("RuntimePlatform", "CpuArchitecture", default="X86_64")).upper() == _ARCH_ARM
    prefix = "fargate_arm_" if arm else "fargate_"
    result = Priced()
    tasks = f"{desired} task{'s' if desired != 1 else ''}"
    cpu_price, mem_price = ctx.price(prefix + "vcpu_hour"), ctx.price(prefix + "gb_hour")
    if desired and cpu_price and mem_price:
        arch = " (ARM)" if arm else ""
        result.lines.append(Line(f"Fargate vCPU{arch}", cpu_price, per_hour=desired * vcpu, multiplier=f"{tasks} × {vcpu} vCPU"))
        result.lines.append(Line(f"Fargate memory{arch}", mem_price, per_hour=desired * gb, multiplier=f"{tasks} × {gb} GB"))
    storage = _amount(task.prop("EphemeralStorage", "SizeInGiB"), Decimal(20))
    storage_price = ctx.price("fargate_storage_gb_hour")
    if desired and storage > 20 and storage_price:
        extra = storage - 20
        result.lines.append(Line("Fargate storage above 20 GB", storage_price, per_hour=desired * extra,
                                 multiplier=f"{tasks} × {extra} GB"))
    public = str(resource.prop("NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp", default="DISABLED")).upper()
    ipv4 = ctx.price("public_ipv4_hour")
    if desired and public == "ENABLED" and ipv4:
        result.lines.append(Line("public IPv4 of the tasks", ipv4, per_hour=desired, multiplier=tasks))
    spot_price = cpu_price or ctx.price("public_ipv4_hour")
    if any(str(s.get("CapacityProvider")) == "FARGATE_SPOT" for s in strategy) and spot_price is not None:
        result.assumptions.append(Assumption("Fargate Spot", spot_price,
                                             "priced here at on-demand rates; Spot is up to 70 % cheaper"))
    return result


_FREE_TIER_EC2 = {"t2.micro", "t3.micro"}


def ec2_instance(resource: Resource, ctx: PricingContext) -> Priced:
    instance_type = resource.prop("InstanceType")
    if not isinstance(instance_type, str):
        return Priced(unpriced="the instance type is not known before deploy")
    hour = ctx.price("ec2_hour", instance_type)
    if hour is None:
        return Priced(unpriced=f"{instance_type} is not in the price table")
    stopped = resource.observed.get("state") == "stopped"  # live: a stopped instance bills its volumes only
    result = Priced()
    if not stopped:
        result.lines.append(Line(f"EC2 {instance_type} hours", hour, per_hour=Decimal(1),
                                 allowance="ec2_micro_hours" if instance_type in _FREE_TIER_EC2 else None))
    if not stopped and _instance_has_public_ip(resource, ctx.inventory):
        ipv4 = ctx.price("public_ipv4_hour")
        if ipv4:
            result.lines.append(Line("public IPv4 address", ipv4, per_hour=Decimal(1), allowance="ec2_public_ipv4_hours"))
    volume_gb = Decimal(0)
    for mapping in as_list(resource.prop("BlockDeviceMappings")):
        if isinstance(mapping, dict) and isinstance(mapping.get("Ebs"), dict):
            volume_gb += _amount(mapping["Ebs"].get("VolumeSize"), Decimal(0))
    assumed_root = not volume_gb
    volume_gb = volume_gb or Decimal(8)
    gp3 = ctx.price("ebs_gp3_gb_month")
    if gp3:
        label = "EBS root volume (8 GB gp3 assumed)" if assumed_root else "EBS volumes (gp3)"
        result.lines.append(Line(label, gp3, per_month=volume_gb, multiplier=f"{volume_gb} GB", allowance="ebs_gb"))
    return result


def _instance_has_public_ip(resource: Resource, inventory: Inventory) -> bool:
    if resource.observed.get("public_ip"):
        return True
    for interface in as_list(resource.prop("NetworkInterfaces")):
        if isinstance(interface, dict) and str(interface.get("AssociatePublicIpAddress")).lower() == "true":
            return True
    subnet = inventory.resolve(resource.prop("SubnetId"), "AWS::EC2::Subnet")
    return subnet is not None and str(subnet.prop("MapPublicIpOnLaunch")).lower() == "true"


# --- databases ------------------------------------------------------------------------------

_MICRO_FREE = {"db.t2.micro", "db.t3.micro", "db.t4g.micro"}
_MICRO_ENGINES = {"mysql", "mariadb", "postgres", "sqlserver-ex"}


def _engine(value: Any) -> str:
    engine = str(value or "").lower()
    return {"postgresql": "postgres", "aurora-postgresql": "aurora-postgresql"}.get(engine, engine)


def rds_instance(resource: Resource, ctx: PricingContext) -> Priced:
    cluster = resource.prop("DBClusterIdentifier")
    db_class = resource.prop("DBInstanceClass", default="db.m5.large" if cluster is None else None)
    if cluster is not None:
        if db_class == "db.serverless":
            return Priced()  # Aurora Serverless v2 capacity is priced on the cluster
        return Priced(unpriced=f"Aurora provisioned instance {db_class} is not in the price table")
    engine = _engine(resource.prop("Engine"))
    if not isinstance(db_class, str):
        return Priced(unpriced="the instance class is not known before deploy")
    hour = ctx.price("rds_hour", f"{engine}/{db_class}")
    if hour is None:
        return Priced(unpriced=f"RDS {engine} {db_class} is not in the price table")
    multi_az = str(resource.prop("MultiAZ")).lower() == "true"
    copies = Decimal(2) if multi_az else Decimal(1)
    free = db_class in _MICRO_FREE and engine in _MICRO_ENGINES and not multi_az
    az = "Multi-AZ (×2)" if multi_az else "Single-AZ"
    result = Priced(lines=[Line(f"RDS {db_class} {engine} hours, {az}", hour, per_hour=copies,
                                multiplier="2 copies" if multi_az else "", allowance="rds_micro_hours" if free else None)])
    storage = _amount(resource.prop("AllocatedStorage"), Decimal(20))
    storage_price = ctx.price("rds_storage_gb_month")
    if storage_price:
        result.lines.append(Line(f"RDS storage{' (Multi-AZ ×2)' if multi_az else ''}", storage_price,
                                 per_month=storage * copies, multiplier=f"{storage * copies} GB",
                                 allowance="rds_storage_gb" if free else None))
    return result


def rds_cluster(resource: Resource, ctx: PricingContext) -> Priced:
    engine = _engine(resource.prop("Engine"))
    if not engine.startswith("aurora"):
        return Priced(unpriced="Multi-AZ DB clusters are not in the price table")
    scaling = resource.prop("ServerlessV2ScalingConfiguration")
    result = Priced()
    storage = ctx.price("aurora_storage_gb_month")
    if storage:
        result.assumptions.append(Assumption("Aurora storage", storage, "plus I/O at 0.20 USD per million requests"))
    if isinstance(scaling, dict):
        minimum = _amount(scaling.get("MinCapacity"), Decimal("0.5"))
        members = [
            r for r in ctx.inventory.of_type("AWS::RDS::DBInstance")
            if ctx.inventory.resolve(r.prop("DBClusterIdentifier"), "AWS::RDS::DBCluster") is resource
            and r.prop("DBInstanceClass") == "db.serverless"
        ]
        instances = len(members) or 1
        acu = ctx.price("aurora_acu_hour")
        if acu and minimum:
            result.lines.append(Line("Aurora Serverless v2 minimum capacity", acu, per_hour=minimum * instances,
                                     multiplier=f"{instances} instance × {minimum} ACU"))
        return result
    if str(resource.prop("EngineMode", default="provisioned")) == "serverless":
        result.unpriced = "Aurora Serverless v1 prices are not in the table"
    return result  # provisioned Aurora: its instances are the billed part


# --- security and management ----------------------------------------------------------------

def kms_key(resource: Resource, ctx: PricingContext) -> Priced:
    price = ctx.price("kms_key_month")
    return Priced(lines=[Line("KMS customer managed key", price, per_month=Decimal(1), multiplier="1 key")] if price else [])


def secret(resource: Resource, ctx: PricingContext) -> Priced:
    price = ctx.price("secret_month")
    return Priced(lines=[Line("Secrets Manager secret", price, per_month=Decimal(1), multiplier="1 secret")] if price else [])


def alarm(resource: Resource, ctx: PricingContext) -> Priced:
    price = ctx.price("alarm_month")
    return Priced(lines=[Line("CloudWatch alarm", price, per_month=Decimal(1), multiplier="1 alarm", allowance="alarms")] if price else [])


def hosted_zone(resource: Resource, ctx: PricingContext) -> Priced:
    price = ctx.price("hosted_zone_month")
    return Priced(lines=[Line("Route 53 hosted zone", price, per_month=Decimal(1), multiplier="1 zone")] if price else [])


def ecs_cluster(resource: Resource, ctx: PricingContext) -> Priced:
    if not container_insights(resource):
        return Priced()
    services = [
        s for s in ctx.inventory.of_type("AWS::ECS::Service")
        if ctx.inventory.resolve(s.prop("Cluster"), "AWS::ECS::Cluster") is resource
    ]
    metrics = Decimal(8 + 8 * max(1, len(services)))
    metric = ctx.price("custom_metric_month")
    result = Priced()
    if metric:
        assumed = Line("Container Insights metrics (about 8 per cluster and 8 per service, assumed)", metric,
                       per_month=metrics, multiplier=f"{metrics} metrics", allowance="custom_metrics")
        result.lines.append(assumed)
    ingest = ctx.price("logs_ingest_gb")
    if ingest:
        result.assumptions.append(Assumption("Container Insights performance log events", ingest, "ingested as CloudWatch Logs"))
    return result


def container_insights(cluster: Resource) -> bool:
    for setting in as_list(cluster.prop("ClusterSettings")):
        if isinstance(setting, dict) and str(setting.get("Name")) == "containerInsights":
            return str(setting.get("Value", "")).lower() in ("enabled", "enhanced")
    return False


PRICERS: dict[str, Pricer] = {
    "AWS::EC2::NatGateway": nat_gateway,
    "AWS::EC2::EIP": elastic_ip,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": load_balancer,
    "AWS::ElasticLoadBalancing::LoadBalancer": classic_load_balancer,
    "AWS::EC2::VPCEndpoint": vpc_endpoint,
    "AWS::ECS::Service": ecs_service,
    "AWS::ECS::Cluster": ecs_cluster,
    "AWS::EC2::Instance": ec2_instance,
    "AWS::RDS::DBInstance": rds_instance,
    "AWS::RDS::DBCluster": rds_cluster,
    "AWS::KMS::Key": kms_key,
    "AWS::SecretsManager::Secret": secret,
    "AWS::CloudWatch::Alarm": alarm,
    "AWS::Route53::HostedZone": hosted_zone,
}
