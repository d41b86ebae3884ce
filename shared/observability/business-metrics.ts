// The portal's business metrics (issue 15, item 1; docs/runbook.md, "Dashboard"): the one list of
// their names, which the Lambdas emit, the dashboard graphs and the alarms watch. Counts and ages
// only, never personal data: a name comes from this list (the types accept no other), and the
// one dimension is the service id, never a patient, request or to-do id.

/** A count is summed per period; an age (in minutes) is a level, graphed at its maximum. */
export type BusinessMetricKind = 'count' | 'age';

export const businessMetricKinds = {
  SignIns: 'count',
  FailedSignIns: 'count',
  LockOuts: 'count',
  SecureIdsDisabled: 'count',
  ClientLimitsReached: 'count',
  QuestionnairesCompleted: 'count',
  RiskFlagsRaised: 'count',
  RiskFlagsAcknowledged: 'count',
  OldestOpenRiskTodoAgeMinutes: 'age',
  RequestsMade: 'count',
  RequestsApproved: 'count',
  RequestsDenied: 'count',
  RequestsExpired: 'count',
  OldestPendingRequestAgeMinutes: 'age',
  RemindersDue: 'count',
  RemindersSent: 'count',
  RemindersFailed: 'count',
  RemindersOptedOut: 'count',
  EmailBounces: 'count',
  EmailComplaints: 'count',
  SmsFailures: 'count',
} as const satisfies Record<string, BusinessMetricKind>;

export type BusinessMetricName = keyof typeof businessMetricKinds;
export type CountMetricName = {
  [N in BusinessMetricName]: (typeof businessMetricKinds)[N] extends 'count' ? N : never;
}[BusinessMetricName];
export type AgeMetricName = Exclude<BusinessMetricName, CountMetricName>;

// Pure, so a Lambda that never reads the list leaves it out of its bundle.
export const businessMetricNames = /* @__PURE__ */ Object.keys(businessMetricKinds) as BusinessMetricName[];

export const isBusinessMetricName = (name: string): name is BusinessMetricName =>
  Object.hasOwn(businessMetricKinds, name);

/** Where the business metrics are: one CloudWatch namespace per service. */
export const businessNamespaceOf = (serviceId: string): string => `Portal/${serviceId}`;

/** The dimension every business metric carries (Powertools Metrics' `service`): the service id. */
export const BUSINESS_DIMENSION = 'service';

export const businessDimensionsOf = (serviceId: string): Record<string, string> => ({
  [BUSINESS_DIMENSION]: serviceId,
});

/** What use cases and handlers emit through (Deps `metrics`): no AWS, so tests can read it. */
export interface BusinessMetrics {
  /** `n` events happened (1 by default). */
  count(name: CountMetricName, n?: number): void;
  /** The oldest of something waiting is `minutes` old now. */
  age(name: AgeMetricName, minutes: number): void;
}

/** Emissions are buffered and written once per invocation: the handler wrappers call flush. */
export interface MetricsSink extends BusinessMetrics {
  /** Writes what the invocation emitted; awaited at the end of every invocation. */
  flush(): void | Promise<void>;
}

/** For the local runtime and whatever builds Deps without a sink: emits nothing. */
export const noMetrics: MetricsSink = {
  count: () => undefined,
  age: () => undefined,
  flush: () => undefined,
};

/** Whole minutes from `since` to `now`; 0 when nothing waits (a level the alarms can read). */
export const ageInMinutes = (since: Date | undefined, now: Date): number =>
  since ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000)) : 0;
