import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { ServiceConfig } from '../../shared/config/service-config.js';
import { businessMetric, functionLabelOf, tableSystemErrors } from './dashboard.js';
import type { PortalFunction } from './portal-function.js';

// The alarms that need a person (issue 15, item 3), beside those of the reminder pipeline and the
// synthetic check. operator-alarms.ts sends every one to the service's alarm topic; each is
// named therapy-portal-<service>-…, so two services' alarms never share a name, and
// docs/runbook.md says for each what it means and what to do.

export interface ServiceAlarmsProps {
  readonly serviceId: string;
  readonly operations: ServiceConfig['operations'];
  readonly httpApi: IHttpApi;
  readonly functions: readonly PortalFunction[];
  /** The function that sends reminders: its failures are "reminders failing". */
  readonly notify: PortalFunction;
  readonly table: Table;
}

/** The share of requests answered 5xx (percent) over 5 minutes at which the API alarm fires. */
export const API_5XX_PERCENT = 5;
/** Fewer requests than this in 5 minutes are too few to make a rate of (one error of two is 50%). */
export const API_5XX_MIN_REQUESTS = 20;
/** A working day, as the alarm counts it: 24 hours (shared/config/service-config.ts says why). */
export const MINUTES_PER_WORKING_DAY = 24 * 60;
/** Failed reminder sends in 15 minutes that make "reminders failing". */
export const REMINDERS_FAILED_THRESHOLD = 3;

const fiveMinutes = Duration.minutes(5);

export class ServiceAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const name = (what: string) => `therapy-portal-${props.serviceId}-${what}`;
    const add = (alarm: Alarm) => {
      this.alarms.push(alarm);
      return alarm;
    };

    // AWS's own metrics: no data means nothing happened, which is not a fault.
    const requests = props.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    add(
      new Alarm(this, 'Api5xxRate', {
        alarmName: name('api-5xx-rate'),
        alarmDescription: `More than ${API_5XX_PERCENT}% of the portal's requests failed with a server error (5xx) for 10 minutes. docs/runbook.md, "API 5xx rate".`,
        metric: new MathExpression({
          expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
          usingMetrics: { requests, errors: serverErrors },
          label: '5xx (% of requests)',
          period: fiveMinutes,
        }),
        threshold: API_5XX_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // One pair per function: a graph of several functions hides which one failed, and an
    // expression over all is capped at ten metrics, fewer than the portal's functions.
    for (const fn of props.functions) {
      const label = functionLabelOf(fn);
      const slug = label.toLowerCase().replaceAll('/', '-');
      add(
        new Alarm(this, `${label.replaceAll('/', '')}Errors`, {
          alarmName: name(`lambda-errors-${slug}`),
          alarmDescription: `The ${label} function failed (an unhandled error or a timeout) 3 or more times in 5 minutes. docs/runbook.md, "Lambda errors".`,
          metric: fn.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
          threshold: 3,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      add(
        new Alarm(this, `${label.replaceAll('/', '')}Throttles`, {
          alarmName: name(`lambda-throttles-${slug}`),
          alarmDescription: `Lambda refused to run the ${label} function (throttled) in 5 minutes: requests or messages were turned away. docs/runbook.md, "Lambda throttles".`,
          metric: fn.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    add(
      new Alarm(this, 'TableSystemErrors', {
        alarmName: name('dynamodb-system-errors'),
        alarmDescription:
          'DynamoDB answered the portal with its own errors (5xx) in 5 minutes. docs/runbook.md, "DynamoDB errors and throttles".',
        metric: tableSystemErrors(props.table),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'TableThrottles', {
        alarmName: name('dynamodb-throttles'),
        alarmDescription:
          'DynamoDB throttled reads or writes of the portal table in 5 minutes. docs/runbook.md, "DynamoDB errors and throttles".',
        metric: new MathExpression({
          expression: 'SUM([reads, writes])',
          usingMetrics: {
            reads: props.table.metric('ReadThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
            writes: props.table.metric('WriteThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
          },
          label: 'Throttled requests',
          period: fiveMinutes,
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // The portal's own metrics (namespace Portal/<service>, names from
    // shared/observability/business-metrics.ts): silence means nothing to report.
    const fifteenMinutes = Duration.minutes(15);
    add(
      new Alarm(this, 'RemindersFailing', {
        alarmName: name('reminders-failing'),
        alarmDescription: `${REMINDERS_FAILED_THRESHOLD} or more reminder sends failed in 15 minutes (SNS or SES refusing): they are being retried and may end in the dead-letter queue. docs/runbook.md, "Reminders failing".`,
        metric: new MathExpression({
          // The notify function's crashes count too: a send that never reports still failed.
          expression: 'SUM([FILL(failed, 0), FILL(crashed, 0)])',
          usingMetrics: {
            failed: businessMetric(
              props.serviceId,
              { name: 'RemindersFailed', statistic: 'Sum' },
              fifteenMinutes,
            ),
            crashed: props.notify.function.metricErrors({ period: fifteenMinutes, statistic: 'Sum' }),
          },
          label: 'Failed reminder sends',
          period: fifteenMinutes,
        }),
        threshold: REMINDERS_FAILED_THRESHOLD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const riskLimitMinutes = props.operations.riskReviewLimitWorkingDays * MINUTES_PER_WORKING_DAY;
    add(
      new Alarm(this, 'OldestOpenRiskTodo', {
        alarmName: name('risk-todo-overdue'),
        alarmDescription: `An open risk to-do has waited longer than the service's review limit (${props.operations.riskReviewLimitWorkingDays} working day(s), counted as ${riskLimitMinutes} minutes). A patient's risk answer is not yet reviewed. docs/runbook.md, "Risk to-do overdue".`,
        // An hour: the age is a level reported now and then, so a longer period keeps the alarm
        // from clearing between two reports.
        metric: businessMetric(
          props.serviceId,
          { name: 'OldestOpenRiskTodoAgeMinutes', statistic: 'Maximum' },
          Duration.hours(1),
        ),
        threshold: riskLimitMinutes,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, 'FailedSignInsSpike', {
        alarmName: name('failed-sign-ins-spike'),
        alarmDescription: `${props.operations.failedSignInsAlarmThreshold} or more patient sign-ins failed in 15 minutes: someone may be guessing Secure IDs, or sign-in is broken. docs/runbook.md, "Failed sign-ins spike".`,
        metric: businessMetric(props.serviceId, { name: 'FailedSignIns', statistic: 'Sum' }, fifteenMinutes),
        threshold: props.operations.failedSignInsAlarmThreshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
