import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ageInMinutes,
  type BusinessMetrics,
  businessMetricKinds,
  isBusinessMetricName,
} from '../../shared/observability/business-metrics.js';
import { powertoolsMetrics } from '../../shared/observability/powertools-metrics.js';

// The business metrics' port and its Powertools sink (issue 15, item 1).

const captureStdout = () => {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  });
  return written;
};

describe('the business metrics port', () => {
  it('accepts only the listed names, counts as counts and ages as ages', () => {
    const port: BusinessMetrics = { count: () => undefined, age: () => undefined };
    // @ts-expect-error: a name not in the list
    port.count('PatientSignedIn');
    // @ts-expect-error: an age is not a count
    port.count('OldestOpenRiskTodoAgeMinutes');
    // @ts-expect-error: a count is not an age
    port.age('SignIns', 3);
    expect(isBusinessMetricName('SignIns')).toBe(true);
    expect(isBusinessMetricName('toString')).toBe(false);
    expect(Object.values(businessMetricKinds).filter((k) => k === 'age')).toHaveLength(2);
  });

  it('reports ages in whole minutes, 0 when nothing waits', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(ageInMinutes(new Date('2026-11-23T10:30:30Z'), now)).toBe(89);
    expect(ageInMinutes(undefined, now)).toBe(0);
    expect(ageInMinutes(new Date('2026-11-23T12:05:00Z'), now)).toBe(0);
  });
});

describe('the Powertools sink', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes nothing for an invocation that emitted nothing', async () => {
    const metrics = powertoolsMetrics('demo');
    const written = captureStdout();
    await metrics.flush();
    vi.restoreAllMocks();
    expect(written).toEqual([]);
  });

  it('writes one EMF line per flush, in Portal/<service> with the service id as its only dimension', async () => {
    const metrics = powertoolsMetrics('demo');
    const written = captureStdout();
    metrics.count('FailedSignIns');
    metrics.count('FailedSignIns', 2);
    metrics.age('OldestOpenRiskTodoAgeMinutes', 61);
    await metrics.flush();
    await metrics.flush();
    vi.restoreAllMocks();

    expect(written).toHaveLength(1);
    const emf = JSON.parse(written[0] as string) as {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
      [key: string]: unknown;
    };
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('Portal/demo');
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(emf.service).toBe('demo');
    expect(emf.FailedSignIns).toEqual([1, 2]);
    expect(emf.OldestOpenRiskTodoAgeMinutes).toBe(61);
  });
});
