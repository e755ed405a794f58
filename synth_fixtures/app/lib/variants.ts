// Every variant adds exactly one realistic mistake to the compliant seed app.
// Select one with `cdk synth -c variant=<name>`; `regenerate.sh` synthesizes them all.
export const VARIANTS = {
  'compliant': 'the seed architecture, cross-stack references as Fn::GetStackOutput (current CDK default)',
  'compliant-exports': 'the seed architecture, cross-stack references as Export / Fn::ImportValue (older apps)',
  'nat': 'natGateways: 1 (private subnets with egress through a NAT gateway)',
  'rds': 'an RDS PostgreSQL instance with CDK defaults (m5.large, 100 GB)',
  'ssh-open': 'SSH (22) open to 0.0.0.0/0 on the ECS security group',
  'ecs-open': 'the ECS group reachable on 3000 from 0.0.0.0/0 instead of only from the ALB group',
  'all-traffic': 'an all-traffic (-1) rule from 0.0.0.0/0 on the ALB group',
  'ipv6-open': 'port 8080 open to ::/0 on the ALB group',
  'admin-task-role': 'the task role allowed "*" on "*"',
  'admin-managed-policy': 'AdministratorAccess attached to the task role',
  'no-budget': 'no budget stack',
  'budget-too-high': 'a 100 USD budget',
  'budget-no-alert': 'a 5 USD budget without notifications',
  'http-forward': 'an HTTP listener on 80 forwarding to the target group (and 80 open)',
  'http-redirect': 'an HTTP listener on 80 that only redirects to HTTPS (80 open, not plain-http)',
  'old-tls': 'the HTTPS listener on SslPolicy.RECOMMENDED, which is ELBSecurityPolicy-2016-08 (TLS 1.0 and 1.1)',
  'unattached-eip': 'an Elastic IP allocated and never associated',
  'private-igw': 'a private subnet routed to the internet gateway',
  'lb-no-listener': 'a second load balancer with no listener',
  'other-region': 'an extra stack in eu-central-1',
  'interface-endpoints': 'interface VPC endpoints for ecr.api, ecr.dkr and logs instead of public subnets',
  'big-fargate': 'a Fargate service of 4 tasks with 2 vCPU / 4 GB each',
  'big-ec2': 'an m5.xlarge EC2 instance',
  'container-insights': 'Container Insights enabled on the cluster',
  'aurora': 'an Aurora Serverless v2 PostgreSQL cluster',
  'nat-suppressed': 'the NAT variant, with an inline tierguard suppression (reason, expiry) added via addMetadata',
  'port80-accepted': 'the http-redirect variant, port 80 accepted inline: a checkov skip and a tierguard suppression',
  'public-website': 'a static website bucket anyone can read (publicReadAccess: true, website hosting)',
  'enforce-ssl': 'a private assets bucket with enforceSSL: true (a Deny to {AWS: "*"}): must stay clean',
  'demo-lab': 'several mistakes at once (bundled with tierguard for `tierguard demo`)',
} as const;

export type Variant = keyof typeof VARIANTS;

// The demo lab combines a handful of the single mistakes above.
const DEMO_LAB: Variant[] = ['nat', 'ssh-open', 'admin-managed-policy', 'http-forward', 'budget-too-high', 'unattached-eip',
  'public-website'];

// Variants that build on another one.
const IMPLIES: Partial<Record<Variant, Variant[]>> = {
  'nat-suppressed': ['nat'],
  'port80-accepted': ['http-redirect'],
};

/** The mistakes a variant plants: itself (and what it builds on), or the demo lab's set. */
export class Mistakes {
  private readonly active: ReadonlySet<Variant>;

  constructor(readonly variant: Variant) {
    this.active = new Set(variant === 'demo-lab' ? DEMO_LAB : [variant, ...(IMPLIES[variant] ?? [])]);
  }

  has(...names: Variant[]): boolean {
    return names.some((name) => this.active.has(name));
  }
}

export function parseVariant(raw: unknown): Variant {
  const name = (raw ?? 'compliant') as string;
  if (!(name in VARIANTS)) {
    throw new Error(`unknown variant "${name}"; known: ${Object.keys(VARIANTS).join(', ')}`);
  }
  return name as Variant;
}
