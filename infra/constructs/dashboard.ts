import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  Dashboard as CloudWatchDashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  businessDimensionsOf,
  type BusinessMetricName,
  businessMetricKinds,
  businessMetricNames,
  businessNamespaceOf,
} from '../../shared/observability/business-metrics.js';
import type { PortalFunction } from './portal-function.js';

export { businessDimensionsOf, businessNamespaceOf };

// The service's CloudWatch dashboard (F22; issue 15 item 2): what operators open first. AWS's own
// metrics for the API, every portal Lambda, the table and the reminder queues, then the
// portal's business metrics. docs/runbook.md, "Dashboard", says how to read it.

/** One business metric: what the Lambdas emit, and how the dashboard sums it up. */
export interface BusinessMetricDefinition {
  readonly name: BusinessMetricName;
  /** Counts are summed per period; ages and levels show their maximum. */
  readonly statistic: 'Sum' | 'Maximum';
  /** The graph it appears on: definitions with the same graph share a widget. */
  readonly graph: string;
}

/**
 * Which graph shows each business metric. A record over the shared list
 * (shared/observability/business-metrics.ts), so a metric added there without a graph here fails
 * to compile.
 */
const graphOf: Record<BusinessMetricName, string> = {
  SignIns: 'Sign-ins',
  FailedSignIns: 'Sign-ins',
  LockOuts: 'Lock-outs and limits',
  SecureIdsDisabled: 'Lock-outs and limits',
  ClientLimitsReached: 'Lock-outs and limits',
  QuestionnairesCompleted: 'Questionnaires and risk flags',
  RiskFlagsRaised: 'Questionnaires and risk flags',
  RiskFlagsAcknowledged: 'Questionnaires and risk flags',
  OldestOpenRiskTodoAgeMinutes: 'Oldest open risk to-do (minutes)',
  RequestsMade: 'Appointment requests',
  RequestsApproved: 'Appointment requests',
  RequestsDenied: 'Appointment requests',
  RequestsExpired: 'Appointment requests',
  OldestPendingRequestAgeMinutes: 'Oldest pending request (minutes)',
  RemindersDue: 'Reminders',
  RemindersSent: 'Reminders',
  RemindersFailed: 'Reminders',
  RemindersOptedOut: 'Reminders',
  EmailBounces: 'Delivery problems',
  EmailComplaints: 'Delivery problems',
  SmsFailures: 'Delivery problems',
};

/** The business metrics of issue 15, item 1, in the shared list's order. Counts and ages only. */
export const businessMetrics: readonly BusinessMetricDefinition[] = businessMetricNames.map((name) => ({
  name,
  statistic: businessMetricKinds[name] === 'age' ? 'Maximum' : 'Sum',
  graph: graphOf[name],
}));

/** The CloudWatch metric of one business metric definition. */
export const businessMetric = (
  serviceId: string,
  definition: Pick<BusinessMetricDefinition, 'name' | 'statistic'>,
  period: Duration = Duration.minutes(5),
): Metric =>
  new Metric({
    namespace: businessNamespaceOf(serviceId),
    metricName: definition.name,
    dimensionsMap: businessDimensionsOf(serviceId),
    statistic: definition.statistic,
    period,
  });

export interface LabelledQueue {
  readonly label: string;
  readonly queue: IQueue;
}

export interface ServiceDashboardProps {
  readonly serviceId: string;
  readonly httpApi: IHttpApi;
  /** Every portal Lambda of the stack (PortalStack finds them, so a new one is graphed too). */
  readonly functions: readonly PortalFunction[];
  readonly table: Table;
  /** Queues that carry work: their oldest message's age. */
  readonly queues: readonly LabelledQueue[];
  /** Dead-letter queues: their depth, which should be 0. */
  readonly deadLetterQueues: readonly LabelledQueue[];
}

/** How a portal function is named on graphs and alarms: its path in the stack, e.g. Api/Staff. */
export const functionLabelOf = (fn: PortalFunction): string =>
  fn.node.path
    .split('/')
    .slice(1)
    .filter((part) => part !== 'Function')
    .join('/');

const period = Duration.minutes(5);
const wide = 12;
const height = 6;

export class ServiceDashboard extends Construct {
  readonly dashboard: CloudWatchDashboard;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    this.dashboardName = `therapy-portal-${props.serviceId}`;
    this.dashboard = new CloudWatchDashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    const { httpApi, table } = props;

    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Therapy portal ${props.serviceId}\nAWS metrics first, then the portal's own (namespace \`${businessNamespaceOf(props.serviceId)}\`). What each alarm means: docs/runbook.md.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${props.serviceId}: API requests`,
        left: [httpApi.metricCount({ period, statistic: 'Sum', label: 'Requests' })],
        width: 8,
        height,
      }),
      new GraphWidget({
        title: `${props.serviceId}: API 4xx and 5xx`,
        left: [
          httpApi.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
          httpApi.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
        ],
        width: 8,
        height,
      }),
      new GraphWidget({
        title: `${props.serviceId}: API latency (ms)`,
        left: [
          httpApi.metricLatency({ period, statistic: 'p50', label: 'p50' }),
          httpApi.metricLatency({ period, statistic: 'p99', label: 'p99' }),
        ],
        width: 8,
        height,
      }),
    );

    const perFunction = (title: string, metricOf: (fn: PortalFunction) => IMetric) =>
      new GraphWidget({
        title: `${props.serviceId}: Lambda ${title}`,
        left: props.functions.map(metricOf),
        width: wide,
        height,
      });
    const label = functionLabelOf;
    this.dashboard.addWidgets(
      perFunction('errors', (fn) => fn.function.metricErrors({ period, statistic: 'Sum', label: label(fn) })),
      perFunction('throttles', (fn) =>
        fn.function.metricThrottles({ period, statistic: 'Sum', label: label(fn) }),
      ),
    );
    this.dashboard.addWidgets(
      perFunction('duration p99 (ms)', (fn) =>
        fn.function.metricDuration({ period, statistic: 'p99', label: label(fn) }),
      ),
      perFunction('concurrent executions', (fn) =>
        fn.function.metric('ConcurrentExecutions', { period, statistic: 'Maximum', label: label(fn) }),
      ),
    );

    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${props.serviceId}: DynamoDB throttles`,
        left: [
          table.metric('ReadThrottleEvents', { period, statistic: 'Sum', label: 'Read throttles' }),
          table.metric('WriteThrottleEvents', { period, statistic: 'Sum', label: 'Write throttles' }),
        ],
        width: wide,
        height,
      }),
      new GraphWidget({
        title: `${props.serviceId}: DynamoDB system errors`,
        left: [tableSystemErrors(table)],
        width: wide,
        height,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${props.serviceId}: SQS age of oldest message (s)`,
        left: props.queues.map(({ label: name, queue }) =>
          queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: name }),
        ),
        width: wide,
        height,
      }),
      new GraphWidget({
        title: `${props.serviceId}: dead-letter queue depth (should be 0)`,
        left: props.deadLetterQueues.map(({ label: name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: name }),
        ),
        width: wide,
        height,
      }),
    );

    this.addBusinessMetrics(props.serviceId, businessMetrics);
  }

  /**
   * Graphs business metrics (namespace Portal/<serviceId>): one widget per `graph` name, in the
   * order of the list. The place to add a metric the Lambdas start emitting.
   */
  addBusinessMetrics(serviceId: string, definitions: readonly BusinessMetricDefinition[]): void {
    const graphs = new Map<string, BusinessMetricDefinition[]>();
    for (const definition of definitions) {
      graphs.set(definition.graph, [...(graphs.get(definition.graph) ?? []), definition]);
    }
    const widgets = [...graphs].map(
      ([title, members]) =>
        new GraphWidget({
          title: `${serviceId}: ${title}`,
          left: members.map((definition) => businessMetric(serviceId, definition, period)),
          width: 8,
          height,
        }),
    );
    for (let i = 0; i < widgets.length; i += 3) this.dashboard.addWidgets(...widgets.slice(i, i + 3));
  }

  /** Every alarm of the stack in one widget at the end: red is what needs a person. */
  addAlarmStatus(): void {
    const alarms = Stack.of(this)
      .node.findAll()
      .filter((node): node is Alarm => node instanceof Alarm);
    if (alarms.length === 0) return;
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 6 }));
  }
}

/**
 * The operations whose system errors are summed: every kind of call the portal makes. At most
 * ten, the limit of metrics in an alarm's expression.
 */
const tableOperations = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
] as const;

/** DynamoDB's 5xx (its own faults, not the portal's conditional check failures), summed. */
export const tableSystemErrors = (table: Table): IMetric => {
  const metrics = Object.fromEntries(
    tableOperations.map((operation, i) => [
      `op${i}`,
      table.metric('SystemErrors', {
        period,
        statistic: 'Sum',
        dimensionsMap: { TableName: table.tableName, Operation: operation },
      }),
    ]),
  );
  return new MathExpression({
    // SUM of the list, not a + b: an operation with no data in a period would blank the total.
    expression: `SUM([${Object.keys(metrics).join(', ')}])`,
    usingMetrics: metrics,
    label: 'System errors',
    period,
  });
};
