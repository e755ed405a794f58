"""What tierguard knows about each CloudFormation resource type, in one place per type.

How it bills (free, by use, or while it exists), how a reader calls it, which properties hold its
physical name, which checkov checks are trusted on its live form, whether a cleanup must remove it,
and whether it lives outside regions. Behaviour stays in its room: the price of a type that bills
while it exists is computed by its pricer (cost/pricers.py), a live type is read by its collector
(sources/account/collectors); tests/test_catalogue.py checks that every type a collector produces,
a rule names or a pricer prices is described here, and that the two agree.

A leaf module: it imports nothing of tierguard's, so every room can read it.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Billing(str, Enum):
    FREE = "free"  # never bills by itself
    USAGE = "usage"  # bills only by use (requests, GB): listed with its unit price, never guessed into a total
    FIXED = "fixed"  # bills every hour (or month) it exists: priced by its pricer, or reported as unpriced


@dataclass(frozen=True)
class TypeInfo:
    type: str
    kind: str  # how a reader calls one: "NAT gateway"
    billing: Billing
    usage: str = ""  # Billing.USAGE: what is billed
    name_properties: tuple[str, ...] = ()  # properties that hold its physical name, most specific first
    checkov_live: tuple[str, ...] = ()  # checkov checks whose inputs the live collector reads faithfully
    exported: bool = False  # rendered for checkov on live scans as context, even without checks of its own
    leftover: bool = False  # --expect-clean: a cleanup must have deleted it
    database: bool = False  # a managed database service (paid-database)
    global_service: bool = False  # not regional (IAM, Budgets, Route 53, CloudFront): lives in us-east-1 stacks
    deployed: bool = True  # False: a template entry CloudFormation never creates as a stack resource
    config_only: bool = False  # an AWS Config resource type with no CloudFormation counterpart (live only)


F, U, X = Billing.FREE, Billing.USAGE, Billing.FIXED
_IAM_POLICY_CHECKS = ("CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110",
                      "CKV_AWS_111")

_TYPES: tuple[TypeInfo, ...] = (
    # --- networking ---------------------------------------------------------------------------------
    TypeInfo("AWS::EC2::VPC", "VPC", F),
    TypeInfo("AWS::EC2::Subnet", "subnet", F),
    TypeInfo("AWS::EC2::RouteTable", "route table", F),
    TypeInfo("AWS::EC2::Route", "route", F),
    TypeInfo("AWS::EC2::InternetGateway", "internet gateway", F),
    TypeInfo("AWS::EC2::EgressOnlyInternetGateway", "egress-only internet gateway", F),
    TypeInfo("AWS::EC2::VPCGatewayAttachment", "gateway attachment", F),
    TypeInfo("AWS::EC2::SubnetRouteTableAssociation", "route table association", F),
    TypeInfo("AWS::EC2::NetworkAcl", "network ACL", F),
    TypeInfo("AWS::EC2::NetworkAclEntry", "network ACL entry", F),
    TypeInfo("AWS::EC2::SubnetNetworkAclAssociation", "network ACL association", F),
    TypeInfo("AWS::EC2::DHCPOptions", "DHCP options", F),
    TypeInfo("AWS::EC2::VPCDHCPOptionsAssociation", "DHCP options association", F),
    TypeInfo("AWS::EC2::PrefixList", "prefix list", F),
    TypeInfo("AWS::EC2::SecurityGroup", "security group", F, name_properties=("GroupName",),
             checkov_live=("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_23")),
    TypeInfo("AWS::EC2::SecurityGroupIngress", "security group ingress rule", F),
    TypeInfo("AWS::EC2::SecurityGroupEgress", "security group egress rule", F),
    TypeInfo("AWS::EC2::NatGateway", "NAT gateway", X, leftover=True),
    TypeInfo("AWS::EC2::EIP", "Elastic IP", X, leftover=True),
    TypeInfo("AWS::EC2::EIPAssociation", "Elastic IP association", F),
    TypeInfo("AWS::EC2::VPCEndpoint", "VPC endpoint", X, leftover=True),
    # --- compute ------------------------------------------------------------------------------------
    TypeInfo("AWS::EC2::Instance", "EC2 instance", X, exported=True, leftover=True),
    TypeInfo("AWS::EC2::LaunchTemplate", "launch template", F),
    TypeInfo("AWS::EC2::KeyPair", "key pair", F),
    TypeInfo("AWS::AutoScaling::AutoScalingGroup", "Auto Scaling group", F),
    TypeInfo("AWS::AutoScaling::LaunchConfiguration", "launch configuration", F),
    TypeInfo("AWS::ApplicationAutoScaling::ScalableTarget", "scalable target", F),
    TypeInfo("AWS::ApplicationAutoScaling::ScalingPolicy", "scaling policy", F),
    TypeInfo("AWS::ECS::Cluster", "ECS cluster", X, name_properties=("ClusterName",), checkov_live=("CKV_AWS_65",),
             leftover=True),
    TypeInfo("AWS::ECS::Service", "ECS service", X, name_properties=("ServiceName",), leftover=True),
    TypeInfo("AWS::ECS::TaskDefinition", "ECS task definition", F),
    TypeInfo("AWS::ECS::ClusterCapacityProviderAssociations", "capacity provider association", F),
    TypeInfo("AWS::Lambda::Function", "Lambda function", U, usage="invocations and GB-seconds (1M requests a month always free)",
             name_properties=("FunctionName",)),
    TypeInfo("AWS::Lambda::Permission", "Lambda permission", F),
    TypeInfo("AWS::Lambda::Version", "Lambda version", F),
    TypeInfo("AWS::Lambda::Alias", "Lambda alias", F),
    TypeInfo("AWS::Lambda::EventSourceMapping", "event source mapping", F),
    TypeInfo("AWS::Lambda::Url", "function URL", F),
    TypeInfo("AWS::StepFunctions::StateMachine", "state machine", U, usage="state transitions"),
    # --- load balancing -----------------------------------------------------------------------------
    TypeInfo("AWS::ElasticLoadBalancingV2::LoadBalancer", "load balancer", X, name_properties=("Name",), exported=True,
             leftover=True),
    TypeInfo("AWS::ElasticLoadBalancing::LoadBalancer", "classic load balancer", X, name_properties=("LoadBalancerName",),
             leftover=True),
    TypeInfo("AWS::ElasticLoadBalancingV2::Listener", "listener", F, checkov_live=("CKV_AWS_2", "CKV_AWS_103")),
    TypeInfo("AWS::ElasticLoadBalancingV2::ListenerRule", "listener rule", F),
    TypeInfo("AWS::ElasticLoadBalancingV2::ListenerCertificate", "listener certificate", F),
    TypeInfo("AWS::ElasticLoadBalancingV2::TargetGroup", "target group", F, name_properties=("Name",), leftover=True),
    # --- databases (paid-database) --------------------------------------------------------------------
    TypeInfo("AWS::RDS::DBInstance", "RDS database instance", X, name_properties=("DBInstanceIdentifier",),
             checkov_live=("CKV_AWS_16", "CKV_AWS_17", "CKV_AWS_157"), leftover=True, database=True),
    TypeInfo("AWS::RDS::DBCluster", "RDS/Aurora database cluster", X, name_properties=("DBClusterIdentifier",),
             exported=True, leftover=True, database=True),
    TypeInfo("AWS::RDS::DBSubnetGroup", "DB subnet group", F),
    TypeInfo("AWS::RDS::DBParameterGroup", "DB parameter group", F),
    TypeInfo("AWS::RDS::DBClusterParameterGroup", "DB cluster parameter group", F),
    TypeInfo("AWS::RDS::OptionGroup", "option group", F),
    TypeInfo("AWS::DocDB::DBCluster", "DocumentDB cluster", X, name_properties=("DBClusterIdentifier",), leftover=True, database=True),
    TypeInfo("AWS::DocDB::DBInstance", "DocumentDB instance", X, name_properties=("DBInstanceIdentifier",), leftover=True, database=True),
    TypeInfo("AWS::DocDBElastic::Cluster", "DocumentDB elastic cluster", X, name_properties=("ClusterName",), leftover=True, database=True),
    TypeInfo("AWS::Neptune::DBCluster", "Neptune cluster", X, name_properties=("DBClusterIdentifier",), leftover=True, database=True),
    TypeInfo("AWS::Neptune::DBInstance", "Neptune instance", X, name_properties=("DBInstanceIdentifier",), leftover=True, database=True),
    TypeInfo("AWS::Redshift::Cluster", "Redshift cluster", X, name_properties=("ClusterIdentifier",),
             checkov_live=("CKV_AWS_87", "CKV_AWS_64"), leftover=True, database=True),
    TypeInfo("AWS::RedshiftServerless::Workgroup", "Redshift Serverless workgroup", X, name_properties=("WorkgroupName",),
             leftover=True, database=True),
    TypeInfo("AWS::ElastiCache::CacheCluster", "ElastiCache cluster", X, name_properties=("ClusterName",), leftover=True, database=True),
    TypeInfo("AWS::ElastiCache::ReplicationGroup", "ElastiCache replication group", X,
             name_properties=("ReplicationGroupId",), leftover=True, database=True),
    TypeInfo("AWS::ElastiCache::ServerlessCache", "ElastiCache Serverless cache", X, name_properties=("ServerlessCacheName",),
             leftover=True, database=True),
    TypeInfo("AWS::ElastiCache::SubnetGroup", "cache subnet group", F),
    TypeInfo("AWS::MemoryDB::Cluster", "MemoryDB cluster", X, name_properties=("ClusterName",), leftover=True, database=True),
    TypeInfo("AWS::OpenSearchService::Domain", "OpenSearch domain", X, name_properties=("DomainName",), leftover=True, database=True),
    TypeInfo("AWS::Elasticsearch::Domain", "Elasticsearch domain", X, name_properties=("DomainName",), leftover=True, database=True),
    TypeInfo("AWS::OpenSearchServerless::Collection", "OpenSearch Serverless collection", X, name_properties=("Name",),
             leftover=True, database=True),
    TypeInfo("AWS::DynamoDB::Table", "DynamoDB table", U, usage="on-demand requests and storage (25 GB always free)",
             name_properties=("TableName",)),
    # --- identity -----------------------------------------------------------------------------------
    TypeInfo("AWS::IAM::Role", "role", F, name_properties=("RoleName",),
             checkov_live=("CKV_AWS_60", "CKV_AWS_61", *_IAM_POLICY_CHECKS), global_service=True),
    TypeInfo("AWS::IAM::User", "user", F, name_properties=("UserName",), checkov_live=("CKV_AWS_40", *_IAM_POLICY_CHECKS),
             global_service=True),
    TypeInfo("AWS::IAM::Group", "group", F, name_properties=("GroupName",), checkov_live=_IAM_POLICY_CHECKS,
             global_service=True),
    TypeInfo("AWS::IAM::ManagedPolicy", "managed policy", F, name_properties=("ManagedPolicyName",),
             checkov_live=_IAM_POLICY_CHECKS, global_service=True),
    TypeInfo("AWS::IAM::Policy", "policy", F, name_properties=("PolicyName",), global_service=True),
    TypeInfo("AWS::IAM::RolePolicy", "role policy", F, global_service=True),
    TypeInfo("AWS::IAM::UserPolicy", "user policy", F, global_service=True),
    TypeInfo("AWS::IAM::GroupPolicy", "group policy", F, global_service=True),
    TypeInfo("AWS::IAM::InstanceProfile", "instance profile", F, global_service=True),
    TypeInfo("AWS::IAM::UserToGroupAddition", "group membership", F, global_service=True),
    TypeInfo("AWS::IAM::AccessKey", "access key", F, global_service=True),
    TypeInfo("AWS::IAM::ServiceLinkedRole", "service-linked role", F, global_service=True),
    TypeInfo("AWS::IAM::OIDCProvider", "OIDC provider", F, global_service=True),
    # --- keys, secrets, certificates ----------------------------------------------------------------
    TypeInfo("AWS::KMS::Key", "KMS key", X, exported=True),
    TypeInfo("AWS::KMS::Alias", "KMS alias", F, name_properties=("AliasName",)),
    TypeInfo("AWS::SecretsManager::Secret", "secret", X, name_properties=("Name",), checkov_live=("CKV_AWS_149",)),
    TypeInfo("AWS::SecretsManager::SecretTargetAttachment", "secret attachment", F),
    TypeInfo("AWS::SecretsManager::ResourcePolicy", "secret resource policy", F),
    TypeInfo("AWS::SecretsManager::RotationSchedule", "rotation schedule", F),
    TypeInfo("AWS::SSM::Parameter", "SSM parameter", F, name_properties=("Name",)),
    TypeInfo("AWS::CertificateManager::Certificate", "certificate", F, name_properties=("DomainName",)),
    # --- storage and messaging ----------------------------------------------------------------------
    TypeInfo("AWS::S3::Bucket", "S3 bucket", U, usage="storage and requests", name_properties=("BucketName",)),
    TypeInfo("AWS::S3::BucketPolicy", "bucket policy", F),
    TypeInfo("AWS::S3::AccountPublicAccessBlock", "account S3 Block Public Access", F, global_service=True,
             config_only=True),
    TypeInfo("AWS::SQS::Queue", "SQS queue", U, usage="requests (1M a month always free)", name_properties=("QueueName",)),
    TypeInfo("AWS::SQS::QueuePolicy", "queue policy", F),
    TypeInfo("AWS::SNS::Topic", "SNS topic", U, usage="requests and deliveries", name_properties=("TopicName",)),
    TypeInfo("AWS::SNS::Subscription", "SNS subscription", F),
    TypeInfo("AWS::SNS::TopicPolicy", "topic policy", F),
    TypeInfo("AWS::ECR::Repository", "ECR repository", U, usage="storage (0.10 USD/GB-month)",
             name_properties=("RepositoryName",)),
    TypeInfo("AWS::Events::Rule", "EventBridge rule", F, name_properties=("Name",)),
    TypeInfo("AWS::Events::EventBus", "event bus", U, usage="events", name_properties=("Name",)),
    # --- observability ------------------------------------------------------------------------------
    TypeInfo("AWS::Logs::LogGroup", "log group", U, usage="ingestion (0.50 USD/GB) and storage (0.03 USD/GB-month)",
             name_properties=("LogGroupName",), checkov_live=("CKV_AWS_66", "CKV_AWS_158")),
    TypeInfo("AWS::Logs::SubscriptionFilter", "subscription filter", F),
    TypeInfo("AWS::Logs::MetricFilter", "metric filter", F),
    TypeInfo("AWS::CloudWatch::Alarm", "alarm", X, name_properties=("AlarmName",)),
    TypeInfo("AWS::CloudTrail::Trail", "CloudTrail trail", U, usage="the first trail's management events are free",
             name_properties=("TrailName",)),
    # --- edge and APIs ------------------------------------------------------------------------------
    TypeInfo("AWS::Route53::HostedZone", "hosted zone", X, name_properties=("Name",), global_service=True),
    TypeInfo("AWS::CloudFront::Distribution", "CloudFront distribution", U, usage="requests and data transfer",
             global_service=True),
    TypeInfo("AWS::ApiGateway::RestApi", "REST API", U, usage="requests", name_properties=("Name",)),
    TypeInfo("AWS::ApiGateway::Stage", "API stage", U, usage="requests", name_properties=("StageName",)),
    TypeInfo("AWS::ApiGateway::Deployment", "API deployment", F),
    TypeInfo("AWS::ApiGateway::Resource", "API resource", F),
    TypeInfo("AWS::ApiGateway::Method", "API method", F),
    TypeInfo("AWS::ApiGateway::Account", "API Gateway account settings", F),
    TypeInfo("AWS::ApiGatewayV2::Api", "HTTP API", U, usage="requests", name_properties=("Name",)),
    # --- cost control and CloudFormation itself -----------------------------------------------------
    TypeInfo("AWS::Budgets::Budget", "budget", F, global_service=True),
    TypeInfo("AWS::CloudFormation::Stack", "stack", F),
    TypeInfo("AWS::CloudFormation::WaitConditionHandle", "wait condition handle", F),
    TypeInfo("AWS::CloudFormation::WaitCondition", "wait condition", F),
    TypeInfo("AWS::CloudFormation::CustomResource", "custom resource", F),
    TypeInfo("AWS::CDK::Metadata", "CDK metadata", F, global_service=True, deployed=False),
)

TYPES: dict[str, TypeInfo] = {info.type: info for info in _TYPES}

# Derived views, for the rooms that ask one question of every type.
LIVE_CHECKOV_CHECKS: frozenset[str] = frozenset(check for info in _TYPES for check in info.checkov_live)
EXPORTED_TYPES: frozenset[str] = frozenset(info.type for info in _TYPES if info.checkov_live or info.exported)
LEFTOVER_TYPES: dict[str, str] = {info.type: info.kind for info in _TYPES if info.leftover}
DATABASE_TYPES: dict[str, str] = {info.type: info.kind for info in _TYPES if info.database}
GLOBAL_TYPES: frozenset[str] = frozenset(info.type for info in _TYPES if info.global_service)
NOT_DEPLOYED_AS_RESOURCES: frozenset[str] = frozenset(info.type for info in _TYPES if not info.deployed)
# For a type described without name properties, or not described: every name property, in order.
ANY_NAME_PROPERTIES: tuple[str, ...] = tuple(dict.fromkeys(p for info in _TYPES for p in info.name_properties))


def describe(resource_type: str) -> TypeInfo | None:
    return TYPES.get(resource_type)


def name_properties(resource_type: str) -> tuple[str, ...]:
    info = TYPES.get(resource_type)
    return info.name_properties if info is not None and info.name_properties else ANY_NAME_PROPERTIES


def kind(resource_type: str) -> str:
    """How a reader calls a resource of this type: "NAT gateway", or the type's last part."""
    info = TYPES.get(resource_type)
    return info.kind if info is not None else resource_type.split("::")[-1]
