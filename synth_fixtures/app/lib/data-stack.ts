import { Stack, StackProps, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface DataStackProps extends StackProps {
  kind: 'rds' | 'aurora';
  vpc: ec2.IVpc;
  dbSecurityGroup: ec2.ISecurityGroup;
}

// Only in the rds / aurora variants: the "future" database, built the way a tutorial does it.
export class DataStack extends Stack {
  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { kind, vpc, dbSecurityGroup } = props;
    const vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    if (kind === 'rds') {
      new rds.DatabaseInstance(this, 'Database', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
        vpc,
        vpcSubnets,
        securityGroups: [dbSecurityGroup],
        removalPolicy: RemovalPolicy.DESTROY,
        deletionProtection: false,
      });
    } else {
      new rds.DatabaseCluster(this, 'AuroraCluster', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
        writer: rds.ClusterInstance.serverlessV2('Writer'),
        serverlessV2MinCapacity: 0.5,
        serverlessV2MaxCapacity: 2,
        vpc,
        vpcSubnets,
        securityGroups: [dbSecurityGroup],
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
  }
}
