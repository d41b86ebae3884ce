import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessMetrics } from '../../infra/constructs/dashboard.js';
import { PortalFunction } from '../../infra/constructs/portal-function.js';
import { createPortalApp } from '../../infra/portal-app.js';
import type { PortalStack } from '../../infra/portal-stack.js';
import { defaultServicesDir } from '../../infra/project-paths.js';
import { businessMetricNames } from '../../shared/observability/business-metrics.js';
import { tempServicesDir } from '../support/service-dirs.js';

// The dashboard and alarms of issue 15 (items 2 and 3), read from the synthesized template.

const fastApp = (context: Record<string, unknown>) => ({
  builtinCloudFormationValidation: false,
  context: { 'aws:cdk:bundling-stacks': [], ...context },
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const logicalIdOf = (stack: Stack, construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  if (!resource || !CfnElement.isCfnElement(resource))
    throw new Error(`${construct.node.path} has no resource`);
  return stack.getLogicalId(resource);
};

const demo = JSON.parse(readFileSync(join(defaultServicesDir, 'demo.json'), 'utf8')) as Record<
  string,
  unknown
>;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const stackWith = (config: Record<string, unknown>): { stack: PortalStack; template: Template } => {
  const dir = tempServicesDir();
  dirs.push(dir);
  writeFileSync(join(dir, `${String(config.id)}.json`), JSON.stringify(config));
  const [stack] = createPortalApp({
    servicesDir: dir,
    appProps: fastApp({ service: String(config.id) }),
  }).stacks;
  if (!stack) throw new Error('no stack');
  return { stack, template: Template.fromStack(stack) };
};

interface Widget {
  type: string;
  properties: { title?: string; metrics?: unknown[][]; alarms?: string[] };
}
/** The body is a Fn::Join of JSON text and references: joined here with each reference as <id>. */
const dashboardWidgets = (body: { 'Fn::Join': [string, unknown[]] }): Widget[] => {
  const text = body['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      return `<${ref.Ref ?? ref['Fn::GetAtt']?.[0]}>`;
    })
    .join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
};
/** Each graphed metric as "namespace name dimension value …" (expressions left out). */
const graphedMetrics = (widgets: Widget[]): string[] =>
  widgets.flatMap((w) =>
    (w.properties.metrics ?? []).map((m) => m.filter((part) => typeof part === 'string').join(' ')),
  );

describe('the demo service dashboard', () => {
  let stack: PortalStack;
  let widgets: Widget[];
  let metrics: string[];

  beforeAll(() => {
    const [only] = createPortalApp({ appProps: fastApp({ service: 'demo' }) }).stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    const dashboards = Object.values(
      Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard') as Resources,
    );
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe('therapy-portal-demo');
    widgets = dashboardWidgets(
      dashboards[0]?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] },
    );
    metrics = graphedMetrics(widgets);
  });

  it("graphs the API's requests, 4xx, 5xx and latency p50 and p99", () => {
    const api = `ApiId <${logicalIdOf(stack, stack.api.httpApi)}>`;
    for (const name of ['Count', '4xx', '5xx', 'Latency']) {
      expect(metrics).toContain(`AWS/ApiGateway ${name} ${api}`);
    }
    const latency = widgets.find((w) => w.properties.title === 'demo: API latency (ms)');
    const stats = (latency?.properties.metrics ?? []).map((m) => (m.at(-1) as { stat: string }).stat);
    expect(stats).toEqual(['p50', 'p99']);
  });

  it('graphs errors, throttles, duration and concurrency of every portal function in the stack', () => {
    const functions = stack.node.findAll().filter((node) => node instanceof PortalFunction);
    // The route table's, the reminder scan and notify, and delivery status.
    expect(functions.length).toBeGreaterThanOrEqual(10);
    for (const fn of functions) {
      for (const name of ['Errors', 'Throttles', 'Duration', 'ConcurrentExecutions']) {
        expect(metrics, fn.node.path).toContain(
          `AWS/Lambda ${name} FunctionName <${logicalIdOf(stack, fn.function)}>`,
        );
      }
    }
  });

  it("graphs the table's throttles and system errors, the queue's oldest message and every DLQ's depth", () => {
    const table = `TableName <${logicalIdOf(stack, stack.data.table)}>`;
    expect(metrics).toContain(`AWS/DynamoDB ReadThrottleEvents ${table}`);
    expect(metrics).toContain(`AWS/DynamoDB WriteThrottleEvents ${table}`);
    expect(metrics).toContain(`AWS/DynamoDB SystemErrors Operation TransactWriteItems ${table}`);
    expect(metrics).toContain(
      `AWS/SQS ApproximateAgeOfOldestMessage QueueName <${logicalIdOf(stack, stack.reminders.queue)}>`,
    );
    for (const queue of [
      stack.reminders.deadLetterQueue,
      stack.reminders.scanDeadLetterQueue,
      stack.deliveryStatus.deadLetterQueue,
    ]) {
      expect(metrics).toContain(
        `AWS/SQS ApproximateNumberOfMessagesVisible QueueName <${logicalIdOf(stack, queue)}>`,
      );
    }
  });

  it('graphs the business metrics of issue 15 in the Portal/<service> namespace', () => {
    const names = businessMetrics.map((m) => m.name);
    // The one list the Lambdas emit from (shared/observability/business-metrics.ts), all of it.
    expect(names).toEqual(businessMetricNames);
    for (const name of [
      'SignIns',
      'FailedSignIns',
      'LockOuts',
      'SecureIdsDisabled',
      'ClientLimitsReached',
      'QuestionnairesCompleted',
      'RiskFlagsRaised',
      'RiskFlagsAcknowledged',
      'OldestOpenRiskTodoAgeMinutes',
      'RequestsMade',
      'RequestsApproved',
      'RequestsDenied',
      'RequestsExpired',
      'OldestPendingRequestAgeMinutes',
      'RemindersDue',
      'RemindersSent',
      'RemindersFailed',
      'RemindersOptedOut',
      'EmailBounces',
      'EmailComplaints',
      'SmsFailures',
    ]) {
      expect(names).toContain(name);
      expect(metrics).toContain(`Portal/demo ${name} service demo`);
    }
  });

  it('names the service in every graph title and shows every alarm of the stack', () => {
    const titles = widgets.flatMap((w) => (w.type === 'metric' ? [w.properties.title ?? ''] : []));
    expect(titles.length).toBeGreaterThan(10);
    for (const title of titles) expect(title).toMatch(/^demo: /);
    const shown = widgets.flatMap((w) => w.properties.alarms ?? []);
    const alarms = Object.keys(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(shown.sort()).toEqual(alarms.map((id) => `<${id}>`).sort());
  });
});

describe('the demo service alarms', () => {
  let stack: PortalStack;
  let template: Template;
  let alarms: Resources;
  const byName = (name: string) => {
    const found = Object.values(alarms).find((a) => a.Properties.AlarmName === name);
    if (!found) throw new Error(`no alarm ${name}`);
    return found.Properties;
  };

  beforeAll(() => {
    const [only] = createPortalApp({ appProps: fastApp({ service: 'demo' }) }).stacks;
    if (!only) throw new Error('no stack');
    stack = only;
    template = Template.fromStack(stack);
    alarms = template.findResources('AWS::CloudWatch::Alarm') as Resources;
  });

  it('alarms on the 5xx rate of the API, only above a minimum of requests', () => {
    const alarm = byName('therapy-portal-demo-api-5xx-rate');
    const metrics = JSON.stringify(alarm.Metrics);
    expect(metrics).toContain('100 * errors / requests');
    expect(metrics).toContain('"5xx"');
    expect(alarm.TreatMissingData).toBe('notBreaching');
  });

  it('alarms on errors and throttles of every portal function', () => {
    const functions = stack.node.findAll().filter((node) => node instanceof PortalFunction);
    for (const fn of functions) {
      const ref = { Ref: logicalIdOf(stack, fn.function) };
      for (const metric of ['Errors', 'Throttles']) {
        const found = Object.values(alarms).filter(
          (a) =>
            a.Properties.MetricName === metric &&
            a.Properties.Namespace === 'AWS/Lambda' &&
            JSON.stringify(a.Properties.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: ref }]),
        );
        expect(found, `${metric} of ${fn.node.path}`).toHaveLength(1);
        expect(String(found[0]?.Properties.AlarmName)).toMatch(/^therapy-portal-demo-lambda-/);
      }
    }
  });

  it("alarms on the table's system errors and throttles", () => {
    expect(JSON.stringify(byName('therapy-portal-demo-dynamodb-system-errors').Metrics)).toContain(
      'SystemErrors',
    );
    const throttles = JSON.stringify(byName('therapy-portal-demo-dynamodb-throttles').Metrics);
    expect(throttles).toContain('ReadThrottleEvents');
    expect(throttles).toContain('WriteThrottleEvents');
  });

  it('alarms on failing reminders from the business metric and the notify function’s errors', () => {
    const metrics = JSON.stringify(byName('therapy-portal-demo-reminders-failing').Metrics);
    expect(metrics).toContain('"RemindersFailed"');
    expect(metrics).toContain(logicalIdOf(stack, stack.reminders.notify.function));
  });

  it('alarms when the oldest open risk to-do is older than 1 working day (1440 minutes) by default', () => {
    const alarm = byName('therapy-portal-demo-risk-todo-overdue');
    expect(alarm).toMatchObject({
      Namespace: 'Portal/demo',
      MetricName: 'OldestOpenRiskTodoAgeMinutes',
      Dimensions: [{ Name: 'service', Value: 'demo' }],
      Statistic: 'Maximum',
      Threshold: 1440,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it("names, in every alarm on the portal's own metrics, a metric the Lambdas emit", () => {
    interface Watched {
      Namespace?: string;
      MetricName?: string;
      Dimensions?: { Name: string; Value: unknown }[];
    }
    const watched = Object.values(alarms).flatMap(({ Properties: p }) => {
      const direct = p.MetricName ? [p as Watched] : [];
      const inMath = ((p.Metrics ?? []) as { MetricStat?: { Metric: Watched } }[]).flatMap((m) =>
        m.MetricStat ? [m.MetricStat.Metric] : [],
      );
      return [...direct, ...inMath].map((metric) => ({ alarm: String(p.AlarmName), metric }));
    });
    const portal = watched.filter(({ metric }) => metric.Namespace === 'Portal/demo');
    // Reminders failing, the overdue risk to-do and the failed sign-in spike.
    expect(new Set(portal.map(({ alarm }) => alarm)).size).toBeGreaterThanOrEqual(3);
    for (const { alarm, metric } of portal) {
      expect(businessMetricNames, alarm).toContain(metric.MetricName);
      expect(metric.Dimensions, alarm).toEqual([{ Name: 'service', Value: 'demo' }]);
    }
    // No alarm reads a Portal namespace other than its own service's.
    expect(watched.filter(({ metric }) => metric.Namespace?.startsWith('Portal/'))).toEqual(portal);
  });

  it('alarms on a spike of failed sign-ins, 50 in 15 minutes by default', () => {
    expect(byName('therapy-portal-demo-failed-sign-ins-spike')).toMatchObject({
      Namespace: 'Portal/demo',
      MetricName: 'FailedSignIns',
      Statistic: 'Sum',
      Period: 900,
      Threshold: 50,
      TreatMissingData: 'notBreaching',
    });
  });

  it('keeps a dead-letter queue alarm for every DLQ', () => {
    for (const queue of [
      stack.reminders.deadLetterQueue,
      stack.reminders.scanDeadLetterQueue,
      stack.deliveryStatus.deadLetterQueue,
    ]) {
      const id = logicalIdOf(stack, queue);
      const found = Object.values(alarms).filter(
        (a) =>
          a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Properties.Dimensions).includes(id),
      );
      expect(found, id).toHaveLength(1);
      expect(found[0]?.Properties.Threshold).toBe(0);
    }
  });

  it('sends every alarm, these included, to the operator topic', () => {
    const topic = logicalIdOf(stack, stack.operatorAlarms.topic);
    expect(stack.serviceAlarms.alarms.length).toBeGreaterThanOrEqual(26);
    for (const [id, alarm] of Object.entries(alarms)) {
      expect({ id, actions: alarm.Properties.AlarmActions }).toEqual({ id, actions: [{ Ref: topic }] });
    }
    for (const alarm of stack.serviceAlarms.alarms) {
      expect(Object.keys(alarms)).toContain(logicalIdOf(stack, alarm));
    }
  });
});

describe('alarm thresholds from the service config', () => {
  it('takes the risk review limit in working days and the failed sign-in threshold', () => {
    const { template } = stackWith({
      ...demo,
      operations: { riskReviewLimitWorkingDays: 2, failedSignInsAlarmThreshold: 120 },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources);
    const threshold = (name: string) =>
      alarms.find((a) => a.Properties.AlarmName === name)?.Properties.Threshold;
    expect(threshold('therapy-portal-demo-risk-todo-overdue')).toBe(2 * 1440);
    expect(threshold('therapy-portal-demo-failed-sign-ins-spike')).toBe(120);
  });

  it('explains a bad value in words', () => {
    expect(() => stackWith({ ...demo, operations: { riskReviewLimitWorkingDays: 0.5 } })).toThrow(
      /operations\.riskReviewLimitWorkingDays must be a whole number of working days/,
    );
  });
});
