"""TG-DB-001: a database service that bills by the hour (RDS, Aurora, DocumentDB, Neptune, …)."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Origin, Resource, Severity
from ...scanner.resource_types import DATABASE_TYPES
from ...scanner.values import Ref, Unresolved
from ..base import Hit, Rule, RuleContext

# CloudFormation type -> what the user calls it (scanner/resource_types.py describes each).
PAID_DATABASE_TYPES = DATABASE_TYPES

# Instances that belong to a cluster are billed, but the cluster is the one problem to report.
_MEMBER_OF_CLUSTER = {
    "AWS::RDS::DBInstance": "DBClusterIdentifier",
    "AWS::DocDB::DBInstance": "DBClusterIdentifier",
    "AWS::Neptune::DBInstance": "DBClusterIdentifier",
}

_LEGACY_FREE_CLASSES = ("db.t2.micro", "db.t3.micro", "db.t4g.micro")
_LEGACY_FREE_ENGINES = ("mysql", "mariadb", "postgres", "sqlserver-ex")
_LEGACY_FREE_CACHE_NODES = ("cache.t2.micro", "cache.t3.micro")


class PaidDatabase(Rule):
    id = "TG-DB-001"
    title = "Paid database"
    category = Category.PAID_DATABASE
    severity = Severity.HIGH
    resource_types = tuple(PAID_DATABASE_TYPES)
    rationale = (
        "Managed databases bill every hour they exist, stopped or not (a stopped RDS instance still pays for "
        "storage and starts again after 7 days). Free-tier projects rarely need one."
    )
    remediation = (
        "Remove the database, or use an always-free store (DynamoDB within its free tier). If a "
        "database is really needed, use the smallest Single-AZ class, delete it after validation, and suppress "
        "this finding with a reason and an expiry date."
    )
    link = "https://aws.amazon.com/rds/pricing/"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        member_key = _MEMBER_OF_CLUSTER.get(resource.type)
        if member_key and resource.prop(member_key) not in (None, ""):
            return
        kind = PAID_DATABASE_TYPES[resource.type]
        shape = _shape(resource)
        if ctx.config.free_tier == "legacy-12-month" and _legacy_free(resource):
            yield Hit(
                f"{kind}{shape} is covered by the legacy 12-month free tier (750 h a month) only for accounts "
                "created before 2025-07-15 and only during their first 12 months; after that it bills hourly",
                severity=Severity.LOW,
            )
            return
        state = resource.observed.get("state") if resource.origin is Origin.LIVE else None
        suffix = f" (state: {state})" if state else ""
        yield Hit(f"{kind}{shape} bills every hour it exists, stopped or not{suffix}")


def _shape(resource: Resource) -> str:
    parts = []
    for key in ("Engine", "DBInstanceClass", "CacheNodeType", "NodeType", "EngineMode"):
        value = resource.prop(key)
        if isinstance(value, str) and value:
            parts.append(value)
    if resource.type == "AWS::RDS::DBInstance" and resource.prop("DBInstanceClass") is None:
        parts.append("db.m5.large by default in CDK")
    if _truthy(resource.prop("MultiAZ")):
        parts.append("Multi-AZ")
    scaling = resource.prop("ServerlessV2ScalingConfiguration")
    if isinstance(scaling, dict) and scaling.get("MinCapacity") is not None:
        parts.append(f"Serverless v2 min {scaling['MinCapacity']} ACU")
    return f" ({', '.join(str(p) for p in parts)})" if parts else ""


def _legacy_free(resource: Resource) -> bool:
    if resource.type == "AWS::RDS::DBInstance":
        engine = str(resource.prop("Engine", default="")).lower()
        return (
            resource.prop("DBInstanceClass") in _LEGACY_FREE_CLASSES
            and engine in _LEGACY_FREE_ENGINES
            and resource.prop("MultiAZ") in (None, False, "false")  # unknown is not "free"
        )
    if resource.type == "AWS::ElastiCache::CacheCluster":
        return resource.prop("CacheNodeType") in _LEGACY_FREE_CACHE_NODES and str(resource.prop("NumCacheNodes", default=1)) == "1"
    return False


def _truthy(value: object) -> bool:
    if isinstance(value, (Ref, Unresolved)):
        return False
    return value is True or str(value).lower() == "true"
