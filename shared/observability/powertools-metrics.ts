import type { Metrics } from '@aws-lambda-powertools/metrics';
import { businessNamespaceOf, type MetricsSink } from './business-metrics.js';

// The Lambdas' MetricsSink: Powertools Metrics, which writes CloudWatch's embedded metric format
// (EMF) to stdout, where the log group turns it into metrics without an API call.
//
// Powertools Metrics ships beside every bundle (infra/bundling.ts, `lazyModulesOf`) and is imported
// at the first flush that has something to write: bundled, it cost 3 to 6 KiB gzipped per Lambda,
// which the largest ones do not have under the 130 KiB limit, and most requests emit nothing.
// Until then, what a request emits waits here; the flush at the end of the invocation writes it.

type Unit = 'count' | 'age';

/**
 * Namespace Portal/<serviceId>, dimension `service` = the service id (infra/constructs/dashboard.ts
 * and service-alarms.ts read exactly these). serviceName is given, not left to
 * POWERTOOLS_SERVICE_NAME, which names the stack for the logs.
 */
export const powertoolsMetrics = (serviceId: string): MetricsSink => {
  let waiting: { name: string; unit: Unit; value: number }[] = [];
  let loaded: Promise<{ metrics: Metrics; count: string; none: string }> | undefined;
  const load = () =>
    (loaded ??= import('@aws-lambda-powertools/metrics').then(({ Metrics, MetricUnit }) => ({
      metrics: new Metrics({ namespace: businessNamespaceOf(serviceId), serviceName: serviceId }),
      count: MetricUnit.Count,
      // CloudWatch has no minutes unit; the name says it.
      none: MetricUnit.NoUnit,
    })));
  return {
    count: (name, n = 1) => void waiting.push({ name, unit: 'count', value: n }),
    age: (name, minutes) => void waiting.push({ name, unit: 'age', value: minutes }),
    // Only when something was emitted: most requests emit nothing, and an empty flush logs a warning.
    flush: async () => {
      if (waiting.length === 0) return;
      const batch = waiting;
      waiting = [];
      const { metrics, count, none } = await load();
      for (const { name, unit, value } of batch) {
        metrics.addMetric(
          name,
          (unit === 'count' ? count : none) as Parameters<Metrics['addMetric']>[1],
          value,
        );
      }
      metrics.publishStoredMetrics();
    },
  };
};
