"""Rules declare their checkov equivalents (Rule.checkov); for every declared pair, a checkov skip in the
template silences its twin finding and nothing else (issue 12.5). One checkov run over all snippets."""
from __future__ import annotations

from pathlib import Path

import pytest

from tierguard.rules import checkov_twins
from tierguard.scanner.config import Config
from tierguard.scanner.gate import Engines, scan_templates
from tierguard.scanner.model import Status

TRUST_ANYONE = "AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'sts:AssumeRole'}]}"
TRUST_ECS = ("AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, "
             "Action: 'sts:AssumeRole'}]}")


def _role(statement: str, trust: str = TRUST_ANYONE) -> str:
    return f"""
  Subject:
    Type: AWS::IAM::Role
    Metadata: {{checkov: {{skip: [{{id: CHECK, comment: accepted for this test}}]}}}}
    Properties:
      {trust}
      Policies:
        - PolicyName: inline
          PolicyDocument: {{Statement: [{statement}]}}
"""


OPEN_PORTS = """
  Subject:
    Type: AWS::EC2::SecurityGroup
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties:
      GroupDescription: three open ports
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
"""


def _listener(protocol: str, extra: str) -> str:
    return f"""
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {{Scheme: internet-facing, Subnets: [subnet-1, subnet-2]}}
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {{Port: 80, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}}
  Subject:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Metadata: {{checkov: {{skip: [{{id: CHECK, comment: accepted for this test}}]}}}}
    Properties:
      LoadBalancerArn: {{Ref: Alb}}
      Protocol: {protocol}
      {extra}
      DefaultActions: [{{Type: forward, TargetGroupArn: {{Ref: Group}}}}]
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: an unrelated finding that must stay failing
      SecurityGroupIngress: [{{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}}]
"""


PUBLIC_RDS = """
  Subject:
    Type: AWS::RDS::DBInstance
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: 20, PubliclyAccessible: true,
                 MasterUsername: admin, ManageMasterUserPassword: true, StorageEncrypted: true}
"""
PUBLIC_REDSHIFT = """
  Subject:
    Type: AWS::Redshift::Cluster
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties: {NodeType: dc2.large, ClusterType: single-node, DBName: dev, MasterUsername: admin,
                 MasterUserPassword: '{{resolve:secretsmanager:x}}', PubliclyAccessible: true, Encrypted: true}
"""
LOG_GROUP = """
  Subject:
    Type: AWS::Logs::LogGroup
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties: {LogGroupName: app}
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: an unrelated finding that must stay failing
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
"""

UNRELATED = """
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: an unrelated finding that must stay failing
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
"""
OPEN_BLOCK = "{BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}"


def _bucket(acl: str) -> str:
    return f"""
  Subject:
    Type: AWS::S3::Bucket
    Metadata: {{checkov: {{skip: [{{id: CHECK, comment: accepted for this test}}]}}}}
    Properties:
      AccessControl: {acl}
      OwnershipControls: {{Rules: [{{ObjectOwnership: ObjectWriter}}]}}
      PublicAccessBlockConfiguration: {OPEN_BLOCK}
""" + UNRELATED


PUBLIC_KEY = """
  Subject:
    Type: AWS::KMS::Key
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties:
      KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'kms:Decrypt', Resource: '*'}]}
"""
PUBLIC_REPO = """
  Subject:
    Type: AWS::ECR::Repository
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties:
      RepositoryPolicyText: {Statement: [{Effect: Allow, Principal: '*', Action: ['ecr:BatchGetImage']}]}
""" + UNRELATED
PUBLIC_URL = """
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: index.h, Role: arn:aws:iam::123456789012:role/x, Code: {ZipFile: x}}
  Subject:
    Type: AWS::Lambda::Url
    Metadata: {checkov: {skip: [{id: CHECK, comment: accepted for this test}]}}
    Properties: {TargetFunctionArn: {'Fn::GetAtt': [Fn, Arn]}, AuthType: NONE}
""" + UNRELATED

# (rule id, check id) -> template body (CHECK is replaced by the check id), and what the twin covers.
SNIPPETS: dict[tuple[str, str], str] = {
    **{("TG-IAM-001", check): _role("{Effect: Allow, Action: '*', Resource: '*'}")
       for check in ("CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111")},
    ("TG-IAM-005", "CKV_AWS_60"): _role("{Effect: Allow, Action: '*', Resource: '*'}"),
    **{("TG-IAM-002", check): _role("{Effect: Allow, NotAction: 'iam:*', Resource: '*'}")
       for check in ("CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111")},
    ("TG-IAM-003", "CKV_AWS_109"): _role("{Effect: Allow, Action: 'iam:PassRole', Resource: '*'}"),
    **{("TG-SG-001", check): OPEN_PORTS for check in ("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260")},
    ("TG-HTTP-001", "CKV_AWS_2"): _listener("HTTP", "Port: 80"),
    ("TG-HTTP-001", "CKV_AWS_103"): _listener("HTTP", "Port: 80"),
    ("TG-TLS-001", "CKV_AWS_103"): _listener("HTTPS", "Port: 443\n      SslPolicy: ELBSecurityPolicy-2016-08\n"
                                             "      Certificates: [{CertificateArn: arn:aws:acm:us-east-1:1:certificate/x}]"),
    ("TG-NET-003", "CKV_AWS_17"): PUBLIC_RDS,
    ("TG-NET-003", "CKV_AWS_87"): PUBLIC_REDSHIFT,
    ("TG-COST-007", "CKV_AWS_66"): LOG_GROUP,
    ("TG-PUB-002", "CKV_AWS_20"): _bucket("PublicRead"),
    ("TG-PUB-002", "CKV_AWS_57"): _bucket("PublicReadWrite"),
    ("TG-PUB-005", "CKV_AWS_33"): PUBLIC_KEY,
    ("TG-PUB-008", "CKV_AWS_32"): PUBLIC_REPO,
    ("TG-PUB-007", "CKV_AWS_258"): PUBLIC_URL,
}
# The security-group checks name one port each: the twin is the finding for that port.
PORT = {"CKV_AWS_24": "tcp/22", "CKV_AWS_25": "tcp/3389", "CKV_AWS_260": "tcp/80"}


def _file_name(rule_id: str, check_id: str) -> str:
    return f"{rule_id}--{check_id}.yaml"


@pytest.fixture(scope="module")
def twin_scan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("twins")
    for (rule_id, check_id), body in SNIPPETS.items():
        (folder / _file_name(rule_id, check_id)).write_text("Resources:" + body.replace("CHECK", check_id))
    result = scan_templates([str(folder)], Config(runtime_hours=1), Engines(checkov=True, cfnlint=False))
    assert not [e for e in result.errors if "checkov" in e.message], result.errors
    return result


def test_every_declared_pair_has_a_snippet() -> None:
    declared = {(rule_id, check_id) for check_id, rule_ids in checkov_twins().items() for rule_id in rule_ids}
    assert declared == set(SNIPPETS), declared ^ set(SNIPPETS)


@pytest.mark.parametrize("rule_id, check_id", sorted(SNIPPETS))
def test_a_checkov_skip_silences_its_twin_and_nothing_else(twin_scan, rule_id: str, check_id: str) -> None:
    in_file = [f for f in twin_scan.findings if f.subject.file and Path(f.subject.file).name == _file_name(rule_id, check_id)]
    ours = [f for f in in_file if f.source.value == "tierguard" and f.severity.value != "info"]
    twins = [f for f in ours if f.rule_id == rule_id and f.subject.logical_id == "Subject"
             and (check_id not in PORT or PORT[check_id] in f.message)]
    assert len(twins) == 1, [(f.rule_id, f.message, f.ids) for f in in_file]
    [twin] = twins
    assert check_id in twin.ids, f"{check_id} was not merged into {rule_id}: {twin.ids}"
    assert twin.status is Status.SUPPRESSED and twin.suppression["rule"] == check_id
    others = [f for f in ours if f is not twin]
    assert others, "the snippet must hold another finding to prove nothing else is silenced"
    assert all(f.status is not Status.SUPPRESSED for f in others), [(f.rule_id, f.message) for f in others]


def test_the_reported_case_a_trust_policy_skip_keeps_the_administrator_finding(twin_scan) -> None:
    """The bug: skipping CKV_AWS_60 (the trust-policy check) suppressed TG-IAM-001 and left TG-IAM-005."""
    in_file = {f.rule_id: f for f in twin_scan.findings
               if f.subject.file and Path(f.subject.file).name == _file_name("TG-IAM-005", "CKV_AWS_60")}
    assert in_file["TG-IAM-001"].status is Status.FAIL and in_file["TG-IAM-001"].severity.value == "critical"
    assert in_file["TG-IAM-005"].status is Status.SUPPRESSED
