"""The collector registry: one collector per resource family, run per region (or once per account)."""
from __future__ import annotations

from ..collector import Collector
from .budgets import Budgets
from .cloudformation import Stacks
from .databases import ElastiCache, ElastiCacheServerless, MemoryDb, OpenSearch, RdsDatabases, Redshift, RedshiftServerless
from .ec2 import Addresses, Instances, NatGateways, Routing, SecurityGroups, VpcEndpoints
from .ecs import Ecs
from .elb import ClassicLoadBalancers, LoadBalancers
from .iam import Iam
from .messaging import Functions, Queues, RestApis, Topics
from .services import Alarms, Certificates, HostedZones, KmsKeys, LogGroups, Secrets
from .storage import AccountBlockPublicAccess, Buckets, Repositories

COLLECTORS: tuple[type[Collector], ...] = (
    SecurityGroups,
    NatGateways,
    Addresses,
    Routing,
    VpcEndpoints,
    Instances,
    LoadBalancers,
    ClassicLoadBalancers,
    RdsDatabases,
    ElastiCache,
    ElastiCacheServerless,
    MemoryDb,
    Redshift,
    RedshiftServerless,
    OpenSearch,
    Ecs,
    Certificates,
    KmsKeys,
    Secrets,
    LogGroups,
    Alarms,
    Iam,
    Budgets,
    HostedZones,
    Stacks,
    Buckets,
    AccountBlockPublicAccess,
    Repositories,
    Queues,
    Topics,
    Functions,
    RestApis,
)
