#!/usr/bin/env node
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NetworkStack } from '../lib/network-stack';
import { SecurityStack } from '../lib/security-stack';
import { AppStack } from '../lib/app-stack';
import { ComputeStack } from '../lib/compute-stack';
import { DataStack } from '../lib/data-stack';
import { BudgetStack } from '../lib/budget-stack';
import { Mistakes, parseVariant } from '../lib/variants';
import { TierguardValidator } from 'tierguard-cdk';

// TIERGUARD_VALIDATE=1 npx cdk synth: tierguard checks the synthesized templates and fails the synth
// on failing findings (the fixtures are regenerated without it, mistakes and all).
const app = new App();
if (process.env.TIERGUARD_VALIDATE) {
  Validations.of(app).addPlugins(new TierguardValidator({ args: ['--runtime-hours', '72'] }));
}
const variant = parseVariant(app.node.tryGetContext('variant'));
const mistakes = new Mistakes(variant);
if (variant === 'compliant-exports') {
  // Older apps (and this flag's pre-2.254 default) use Export + Fn::ImportValue between stacks.
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
}
// A fixed account keeps the output stable; us-east-1 is the lab's one region.
const env = { account: '123456789012', region: 'us-east-1' };

const network = new NetworkStack(app, 'NetworkStack', { env, mistakes });
const security = new SecurityStack(app, 'SecurityStack', { env, mistakes, vpc: network.vpc });
const web = new AppStack(app, 'AppStack', {
  env,
  mistakes,
  vpc: network.vpc,
  albSecurityGroup: security.albSecurityGroup,
});
new ComputeStack(app, 'ComputeStack', {
  env,
  mistakes,
  vpc: network.vpc,
  ecsSecurityGroup: security.ecsSecurityGroup,
  targetGroup: web.targetGroup,
});
if (mistakes.has('rds', 'aurora')) {
  new DataStack(app, 'DataStack', { env, kind: mistakes.has('rds') ? 'rds' : 'aurora', vpc: network.vpc, dbSecurityGroup: security.dbSecurityGroup });
}
if (!mistakes.has('no-budget')) {
  new BudgetStack(app, 'BudgetStack', { env, mistakes });
}
if (mistakes.has('other-region')) {
  const stray = new Stack(app, 'StrayStack', { env: { account: env.account, region: 'eu-central-1' } });
  new logs.LogGroup(stray, 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
}
