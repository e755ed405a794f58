"""TG-COST-003 (rules/costly_resource/fargate_size.py)."""
from ..snippets import check


def test_large_or_many_tasks_fail() -> None:
    [big] = check("TG-COST-003", """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties: {Cpu: "2048", Memory: "4096", RequiresCompatibilities: [FARGATE], NetworkMode: awsvpc,
                         ContainerDefinitions: [{Name: app, Image: nginx}]}
          Service:
            Type: AWS::ECS::Service
            Properties: {Cluster: lab, LaunchType: FARGATE, DesiredCount: 1, TaskDefinition: {Ref: Task}}
    """)
    assert "2 vCPU / 4 GB per task" in big.message
    [many] = check("TG-COST-003", """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties: {Cpu: "256", Memory: "512", RequiresCompatibilities: [FARGATE], NetworkMode: awsvpc,
                         ContainerDefinitions: [{Name: app, Image: nginx}]}
          Service:
            Type: AWS::ECS::Service
            Properties: {Cluster: lab, LaunchType: FARGATE, DesiredCount: 3, TaskDefinition: {Ref: Task}}
    """)
    assert "3 tasks" in many.message


def test_one_small_task_passes() -> None:
    assert check("TG-COST-003", """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties: {Cpu: "256", Memory: "512", RequiresCompatibilities: [FARGATE], NetworkMode: awsvpc,
                         ContainerDefinitions: [{Name: app, Image: nginx}]}
          Service:
            Type: AWS::ECS::Service
            Properties: {Cluster: lab, LaunchType: FARGATE, DesiredCount: 1, TaskDefinition: {Ref: Task}}
    """) == []
