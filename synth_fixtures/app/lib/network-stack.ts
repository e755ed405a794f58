import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { Mistakes } from './variants';

export interface NetworkStackProps extends StackProps {
  mistakes: Mistakes;
}

// One VPC, two public and two private subnets in two AZs, an internet gateway, no NAT.
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { mistakes } = props;
    const withNat = mistakes.has('nat');

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2, // the AZ lookup is answered by cdk.context.json, so synthesis needs no account
      natGateways: withNat ? 1 : 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        {
          name: 'Private',
          subnetType: withNat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 24,
        },
      ],
    });

    if (mistakes.has('nat-suppressed')) {
      // What a CDK user writes to accept a finding for a while: metadata on the L1 resource.
      const nat = this.vpc.publicSubnets[0].node.findChild('NATGateway') as ec2.CfnNatGateway;
      nat.addMetadata('tierguard', {
        suppress: [{ rule: 'TG-NAT-001', reason: 'egress test for the image pull, removed after the lab', expires: '2099-12-31' }],
      });
    }

    if (mistakes.has('unattached-eip')) {
      new ec2.CfnEIP(this, 'SpareAddress', { domain: 'vpc' });
    }

    if (mistakes.has('private-igw')) {
      const subnet = this.vpc.isolatedSubnets[0];
      new ec2.CfnRoute(this, 'PrivateDefaultRoute', {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: this.vpc.internetGatewayId!,
      });
    }

    if (mistakes.has('interface-endpoints')) {
      for (const [name, service] of [
        ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
        ['EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
        ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
      ] as const) {
        this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
          service,
          subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        });
      }
      this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    }
  }
}
