import type {
  AgeMetricName,
  BusinessMetricName,
  CountMetricName,
  MetricsSink,
} from '../../shared/observability/business-metrics.js';

// A MetricsSink that keeps what was emitted, for tests to read; it may pass each emission on to
// another sink too (the Powertools one, whose EMF a test captures from stdout).

export interface RecordedMetrics extends MetricsSink {
  /** Every emission, in order, flushed or not. */
  readonly emitted: readonly { readonly name: BusinessMetricName; readonly value: number }[];
  /** The sum of a count's emissions (0 when none). */
  sum(name: CountMetricName): number;
  /** How many times a metric was emitted. */
  times(name: BusinessMetricName): number;
  /** The last value of an age (undefined when none). */
  last(name: AgeMetricName): number | undefined;
  reset(): void;
}

export const recordedMetrics = (forward?: MetricsSink): RecordedMetrics => {
  const emitted: { name: BusinessMetricName; value: number }[] = [];
  return {
    emitted,
    count(name, n = 1) {
      emitted.push({ name, value: n });
      forward?.count(name, n);
    },
    age(name, minutes) {
      emitted.push({ name, value: minutes });
      forward?.age(name, minutes);
    },
    flush() {
      return forward?.flush();
    },
    sum: (name) => emitted.filter((e) => e.name === name).reduce((total, e) => total + e.value, 0),
    times: (name) => emitted.filter((e) => e.name === name).length,
    last: (name) => emitted.filter((e) => e.name === name).at(-1)?.value,
    reset() {
      emitted.length = 0;
    },
  };
};
