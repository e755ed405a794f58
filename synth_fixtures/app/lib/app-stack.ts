import { Stack, StackProps, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Mistakes } from './variants';
import { APP_PORT } from './security-stack';

export interface AppStackProps extends StackProps {
  mistakes: Mistakes;
  vpc: ec2.IVpc;
  albSecurityGroup: ec2.ISecurityGroup;
}

// Internet-facing ALB in the public subnets; TLS terminates here with an ACM certificate.
export class AppStack extends Stack {
  readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { mistakes, vpc, albSecurityGroup } = props;

    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: albSecurityGroup,
    });

    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: 'tickets.example.com',
      validation: acm.CertificateValidation.fromDns(),
    });

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'AppTargetGroup', {
      vpc,
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { path: '/health', interval: Duration.seconds(30) },
    });

    alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      // old-tls: SslPolicy.RECOMMENDED reads as the safe choice but is ELBSecurityPolicy-2016-08 (TLS 1.0).
      sslPolicy: mistakes.has('old-tls') ? elbv2.SslPolicy.RECOMMENDED : elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultTargetGroups: [this.targetGroup],
    });

    if (mistakes.has('http-forward')) {
      alb.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultTargetGroups: [this.targetGroup],
      });
    }
    if (mistakes.has('http-redirect')) {
      alb.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
    }
    if (mistakes.has('public-website')) {
      // The classic tutorial front end: a website bucket made public, instead of CloudFront with origin access control.
      new s3.Bucket(this, 'Site', {
        websiteIndexDocument: 'index.html',
        publicReadAccess: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
    if (mistakes.has('enforce-ssl')) {
      // Private, and HTTPS only: CDK writes a Deny for {AWS: "*"} when aws:SecureTransport is false.
      new s3.Bucket(this, 'Assets', {
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
    if (mistakes.has('lb-no-listener')) {
      new elbv2.ApplicationLoadBalancer(this, 'AdminAlb', {
        vpc,
        internetFacing: true,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        securityGroup: albSecurityGroup,
      });
    }
  }
}
