"""Build the seed's lab in a moto account (never a real one): the console-made phase-1 setup,
and the mistakes a learner makes. Used by `tierguard demo` (in-process moto) and by the tests
(moto_server over HTTP).

Every function here mutates; the scanner never imports this module. `guard_fake_account`
refuses to run unless the account is moto's default, so it cannot touch a real account.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import boto3

MOTO_ACCOUNT = "123456789012"
TRUST_ECS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


class NotAFakeAccount(RuntimeError):
    pass


def guard_fake_account(session: boto3.Session, region: str) -> None:
    account = session.client("sts", region_name=region).get_caller_identity()["Account"]
    if account != MOTO_ACCOUNT:
        raise NotAFakeAccount(f"refusing to build a lab in account {account}: this only runs against moto")


@dataclass
class Lab:
    """What was built, for assertions: names → ids / ARNs."""

    region: str
    ids: dict[str, str] = field(default_factory=dict)


def build_compliant_lab(session: boto3.Session, region: str = "us-east-1", busy_days: int = 7) -> Lab:
    """VPC without NAT, ALB with HTTPS (ACM), one Fargate task reachable only from the ALB, a 5 USD budget."""
    guard_fake_account(session, region)
    lab = Lab(region)
    ec2 = session.client("ec2", region_name=region)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    _name(ec2, vpc, "lab-vpc")
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    private_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    subnets = {}
    for index, (kind, zone) in enumerate([("public", "a"), ("public", "b"), ("private", "a"), ("private", "b")]):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{index}.0/24", AvailabilityZone=f"{region}{zone}")["Subnet"]["SubnetId"]
        _name(ec2, subnet, f"lab-{kind}-{zone}")
        ec2.associate_route_table(RouteTableId=public_table if kind == "public" else private_table, SubnetId=subnet)
        if kind == "public":
            ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
        subnets[f"{kind}-{zone}"] = subnet
    lab.ids.update(vpc=vpc, igw=igw, public_table=public_table, private_table=private_table,
                   **{f"subnet-{k}": v for k, v in subnets.items()})

    alb_sg = ec2.create_security_group(GroupName="lab-alb", Description="ALB: HTTPS from the internet", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS"}]}])
    ecs_sg = ec2.create_security_group(GroupName="lab-ecs", Description="ECS tasks: app port from the ALB", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=ecs_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 3000, "ToPort": 3000, "UserIdGroupPairs": [{"GroupId": alb_sg}]}])
    db_sg = ec2.create_security_group(GroupName="lab-db", Description="Database (future): no inbound", VpcId=vpc)["GroupId"]
    lab.ids.update(alb_sg=alb_sg, ecs_sg=ecs_sg, db_sg=db_sg)

    acm = session.client("acm", region_name=region)
    certificate = acm.request_certificate(DomainName="tickets.example.com", ValidationMethod="DNS")["CertificateArn"]
    elb = session.client("elbv2", region_name=region)
    alb = elb.create_load_balancer(Name="lab-alb", Subnets=[subnets["public-a"], subnets["public-b"]],
                                   SecurityGroups=[alb_sg], Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    group = elb.create_target_group(Name="lab-app", Protocol="HTTP", Port=3000, VpcId=vpc, TargetType="ip",
                                    HealthCheckPath="/health")["TargetGroups"][0]
    listener = elb.create_listener(LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
                                   Certificates=[{"CertificateArn": certificate}], SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                                   DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])["Listeners"][0]
    elb.register_targets(TargetGroupArn=group["TargetGroupArn"], Targets=[{"Id": "10.0.0.10", "Port": 3000}])
    lab.ids.update(certificate=certificate, alb=alb["LoadBalancerArn"], target_group=group["TargetGroupArn"],
                   https_listener=listener["ListenerArn"])
    busy_traffic(session, region, alb["LoadBalancerArn"], busy_days)

    iam = session.client("iam", region_name=region)
    role = iam.create_role(RoleName="lab-task", AssumeRolePolicyDocument=json.dumps(TRUST_ECS))["Role"]["Arn"]
    iam.put_role_policy(RoleName="lab-task", PolicyName="read-config", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::lab-config/*"}]}))
    lab.ids["task_role"] = role

    logs = session.client("logs", region_name=region)
    logs.create_log_group(logGroupName="/lab/app")
    logs.put_retention_policy(logGroupName="/lab/app", retentionInDays=7)

    ecs = session.client("ecs", region_name=region)
    cluster = ecs.create_cluster(clusterName="lab")["cluster"]["clusterArn"]
    task = ecs.register_task_definition(
        family="lab-app", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        taskRoleArn=role, containerDefinitions=[{"name": "app", "image": "public.ecr.aws/docker/library/node:20-alpine",
                                                 "portMappings": [{"containerPort": 3000}], "essential": True}],
    )["taskDefinition"]["taskDefinitionArn"]
    service = ecs.create_service(
        cluster=cluster, serviceName="lab-app", taskDefinition=task, desiredCount=1, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnets["public-a"], subnets["public-b"]],
                                                      "securityGroups": [ecs_sg], "assignPublicIp": "ENABLED"}},
        loadBalancers=[{"targetGroupArn": group["TargetGroupArn"], "containerName": "app", "containerPort": 3000}],
    )["service"]["serviceArn"]
    lab.ids.update(cluster=cluster, task_definition=task, service=service)
    create_budget(session, alert_usd=1)
    return lab


def busy_traffic(session: boto3.Session, region: str, load_balancer_arn: str, days: int) -> None:
    """CloudWatch RequestCount for the look-back window, so the ALB does not look idle."""
    cloudwatch = session.client("cloudwatch", region_name=region)
    dimension = load_balancer_arn.split(":loadbalancer/", 1)[1]
    now = dt.datetime.now(dt.timezone.utc)
    cloudwatch.put_metric_data(Namespace="AWS/ApplicationELB", MetricData=[
        {"MetricName": "RequestCount", "Dimensions": [{"Name": "LoadBalancer", "Value": dimension}],
         "Timestamp": now - dt.timedelta(hours=12 + 24 * day), "Value": 5000.0, "Unit": "Count"}
        for day in range(days)
    ])


def create_budget(session: boto3.Session, alert_usd: float, limit_usd: float = 5, name: str = "lab-monthly") -> None:
    budgets = session.client("budgets", region_name="us-east-1")
    budgets.create_budget(
        AccountId=MOTO_ACCOUNT,
        Budget={"BudgetName": name, "BudgetLimit": {"Amount": str(limit_usd), "Unit": "USD"}, "TimeUnit": "MONTHLY",
                "BudgetType": "COST"},
        NotificationsWithSubscribers=[{
            "Notification": {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": alert_usd,
                             "ThresholdType": "ABSOLUTE_VALUE"},
            "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "learner@example.com"}],
        }],
    )


def delete_budget(session: boto3.Session, name: str = "lab-monthly") -> None:
    session.client("budgets", region_name="us-east-1").delete_budget(AccountId=MOTO_ACCOUNT, BudgetName=name)


def plant_mistakes(session: boto3.Session, lab: Lab, other_region: str = "eu-west-1") -> dict[str, str]:
    """The learner's classic mistakes, on top of the compliant lab; returns name → ARN/id planted."""
    region = lab.region
    ec2 = session.client("ec2", region_name=region)
    planted: dict[str, str] = {}

    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=lab.ids["subnet-public-a"], AllocationId=allocation)["NatGateway"]["NatGatewayId"]
    planted["nat"] = f"arn:aws:ec2:{region}:{MOTO_ACCOUNT}:natgateway/{nat}"
    spare = ec2.allocate_address(Domain="vpc")["AllocationId"]
    planted["eip"] = f"arn:aws:ec2:{region}:{MOTO_ACCOUNT}:elastic-ip/{spare}"
    far = session.client("ec2", region_name=other_region).allocate_address(Domain="vpc")["AllocationId"]
    planted["eip_other_region"] = f"arn:aws:ec2:{other_region}:{MOTO_ACCOUNT}:elastic-ip/{far}"

    vpc = lab.ids["vpc"]
    ec2.authorize_security_group_ingress(GroupId=lab.ids["ecs_sg"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "ssh"}]}])
    planted["ssh"] = f"arn:aws:ec2:{region}:{MOTO_ACCOUNT}:security-group/{lab.ids['ecs_sg']}"
    everything = ec2.create_security_group(GroupName="lab-debug", Description="temporary: everything", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=everything, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    planted["all_traffic"] = f"arn:aws:ec2:{region}:{MOTO_ACCOUNT}:security-group/{everything}"
    ipv6 = ec2.create_security_group(GroupName="lab-ipv6", Description="alt port over IPv6", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=ipv6, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    planted["ipv6"] = f"arn:aws:ec2:{region}:{MOTO_ACCOUNT}:security-group/{ipv6}"

    rds = session.client("rds", region_name=region)
    database = rds.create_db_instance(DBInstanceIdentifier="lab-db", DBInstanceClass="db.t3.micro", Engine="postgres",
                                      AllocatedStorage=20, MasterUsername="lab", MasterUserPassword="not-a-real-secret-1",
                                      VpcSecurityGroupIds=[lab.ids["db_sg"]])["DBInstance"]
    planted["rds"] = database["DBInstanceArn"]

    elb = session.client("elbv2", region_name=region)
    subnets = [lab.ids["subnet-public-a"], lab.ids["subnet-public-b"]]
    idle = elb.create_load_balancer(Name="lab-idle", Subnets=subnets, SecurityGroups=[lab.ids["alb_sg"]],
                                    Scheme="internet-facing")["LoadBalancers"][0]["LoadBalancerArn"]
    empty = elb.create_target_group(Name="lab-empty", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]
    http = elb.create_listener(LoadBalancerArn=idle, Protocol="HTTP", Port=80,
                               DefaultActions=[{"Type": "forward", "TargetGroupArn": empty["TargetGroupArn"]}])["Listeners"][0]
    planted.update(idle_lb=idle, http_listener=http["ListenerArn"])
    dangling = elb.create_load_balancer(Name="lab-dangling", Subnets=subnets, SecurityGroups=[lab.ids["alb_sg"]],
                                        Scheme="internet-facing")["LoadBalancers"][0]["LoadBalancerArn"]
    planted["dangling_lb"] = dangling

    iam = session.client("iam", region_name=region)
    admin = iam.create_role(RoleName="lab-admin-task", AssumeRolePolicyDocument=json.dumps(TRUST_ECS))["Role"]["Arn"]
    iam.attach_role_policy(RoleName="lab-admin-task", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    planted["admin_role"] = admin
    wildcard = iam.create_policy(PolicyName="lab-s3-everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.create_user(UserName="lab-deployer")
    iam.attach_user_policy(UserName="lab-deployer", PolicyArn=wildcard)
    planted["wildcard_policy"] = wildcard
    s3 = session.client("s3", region_name=region)
    s3.create_bucket(Bucket="lab-site")  # the tutorial front end: a website bucket made public
    s3.put_bucket_website(Bucket="lab-site", WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    s3.put_bucket_policy(Bucket="lab-site", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lab-site/*"}]}))
    planted["public_bucket"] = "arn:aws:s3:::lab-site"
    delete_budget(session)
    return planted


def _name(ec2: Any, resource_id: str, name: str) -> None:
    ec2.create_tags(Resources=[resource_id], Tags=[{"Key": "Name", "Value": name}])
