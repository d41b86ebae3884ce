import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { businessNamespaceOf, type MetricsSink } from './business-metrics.js';

// The Lambdas' MetricsSink: Powertools Metrics, which writes CloudWatch's embedded metric format
// (EMF) to stdout, where the log group turns it into metrics without an API call.

/**
 * Namespace Portal/<serviceId>, dimension `service` = the service id (infra/constructs/dashboard.ts
 * and service-alarms.ts read exactly these). serviceName is given, not left to
 * POWERTOOLS_SERVICE_NAME, which names the stack for the logs.
 */
export const powertoolsMetrics = (serviceId: string): MetricsSink => {
  const metrics = new Metrics({ namespace: businessNamespaceOf(serviceId), serviceName: serviceId });
  return {
    count: (name, n = 1) => metrics.addMetric(name, MetricUnit.Count, n),
    // CloudWatch has no minutes unit; the name says it.
    age: (name, minutes) => metrics.addMetric(name, MetricUnit.NoUnit, minutes),
    // Only when something was emitted: most requests emit nothing, and an empty flush logs a warning.
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
};
