import { Stack, StackProps, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Mistakes } from './variants';
import { APP_PORT } from './security-stack';

export interface ComputeStackProps extends StackProps {
  mistakes: Mistakes;
  vpc: ec2.IVpc;
  ecsSecurityGroup: ec2.ISecurityGroup;
  targetGroup: elbv2.IApplicationTargetGroup;
}

// One Fargate cluster, one small task definition, one service (desired count 1) behind the ALB.
export class ComputeStack extends Stack {
  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);
    const { mistakes, vpc, ecsSecurityGroup, targetGroup } = props;
    const big = mistakes.has('big-fargate');
    // Without NAT, tasks sit in the public subnets with a public IP so they can pull their image;
    // with interface endpoints they stay private.
    const privateTasks = mistakes.has('interface-endpoints');

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: mistakes.has('container-insights') ? ecs.ContainerInsights.ENABLED : undefined,
    });

    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Role of the booking app container',
    });
    if (mistakes.has('admin-task-role')) {
      taskRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
    }
    if (mistakes.has('admin-managed-policy')) {
      taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    }

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      cpu: big ? 2048 : 256,
      memoryLimitMiB: big ? 4096 : 512,
      taskRole,
    });
    const logGroup = new logs.LogGroup(this, 'AppLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    taskDefinition.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:20-alpine'),
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup }),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: big ? 4 : 1,
      assignPublicIp: !privateTasks,
      vpcSubnets: { subnetType: privateTasks ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PUBLIC },
      securityGroups: [ecsSecurityGroup],
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
    });
    service.attachToApplicationTargetGroup(targetGroup);

    if (mistakes.has('big-ec2')) {
      new ec2.Instance(this, 'BuildBox', {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.M5, ec2.InstanceSize.XLARGE),
        machineImage: ec2.MachineImage.latestAmazonLinux2023(),
        securityGroup: ecsSecurityGroup,
      });
    }
  }
}
