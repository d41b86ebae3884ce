import { performance } from 'node:perf_hooks';
import type { DynamoCounts } from './dynamo-proxy.js';
import type { BenchPortal } from './portal.js';
import { ms, summarise, table } from './report.js';

// Appointment requests through the local HTTP server (issue 14): the demo patient asks for free
// times over the booking horizon, then sends requests for some of them, one at a time, and
// cancels each after (so the demo's week stays free). Latency per step, and the DynamoDB requests
// and round trips behind each (goal for a submission: at most 3 round trips).

export const REQUEST_COUNTS = { warmUp: 5, submissions: 60 } as const;

interface Sample {
  readonly status: number;
  readonly ms: number;
  readonly counts: DynamoCounts;
}

export const runRequestBench = async (bench: BenchPortal, log: (line: string) => void): Promise<string> => {
  const { portal, proxy, base } = bench;
  const signIn = await fetch(`${base}/api/patient/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secureId: portal.demo.secureId, dateOfBirth: portal.demo.dateOfBirth }),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const timed = async (method: string, path: string, body?: unknown): Promise<Sample & { json: unknown }> => {
    proxy.take();
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const elapsed = performance.now() - started;
    return {
      status: res.status,
      ms: elapsed,
      counts: proxy.take(),
      json: text ? JSON.parse(text) : undefined,
    };
  };

  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 55 * 86_400_000).toISOString().slice(0, 10);
  log('requests: free times over the horizon');
  const availability: Sample[] = [];
  let slots: { clinicianId: string; start: string }[] = [];
  for (let i = 0; i < REQUEST_COUNTS.warmUp + 10; i++) {
    const a = await timed('GET', `/api/patient/availability?from=${today}&to=${to}&serviceType=session`);
    slots = (a.json as { slots?: typeof slots }).slots ?? [];
    if (i >= REQUEST_COUNTS.warmUp) availability.push(a);
  }
  const submissions: Sample[] = [];
  const cancels: Sample[] = [];
  log(`requests: ${REQUEST_COUNTS.submissions} submissions and cancels (${slots.length} free times)`);
  const step = Math.max(1, Math.floor(slots.length / (REQUEST_COUNTS.submissions + REQUEST_COUNTS.warmUp)));
  for (let i = 0; i < REQUEST_COUNTS.submissions + REQUEST_COUNTS.warmUp && i * step < slots.length; i++) {
    const slot = slots[i * step] as { clinicianId: string; start: string };
    const s = await timed('POST', '/api/patient/appointment-requests', {
      clinicianId: slot.clinicianId,
      start: slot.start,
      serviceType: 'session',
    });
    const id = (s.json as { id?: string }).id;
    const c = id ? await timed('DELETE', `/api/patient/appointment-requests/${id}`) : undefined;
    if (i >= REQUEST_COUNTS.warmUp) {
      submissions.push(s);
      if (c) cancels.push(c);
    }
  }
  const rows: [string, Sample[]][] = [
    ['free times, 8 weeks, every clinician', availability],
    ['submit a request', submissions],
    ['cancel a pending request', cancels],
  ];
  const operations = [
    ...new Set(rows.flatMap(([, ss]) => ss.flatMap((s) => [...s.counts.byOperation.keys()]))),
  ].sort();
  const range = (values: number[]) => {
    if (values.length === 0) return '-';
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? String(lo) : `${lo}-${hi}`;
  };
  return [
    table(
      '13. Appointment requests through the local server (ms; the demo patient, DynamoDB Local behind the proxy)',
      ['step', 'statuses', 'n', 'p50', 'p95', 'max'],
      rows.map(([name, ss]) => {
        const s = summarise(ss.map((x) => x.ms));
        return [name, [...new Set(ss.map((x) => x.status))].join('/'), s.n, ms(s.p50), ms(s.p95), ms(s.max)];
      }),
    ),
    table(
      '   DynamoDB requests behind each step ("a-b" = varied); goal for a submission: at most 3 round trips',
      ['step', ...operations, 'round trips'],
      rows.map(([name, ss]) => [
        name,
        ...operations.map((op) => range(ss.map((x) => x.counts.byOperation.get(op) ?? 0))),
        range(ss.map((x) => x.counts.roundTrips)),
      ]),
    ),
  ].join('\n\n');
};
