"""Paid databases: RDS and Aurora (DocumentDB and Neptune come through the same API),
ElastiCache, MemoryDB, Redshift, Redshift Serverless, OpenSearch."""
from __future__ import annotations

from ....model import Resource
from ..collector import CollectContext, Collector

# RDS-API engines that are other CloudFormation types.
_CLUSTER_TYPES = {"docdb": "AWS::DocDB::DBCluster", "neptune": "AWS::Neptune::DBCluster"}
_INSTANCE_TYPES = {"docdb": "AWS::DocDB::DBInstance", "neptune": "AWS::Neptune::DBInstance"}
_GONE = {"deleting", "deleted", "failed"}


class RdsDatabases(Collector):
    name = "rds"
    service = "rds"
    types = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster", *_CLUSTER_TYPES.values(), *_INSTANCE_TYPES.values())
    calls = (("rds", "DescribeDBInstances"), ("rds", "DescribeDBClusters"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        found: list[Resource] = []
        for cluster in ctx.pages("rds", "DescribeDBClusters", "DBClusters", missing=self.types) or []:
            if cluster.get("Status") in _GONE:
                continue
            engine = cluster.get("Engine", "")
            properties = {
                "Engine": engine,
                "EngineMode": cluster.get("EngineMode", "provisioned"),
                "DBClusterIdentifier": cluster["DBClusterIdentifier"],
                "VpcSecurityGroupIds": [g["VpcSecurityGroupId"] for g in cluster.get("VpcSecurityGroups", [])],
                "StorageEncrypted": cluster.get("StorageEncrypted", False),
                "MultiAZ": cluster.get("MultiAZ", False),
            }
            scaling = cluster.get("ServerlessV2ScalingConfiguration")
            if scaling:
                properties["ServerlessV2ScalingConfiguration"] = {k: v for k, v in scaling.items() if k in ("MinCapacity", "MaxCapacity")}
            found.append(
                ctx.resource(
                    _CLUSTER_TYPES.get(engine, "AWS::RDS::DBCluster"),
                    cluster["DBClusterIdentifier"],
                    properties,
                    arn=cluster.get("DBClusterArn"),
                    tags=cluster.get("TagList"),
                    observed={"state": cluster.get("Status")},
                )
            )
        for instance in ctx.pages("rds", "DescribeDBInstances", "DBInstances", missing=self.types) or []:
            if instance.get("DBInstanceStatus") in _GONE:
                continue
            engine = instance.get("Engine", "")
            properties = {
                "Engine": engine,
                "DBInstanceClass": instance.get("DBInstanceClass"),
                "AllocatedStorage": instance.get("AllocatedStorage"),
                "MultiAZ": instance.get("MultiAZ", False),
                "PubliclyAccessible": instance.get("PubliclyAccessible", False),
                "StorageEncrypted": instance.get("StorageEncrypted", False),
                "VPCSecurityGroups": [g["VpcSecurityGroupId"] for g in instance.get("VpcSecurityGroups", [])],
            }
            if instance.get("DBClusterIdentifier"):
                properties["DBClusterIdentifier"] = instance["DBClusterIdentifier"]
            found.append(
                ctx.resource(
                    _INSTANCE_TYPES.get(engine, "AWS::RDS::DBInstance"),
                    instance["DBInstanceIdentifier"],
                    properties,
                    arn=instance.get("DBInstanceArn"),
                    tags=instance.get("TagList"),
                    aliases=[instance.get("DbiResourceId", "")],
                    observed={"state": instance.get("DBInstanceStatus")},
                )
            )
        return found


class ElastiCache(Collector):
    name = "elasticache"
    service = "elasticache"
    types = ("AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup")
    calls = (("elasticache", "DescribeCacheClusters"), ("elasticache", "DescribeReplicationGroups"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        found: list[Resource] = []
        groups = ctx.pages("elasticache", "DescribeReplicationGroups", "ReplicationGroups", missing=self.types) or []
        members = set()
        for group in groups:
            members.update(group.get("MemberClusters", []))
            found.append(ctx.resource("AWS::ElastiCache::ReplicationGroup", group["ReplicationGroupId"],
                                      {"CacheNodeType": group.get("CacheNodeType"), "Engine": group.get("Engine", "redis")},
                                      arn=group.get("ARN"), observed={"state": group.get("Status")}))
        for cluster in ctx.pages("elasticache", "DescribeCacheClusters", "CacheClusters", missing=self.types) or []:
            if cluster["CacheClusterId"] in members:
                continue  # one problem: the replication group
            found.append(
                ctx.resource(
                    "AWS::ElastiCache::CacheCluster",
                    cluster["CacheClusterId"],
                    {"Engine": cluster.get("Engine"), "CacheNodeType": cluster.get("CacheNodeType"),
                     "NumCacheNodes": cluster.get("NumCacheNodes"),
                     "VpcSecurityGroupIds": [g["SecurityGroupId"] for g in cluster.get("SecurityGroups", [])]},
                    arn=cluster.get("ARN"),
                    observed={"state": cluster.get("CacheClusterStatus")},
                )
            )
        return found


class ElastiCacheServerless(Collector):
    name = "elasticache-serverless"
    service = "elasticache"
    types = ("AWS::ElastiCache::ServerlessCache",)
    calls = (("elasticache", "DescribeServerlessCaches"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        caches = ctx.pages("elasticache", "DescribeServerlessCaches", "ServerlessCaches", missing=self.types) or []
        return [ctx.resource("AWS::ElastiCache::ServerlessCache", c["ServerlessCacheName"], {"Engine": c.get("Engine")},
                             arn=c.get("ARN"), observed={"state": c.get("Status")}) for c in caches]


class MemoryDb(Collector):
    name = "memorydb"
    service = "memorydb"
    types = ("AWS::MemoryDB::Cluster",)
    calls = (("memorydb", "DescribeClusters"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        clusters = ctx.pages("memorydb", "DescribeClusters", "Clusters", missing=self.types) or []
        return [ctx.resource("AWS::MemoryDB::Cluster", c["Name"], {"NodeType": c.get("NodeType")}, arn=c.get("ARN"),
                             observed={"state": c.get("Status")}) for c in clusters]


class Redshift(Collector):
    name = "redshift"
    service = "redshift"
    types = ("AWS::Redshift::Cluster",)
    calls = (("redshift", "DescribeClusters"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        clusters = ctx.pages("redshift", "DescribeClusters", "Clusters", missing=self.types) or []
        return [
            ctx.resource("AWS::Redshift::Cluster", c["ClusterIdentifier"],
                         {"NodeType": c.get("NodeType"), "NumberOfNodes": c.get("NumberOfNodes"),
                          "PubliclyAccessible": c.get("PubliclyAccessible", False), "Encrypted": c.get("Encrypted", False)},
                         arn=ctx.arn("redshift", f"cluster:{c['ClusterIdentifier']}"), tags=c.get("Tags"),
                         observed={"state": c.get("ClusterStatus")})
            for c in clusters
        ]


class RedshiftServerless(Collector):
    name = "redshift-serverless"
    service = "redshift-serverless"
    types = ("AWS::RedshiftServerless::Workgroup",)
    calls = (("redshift-serverless", "ListWorkgroups"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        groups = ctx.pages("redshift-serverless", "ListWorkgroups", "workgroups", missing=self.types) or []
        return [ctx.resource("AWS::RedshiftServerless::Workgroup", g["workgroupName"], {"BaseCapacity": g.get("baseCapacity")},
                             arn=g.get("workgroupArn"), observed={"state": g.get("status")}) for g in groups]


class OpenSearch(Collector):
    name = "opensearch"
    service = "opensearch"
    types = ("AWS::OpenSearchService::Domain",)
    calls = (("opensearch", "ListDomainNames"), ("opensearch", "DescribeDomains"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        answer = ctx.call("opensearch", "ListDomainNames", missing=self.types)
        names = [d["DomainName"] for d in (answer or {}).get("DomainNames", [])]
        found = []
        for start in range(0, len(names), 5):  # DescribeDomains takes up to 5 names
            described = ctx.call("opensearch", "DescribeDomains", missing=self.types, DomainNames=names[start : start + 5])
            for domain in (described or {}).get("DomainStatusList", []):
                config = domain.get("ClusterConfig", {})
                found.append(
                    ctx.resource("AWS::OpenSearchService::Domain", domain["DomainName"],
                                 {"ClusterConfig": {"InstanceType": config.get("InstanceType"),
                                                    "InstanceCount": config.get("InstanceCount")},
                                  "VPCOptions": {"SecurityGroupIds": (domain.get("VPCOptions") or {}).get("SecurityGroupIds", []),
                                                 "SubnetIds": (domain.get("VPCOptions") or {}).get("SubnetIds", [])},
                                  **({"AccessPolicies": domain["AccessPolicies"]} if domain.get("AccessPolicies") else {})},
                                 arn=domain.get("ARN"))
                )
        return found
