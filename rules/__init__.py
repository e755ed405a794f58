"""The rule catalogue: one explicit registry, no registration by import side effect.

Each rule lives in the folder of its category, one module per rule, with its metadata on the
class. Add a rule by writing its module and listing it here; tests/test_catalogue.py holds the
invariants (unique ids, known categories, real CloudFormation types, a failing fixture for each).
"""
from __future__ import annotations

from .base import ACCOUNT, TEMPLATES, Hit, Rule, RuleContext, Stage
from .budget_misconfigured.limit_too_high import BudgetLimitTooHigh
from .budget_misconfigured.no_early_alert import BudgetWithoutEarlyAlert
from .budget_misconfigured.no_subscriber import NotificationWithoutSubscriber
from .budget_misconfigured.not_monthly_cost import BudgetNotMonthlyCost
from .cost_drift.estimate_grew import EstimateGrewPastLimit
from .costly_resource.aurora_minimum import AuroraCapacityFloor
from .costly_resource.container_insights import ContainerInsightsEnabled
from .costly_resource.ec2_instance_type import NonFreeTierInstanceType
from .costly_resource.fargate_size import LargeFargateService
from .costly_resource.interface_endpoint import InterfaceEndpoint
from .costly_resource.kms_key import CustomerManagedKmsKey
from .costly_resource.log_retention import LogGroupWithoutRetention
from .costly_resource.secret import SecretsManagerSecret
from .iam_overpermission.admin_managed_policy import AdminManagedPolicyAttached
from .iam_overpermission.not_action import AllowWithNotAction
from .iam_overpermission.open_trust import RoleAssumableByAnyone
from .iam_overpermission.pass_role import PassRoleOnAnyRole
from .iam_overpermission.wildcard_action import WildcardActionOnAnyResource
from .idle_load_balancer.idle_traffic import IdleLoadBalancer
from .idle_load_balancer.no_listener import LoadBalancerWithoutListener
from .idle_load_balancer.no_target_group import LoadBalancerReachesNoTargetGroup
from .leftover_resource.still_present import LeftoverAfterCleanup
from .leftover_resource.unmanaged import UnmanagedBillableResource
from .missing_budget.no_budget import NoBudget
from .multi_region.outside_home_region import BillableOutsideHomeRegion
from .multi_region.stack_outside_home import StackOutsideHomeRegion
from .nat_gateway.nat_gateway_present import NatGatewayPresent
from .network_exposure.account_block_public_access import AccountBlockPublicAccessOff
from .network_exposure.api_gateway_policy import PublicApiPolicy
from .network_exposure.ecr_repository_policy import PublicRepositoryPolicy
from .network_exposure.kms_key_policy import PublicKeyPolicy
from .network_exposure.lambda_permission import PublicLambdaPermission
from .network_exposure.lambda_url import PublicFunctionUrl
from .network_exposure.opensearch_policy import PublicSearchDomain
from .network_exposure.private_subnet_to_igw import PrivateSubnetRoutedToInternet
from .network_exposure.public_database import PubliclyAccessibleDatabase
from .network_exposure.public_lb_in_private_subnets import InternetFacingLoadBalancerInPrivateSubnets
from .network_exposure.s3_bucket_acl import PublicBucketAcl
from .network_exposure.s3_bucket_policy import PublicBucketPolicy
from .network_exposure.secret_policy import PublicSecretPolicy
from .network_exposure.sns_topic_policy import PublicTopicPolicy
from .network_exposure.sqs_queue_policy import PublicQueuePolicy
from .open_ingress.public_port import PublicPortOpen
from .open_ingress.workload_from_cidr import WorkloadReachableFromCidr
from .other.expired_suppression import ExpiredSuppression
from .other.not_deployed import TemplateNotDeployed
from .over_budget.estimate_over_budget import EstimateOverBudget
from .over_budget.spend_over_budget import SpendOverBudget
from .paid_database.paid_database import PaidDatabase
from .plain_http.http_forward import HttpListenerForwards
from .template_error.unreadable_template import UnreadableTemplate
from .unattached_eip.eip_unattached import UnattachedElasticIp
from .weak_tls.certificate_status import CertificateNotValid
from .weak_tls.missing_certificate import ListenerWithoutCertificate
from .weak_tls.outdated_policy import OutdatedTlsPolicy

REGISTRY: tuple[type[Rule], ...] = (
    NatGatewayPresent,
    PaidDatabase,
    LoadBalancerWithoutListener,
    LoadBalancerReachesNoTargetGroup,
    IdleLoadBalancer,
    PublicPortOpen,
    WorkloadReachableFromCidr,
    NoBudget,
    BudgetLimitTooHigh,
    BudgetWithoutEarlyAlert,
    NotificationWithoutSubscriber,
    BudgetNotMonthlyCost,
    WildcardActionOnAnyResource,
    AllowWithNotAction,
    PassRoleOnAnyRole,
    AdminManagedPolicyAttached,
    RoleAssumableByAnyone,
    OutdatedTlsPolicy,
    ListenerWithoutCertificate,
    CertificateNotValid,
    HttpListenerForwards,
    UnattachedElasticIp,
    PrivateSubnetRoutedToInternet,
    InternetFacingLoadBalancerInPrivateSubnets,
    PubliclyAccessibleDatabase,
    PublicBucketPolicy,
    PublicBucketAcl,
    PublicQueuePolicy,
    PublicTopicPolicy,
    PublicKeyPolicy,
    PublicLambdaPermission,
    PublicFunctionUrl,
    PublicRepositoryPolicy,
    PublicSecretPolicy,
    PublicSearchDomain,
    PublicApiPolicy,
    AccountBlockPublicAccessOff,
    StackOutsideHomeRegion,
    BillableOutsideHomeRegion,
    LeftoverAfterCleanup,
    UnmanagedBillableResource,
    InterfaceEndpoint,
    NonFreeTierInstanceType,
    LargeFargateService,
    ContainerInsightsEnabled,
    CustomerManagedKmsKey,
    SecretsManagerSecret,
    LogGroupWithoutRetention,
    AuroraCapacityFloor,
    EstimateOverBudget,
    SpendOverBudget,
    EstimateGrewPastLimit,
    UnreadableTemplate,
    ExpiredSuppression,
    TemplateNotDeployed,
)


def checkov_twins() -> dict[str, tuple[str, ...]]:
    """checkov check id -> the ids of the rules that declare it the same problem (registry order)."""
    twins: dict[str, list[str]] = {}
    for rule in REGISTRY:
        for check_id in rule.checkov:
            twins.setdefault(check_id, []).append(rule.id)
    return {check_id: tuple(rule_ids) for check_id, rule_ids in twins.items()}


def catalogue(mode: str | None = None, stage: Stage | None = None) -> list[Rule]:
    """Fresh rule instances, in registry order; only those that apply to `mode` (and run at `stage`) when given."""
    return [rule() for rule in REGISTRY if (mode is None or mode in rule.modes) and (stage is None or rule.stage is stage)]


__all__ = ["ACCOUNT", "REGISTRY", "TEMPLATES", "Hit", "Rule", "RuleContext", "Stage", "catalogue", "checkov_twins"]
