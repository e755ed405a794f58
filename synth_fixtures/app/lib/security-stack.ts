import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { Mistakes } from './variants';

export interface SecurityStackProps extends StackProps {
  mistakes: Mistakes;
  vpc: ec2.IVpc;
}

export const APP_PORT = 3000;

// ALB group: 443 from anywhere. ECS group: the app port from the ALB group only. DB group: no inbound.
export class SecurityStack extends Stack {
  readonly albSecurityGroup: ec2.SecurityGroup;
  readonly ecsSecurityGroup: ec2.SecurityGroup;
  readonly dbSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props);
    const { mistakes, vpc } = props;

    this.albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'ALB: HTTPS from the internet',
      allowAllOutbound: true,
    });
    this.albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anywhere');

    this.ecsSecurityGroup = new ec2.SecurityGroup(this, 'EcsSecurityGroup', {
      vpc,
      description: 'ECS tasks: app port from the ALB only',
      allowAllOutbound: true,
    });
    this.ecsSecurityGroup.addIngressRule(this.albSecurityGroup, ec2.Port.tcp(APP_PORT), 'app port from the ALB');

    this.dbSecurityGroup = new ec2.SecurityGroup(this, 'DbSecurityGroup', {
      vpc,
      description: 'Database (future): no inbound',
      allowAllOutbound: false,
    });

    if (mistakes.has('ssh-open')) {
      this.ecsSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'SSH for debugging');
    }
    if (mistakes.has('ecs-open')) {
      this.ecsSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(APP_PORT), 'app port, quick test');
    }
    if (mistakes.has('all-traffic')) {
      this.albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic(), 'everything');
    }
    if (mistakes.has('ipv6-open')) {
      this.albSecurityGroup.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(8080), 'alt port over IPv6');
    }
    if (mistakes.has('http-forward', 'http-redirect')) {
      this.albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP');
    }
    if (mistakes.has('port80-accepted')) {
      const cfnAlbSg = this.albSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup;
      cfnAlbSg.addMetadata('checkov', { skip: [{ id: 'CKV_AWS_260', comment: 'port 80 only redirects to 443' }] });
      cfnAlbSg.addMetadata('tierguard', { suppress: [{ rule: 'TG-SG-001', reason: 'port 80 only redirects to 443' }] });
    }
    if (mistakes.has('rds', 'aurora')) {
      this.dbSecurityGroup.addIngressRule(this.ecsSecurityGroup, ec2.Port.tcp(5432), 'Postgres from ECS');
    }
  }
}
