"""ECS: clusters (with Container Insights settings), services, the task definitions they run."""
from __future__ import annotations

from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector


class Ecs(Collector):
    name = "ecs"
    service = "ecs"
    types = ("AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition")
    calls = (
        ("ecs", "ListClusters"),
        ("ecs", "DescribeClusters"),
        ("ecs", "ListServices"),
        ("ecs", "DescribeServices"),
        ("ecs", "DescribeTaskDefinition"),
    )

    def collect(self, ctx: CollectContext) -> list[Resource]:
        found: list[Resource] = []
        arns = ctx.pages("ecs", "ListClusters", "clusterArns", missing=self.types) or []
        task_definitions: set[str] = set()
        for start in range(0, len(arns), 100):
            answer = ctx.call("ecs", "DescribeClusters", missing=self.types, clusters=arns[start : start + 100],
                              include=["SETTINGS", "TAGS"])
            for cluster in (answer or {}).get("clusters", []):
                if cluster.get("status") == "INACTIVE":
                    continue
                found.append(
                    ctx.resource(
                        "AWS::ECS::Cluster",
                        cluster["clusterArn"],
                        {
                            "ClusterName": cluster.get("clusterName"),
                            "ClusterSettings": [{"Name": s.get("name"), "Value": s.get("value")} for s in cluster.get("settings", [])],
                        },
                        arn=cluster["clusterArn"],
                        tags=cluster.get("tags"),
                        aliases=[cluster.get("clusterName", "")],
                        observed={"running_tasks": cluster.get("runningTasksCount", 0), "services": cluster.get("activeServicesCount", 0)},
                    )
                )
                found.extend(self._services(ctx, cluster["clusterArn"], task_definitions))
        for arn in sorted(task_definitions):
            answer = ctx.call("ecs", "DescribeTaskDefinition", missing=("AWS::ECS::TaskDefinition",), taskDefinition=arn)
            if answer:
                found.append(_task_definition(ctx, answer["taskDefinition"]))
        return found

    def _services(self, ctx: CollectContext, cluster: str, task_definitions: set[str]) -> list[Resource]:
        found = []
        arns = ctx.pages("ecs", "ListServices", "serviceArns", missing=("AWS::ECS::Service",), cluster=cluster) or []
        for start in range(0, len(arns), 10):
            answer = ctx.call("ecs", "DescribeServices", missing=("AWS::ECS::Service",), cluster=cluster,
                              services=arns[start : start + 10], include=["TAGS"])
            for service in (answer or {}).get("services", []):
                if service.get("status") == "INACTIVE":
                    continue
                task_definitions.add(service.get("taskDefinition", ""))
                network = (service.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
                found.append(
                    ctx.resource(
                        "AWS::ECS::Service",
                        service["serviceArn"],
                        {
                            "Cluster": cluster,
                            "ServiceName": service.get("serviceName"),
                            "DesiredCount": service.get("desiredCount", 0),
                            "LaunchType": service.get("launchType"),
                            "CapacityProviderStrategy": [
                                {"CapacityProvider": s.get("capacityProvider"), "Weight": s.get("weight")}
                                for s in service.get("capacityProviderStrategy", [])
                            ],
                            "TaskDefinition": service.get("taskDefinition"),
                            "NetworkConfiguration": {
                                "AwsvpcConfiguration": {
                                    "AssignPublicIp": network.get("assignPublicIp", "DISABLED"),
                                    "SecurityGroups": network.get("securityGroups", []),
                                    "Subnets": network.get("subnets", []),
                                }
                            },
                            "LoadBalancers": [
                                {k: v for k, v in (("TargetGroupArn", lb.get("targetGroupArn")), ("ContainerName", lb.get("containerName")),
                                                   ("ContainerPort", lb.get("containerPort"))) if v is not None}
                                for lb in service.get("loadBalancers", [])
                            ],
                        },
                        arn=service["serviceArn"],
                        tags=service.get("tags"),
                        aliases=[service.get("serviceName", "")],
                        observed={"running_count": service.get("runningCount", 0)},
                    )
                )
        return found


def _task_definition(ctx: CollectContext, task: dict[str, Any]) -> Resource:
    properties: dict[str, Any] = {
        "Family": task.get("family"),
        "Cpu": task.get("cpu"),
        "Memory": task.get("memory"),
        "NetworkMode": task.get("networkMode"),
        "RequiresCompatibilities": task.get("requiresCompatibilities", []),
        "TaskRoleArn": task.get("taskRoleArn"),
        "ExecutionRoleArn": task.get("executionRoleArn"),
    }
    if task.get("runtimePlatform"):
        properties["RuntimePlatform"] = {"CpuArchitecture": task["runtimePlatform"].get("cpuArchitecture", "X86_64")}
    if task.get("ephemeralStorage"):
        properties["EphemeralStorage"] = {"SizeInGiB": task["ephemeralStorage"].get("sizeInGiB")}
    arn = task["taskDefinitionArn"]
    return ctx.resource("AWS::ECS::TaskDefinition", arn, {k: v for k, v in properties.items() if v is not None}, arn=arn)
