import { Stack, StackProps } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import { Construct } from 'constructs';
import { Mistakes } from './variants';

export interface BudgetStackProps extends StackProps {
  mistakes: Mistakes;
}

// The account-safety budget of the seed: 5 USD a month, an alert once 1 USD is actually spent.
export class BudgetStack extends Stack {
  constructor(scope: Construct, id: string, props: BudgetStackProps) {
    super(scope, id, props);
    const { mistakes } = props;

    new budgets.CfnBudget(this, 'MonthlyBudget', {
      budget: {
        budgetName: 'lab-monthly',
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: mistakes.has('budget-too-high') ? 100 : 5, unit: 'USD' },
      },
      notificationsWithSubscribers:
        mistakes.has('budget-no-alert')
          ? undefined
          : [
              {
                notification: {
                  notificationType: 'ACTUAL',
                  comparisonOperator: 'GREATER_THAN',
                  threshold: 1,
                  thresholdType: 'ABSOLUTE_VALUE',
                },
                subscribers: [{ subscriptionType: 'EMAIL', address: 'learner@example.com' }],
              },
            ],
    });
  }
}
