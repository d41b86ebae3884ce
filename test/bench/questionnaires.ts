import { performance } from 'node:perf_hooks';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { responses } from '../../shared/data/responses.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/data/dynamo.js';
import { isoWithOffset } from '../../shared/domain/appointments.js';
import { calendarDateIn } from '../../shared/domain/calendar-date.js';
import { GAD7, PHQ9 } from '../../shared/domain/questionnaires/builtin.js';
import type { QuestionnaireDefinition } from '../../shared/domain/questionnaires/definition.js';
import { scoreAnswers } from '../../shared/domain/questionnaires/scoring.js';
import type { QuestionnaireResponse } from '../../shared/domain/questionnaires/types.js';
import type { DynamoCounts, DynamoRequest } from './dynamo-proxy.js';
import type { BenchPortal } from './portal.js';
import { ms, summarise, table } from './report.js';

// The questionnaire flow through the local HTTP server, on the portal the sign-in section used:
//   - latency of the due list (GET /api/patient/questionnaires) and of submitting PHQ-9 then
//     GAD-7 (POST /api/patient/questionnaires/{id}/responses), and the DynamoDB requests behind
//     each, counted by the proxy;
//   - the due list of a patient with two years of weekly responses beside one with none: the
//     items it reads, its requests and its latency. loadDue reads the responses of the due window
//     only (shared/questionnaires/patient-questionnaires.ts), so the history should not show.
//     The EPR export, which reads every response, is measured the same way for contrast.
//
// A patient answers each questionnaire once a day, so every measured patient is new: created
// through the integration API in the 'treatment' stage (PHQ-9, GAD-7), booked a session within
// the 72-hour window and signed in. Sessions are 50 minutes plus a 10-minute buffer, so one an
// hour per clinician never overlaps; a slot someone else holds (the demo patient's) answers 409
// and the next one is tried. The history is written straight to DynamoDB Local through the
// repository (responses(table).save), not through the proxy.

export const QUESTIONNAIRE_COUNTS = {
  warmUpPatients: 10,
  patients: 100,
  historyWeeks: 104,
  dueListWarmUp: 10,
  dueListLoads: 100,
  exportLoads: 20,
} as const;

const HOUR_MS = 3600_000;

interface Timed {
  readonly status: number;
  readonly ms: number;
  readonly body: unknown;
  readonly counts: DynamoCounts;
}

interface Signed {
  readonly id: string;
  readonly cookie: string;
}

interface Row {
  readonly name: string;
  readonly expectedStatus: number;
  readonly samples: Timed[];
}

const zeroAnswers = (definition: QuestionnaireDefinition): Record<string, number> =>
  Object.fromEntries(definition.items.map((item) => [item.id, 0]));

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * HOUR_MS).toISOString().slice(0, 10);

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

const range = (values: readonly number[]): string => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
};

const total = (c: DynamoCounts) => sum([...c.byOperation.values()]);
/** Items read (ScannedCount of Queries, 1 per GetItem that found one), optionally of one Query kind. */
const itemsRead = (c: DynamoCounts, only?: (r: DynamoRequest) => boolean) =>
  sum(c.requests.filter((r) => !only || only(r)).map((r) => r.scanned ?? 0));
const responseQueries = (r: DynamoRequest) => r.operation === 'Query' && r.sortKeyPrefix === 'RESPONSE#';
/** "Query RESPONSE#", "Query APPT#", or the operation. */
const kindOf = (r: DynamoRequest): string =>
  r.sortKeyPrefix ? `${r.operation} ${r.sortKeyPrefix}` : r.operation;
/** "2 GetItem + 2 Query", or a range per operation when it varied. */
const requestMix = (samples: readonly Timed[]): string => {
  const operations = [...new Set(samples.flatMap((s) => [...s.counts.byOperation.keys()]))].sort();
  return operations
    .map((op) => `${range(samples.map((s) => s.counts.byOperation.get(op) ?? 0))} ${op}`)
    .join(' + ');
};

export const runQuestionnaireBench = async (
  bench: BenchPortal,
  serviceConfigPath: string,
  log: (line: string) => void,
): Promise<string> => {
  const { portal, proxy, base } = bench;
  const service = loadServiceConfig(serviceConfigPath);
  const { timeZone } = service;
  const notes: string[] = [];
  const integration = {
    'content-type': 'application/json',
    authorization: `Bearer ${portal.integrationKey}`,
  };

  const timed = async (path: string, init: RequestInit = {}): Promise<Timed> => {
    proxy.take();
    const started = performance.now();
    const res = await fetch(`${base}${path}`, init);
    const text = await res.text();
    const elapsed = performance.now() - started;
    const counts = proxy.take();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, ms: elapsed, body, counts };
  };
  const dueList = (p: Signed) => timed('/api/patient/questionnaires', { headers: { cookie: p.cookie } });
  const submit = (p: Signed, definition: QuestionnaireDefinition) =>
    timed(`/api/patient/questionnaires/${definition.id}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: p.cookie },
      body: JSON.stringify({ answers: zeroAnswers(definition) }),
    });
  const exportResponses = (p: Signed) =>
    timed(`/api/v1/patients/${p.id}/questionnaire-responses`, { headers: integration });

  // Session starts: on the hour, from the second hour ahead, each clinician in turn, all within
  // the window (72 h) so questionnaires are due at once.
  const firstHour = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const lastStart = Date.now() + (service.questionnaires.windowHours - 2) * HOUR_MS;
  const slots: { clinicianId: string; start: number }[] = [];
  for (let start = firstHour; start <= lastStart; start += HOUR_MS)
    for (const clinician of service.clinicians) slots.push({ clinicianId: clinician.id, start });
  let nextSlot = 0;

  const newPatient = async (): Promise<Signed> => {
    const created = await timed('/api/v1/patients', {
      method: 'POST',
      headers: integration,
      body: JSON.stringify({
        givenName: 'Bench',
        familyName: 'Questionnaires',
        dateOfBirth: '1980-01-01',
        phone: '07911 123456',
        contactPreference: 'sms',
        stage: 'treatment',
      }),
    });
    const { id, secureId } = created.body as { id?: string; secureId?: string };
    if (created.status !== 201 || !id || !secureId)
      throw new Error(`creating a patient answered ${created.status}`);
    for (;;) {
      const slot = slots[nextSlot++];
      if (!slot) throw new Error(`no free session slot left of ${slots.length} within the window`);
      const booked = await timed('/api/v1/appointments', {
        method: 'POST',
        headers: integration,
        body: JSON.stringify({
          patientId: id,
          clinicianId: slot.clinicianId,
          start: isoWithOffset(new Date(slot.start), timeZone),
          serviceType: 'session',
        }),
      });
      if (booked.status === 201) break;
      if (booked.status !== 409) throw new Error(`booking a session answered ${booked.status}`);
    }
    const res = await fetch(`${base}/api/patient/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secureId, dateOfBirth: '1980-01-01' }),
    });
    await res.arrayBuffer();
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('session='))
      ?.split(';')[0];
    if (res.status !== 200 || !cookie) throw new Error(`signing in answered ${res.status}`);
    return { id, cookie };
  };

  // 1. The flow: due list, PHQ-9, GAD-7, for each patient in turn.
  log(
    `questionnaires: ${QUESTIONNAIRE_COUNTS.warmUpPatients + QUESTIONNAIRE_COUNTS.patients} patients, booked and signed in`,
  );
  const warmUp: Signed[] = [];
  for (let i = 0; i < QUESTIONNAIRE_COUNTS.warmUpPatients; i++) warmUp.push(await newPatient());
  const measured: Signed[] = [];
  for (let i = 0; i < QUESTIONNAIRE_COUNTS.patients; i++) measured.push(await newPatient());
  const flow: Row[] = [
    { name: 'GET due list (both due)', expectedStatus: 200, samples: [] },
    { name: 'POST phq-9 response (1st of 2)', expectedStatus: 201, samples: [] },
    { name: 'POST gad-7 response (2nd, last)', expectedStatus: 201, samples: [] },
  ];
  const [due, phq, gad] = flow as [Row, Row, Row];
  log(`questionnaires: warming up (${warmUp.length} patients), then ${measured.length} patients`);
  for (const p of warmUp) {
    await dueList(p);
    await submit(p, PHQ9);
    await submit(p, GAD7);
  }
  for (const p of measured) {
    due.samples.push(await dueList(p));
    phq.samples.push(await submit(p, PHQ9));
    gad.samples.push(await submit(p, GAD7));
  }
  if (due.samples.some((s) => (s.body as { next?: unknown }).next !== 'phq-9'))
    notes.push('UNEXPECTED: a due list did not have phq-9 next');
  if (phq.samples.some((s) => (s.body as { next?: unknown }).next !== 'gad-7'))
    notes.push('UNEXPECTED: a PHQ-9 submission did not answer next: gad-7');
  if (gad.samples.some((s) => (s.body as { next?: unknown }).next !== null))
    notes.push('UNEXPECTED: a GAD-7 submission did not answer next: null');

  // 2. Two years of history against none.
  log(`questionnaires: ${QUESTIONNAIRE_COUNTS.historyWeeks} weeks of history for one patient`);
  const fresh = await newPatient();
  const veteran = await newPatient();
  const db = documentClient(portal.dynamoDbEndpoint);
  const store = responses({ db, name: portal.tableName });
  const yesterday = addDays(calendarDateIn(new Date(), timeZone), -1);
  let stored = 0;
  try {
    for (let week = 0; week < QUESTIONNAIRE_COUNTS.historyWeeks; week++) {
      const date = addDays(yesterday, -7 * week);
      for (const definition of [PHQ9, GAD7]) {
        const scored = scoreAnswers(definition, zeroAnswers(definition));
        if (!scored.ok) throw new Error(`scoring ${definition.id} failed`);
        const response: QuestionnaireResponse = {
          patientId: veteran.id,
          questionnaireId: definition.id,
          date,
          submittedAt: isoWithOffset(new Date(`${date}T10:00:00Z`), timeZone),
          // A past appointment's: it does not make today's questionnaires completed.
          appointmentId: `00000000-0000-4000-8000-${String(week).padStart(12, '0')}`,
          answers: scored.answers,
          total: scored.total,
          severity: scored.severity,
          riskFlag: scored.riskFlag,
        };
        const { Put } = store.saveItem(response);
        if (Put) await db.send(new PutCommand(Put));
        stored++;
      }
    }
  } finally {
    db.destroy();
  }
  const history = [
    { name: 'no history', patient: fresh, stored: 0 },
    { name: `${QUESTIONNAIRE_COUNTS.historyWeeks} weeks`, patient: veteran, stored },
  ];
  const loads = history.map(() => [] as Timed[]);
  const exports = history.map(() => [] as Timed[]);
  log(`questionnaires: ${QUESTIONNAIRE_COUNTS.dueListLoads} due-list loads each, interleaved`);
  for (let i = 0; i < QUESTIONNAIRE_COUNTS.dueListWarmUp + QUESTIONNAIRE_COUNTS.dueListLoads; i++) {
    for (const [k, h] of history.entries()) {
      const sample = await dueList(h.patient);
      if (i >= QUESTIONNAIRE_COUNTS.dueListWarmUp) loads[k]?.push(sample);
    }
  }
  for (let i = 0; i < QUESTIONNAIRE_COUNTS.exportLoads; i++)
    for (const [k, h] of history.entries()) exports[k]?.push(await exportResponses(h.patient));
  if (loads.flat().some((s) => (s.body as { next?: unknown }).next !== 'phq-9'))
    notes.push('UNEXPECTED: a history due list did not have phq-9 next');
  const flowRows: Row[] = [
    ...flow,
    ...history.map((h, k) => ({
      name: `GET due list, ${h.name}`,
      expectedStatus: 200,
      samples: loads[k] ?? [],
    })),
    ...history.map((h, k) => ({
      name: `GET export, ${h.name}`,
      expectedStatus: 200,
      samples: exports[k] ?? [],
    })),
  ];
  for (const r of flowRows) {
    if (r.samples.every((s) => s.status === r.expectedStatus)) continue;
    const statuses = [...new Set(r.samples.map((s) => s.status))].join(', ');
    notes.push(`UNEXPECTED: "${r.name}" expected ${r.expectedStatus}, got ${statuses}`);
  }

  // Tables
  const output: string[] = [];
  output.push(
    table(
      `3. Questionnaires via the local HTTP server: for each new 'treatment' patient the due list, then PHQ-9, then GAD-7 (ms; ${QUESTIONNAIRE_COUNTS.warmUpPatients} warm-up patients first)`,
      ['request', 'status', 'n', 'mean', 'min', 'p50', 'p95', 'max'],
      flow.map((r) => {
        const s = summarise(r.samples.map((a) => a.ms));
        const statuses = [...new Set(r.samples.map((a) => a.status))].join('/');
        return [r.name, statuses, s.n, ms(s.mean), ms(s.min), ms(s.p50), ms(s.p95), ms(s.max)];
      }),
    ),
  );
  const operations = [
    ...new Set(flow.flatMap((r) => r.samples.flatMap((a) => [...a.counts.byOperation.keys()]))),
  ]
    .sort()
    .reverse();
  output.push(
    table(
      '4. DynamoDB requests per questionnaire request (counted at the proxy; "a-b" = varied; items read = GetItem found + Query ScannedCount)',
      ['request', 'n', ...operations, 'total', 'round trips', 'items read'],
      flow.map((r) => [
        r.name,
        r.samples.length,
        ...operations.map((op) => range(r.samples.map((a) => a.counts.byOperation.get(op) ?? 0))),
        range(r.samples.map((a) => total(a.counts))),
        range(r.samples.map((a) => a.counts.roundTrips)),
        range(r.samples.map((a) => itemsRead(a.counts))),
      ]),
    ),
  );
  const perRequest = flow.flatMap((r) => {
    const kinds = [...new Set(r.samples.flatMap((a) => a.counts.requests.map((q) => kindOf(q))))].sort();
    return kinds.map((kind) => {
      const of = r.samples.flatMap((a) => a.counts.requests.filter((q) => kindOf(q) === kind));
      const s = summarise(of.map((q) => q.ms));
      return [r.name, kind, s.n, ms(s.p50), ms(s.p95), ms(s.max)];
    });
  });
  output.push(
    table(
      '   Time per DynamoDB request at the proxy (ms): DynamoDB Local plus the proxy hop',
      ['request', 'operation', 'n', 'p50', 'p95', 'max'],
      perRequest,
    ),
  );
  const historyRows = (name: string, rows: readonly Timed[][]) =>
    history.map((h, k) => {
      const samples = rows[k] ?? [];
      const s = summarise(samples.map((a) => a.ms));
      return [
        name,
        h.name,
        h.stored,
        s.n,
        requestMix(samples),
        range(samples.map((a) => a.counts.roundTrips)),
        range(samples.map((a) => itemsRead(a.counts, responseQueries))),
        range(samples.map((a) => itemsRead(a.counts))),
        range(samples.map((a) => sum(a.counts.requests.filter(responseQueries).map((q) => q.responseBytes)))),
        ms(s.p50),
        ms(s.p95),
        ms(s.mean),
        ms(s.max),
      ];
    });
  output.push(
    table(
      `5. Due list with two years of weekly PHQ-9 + GAD-7 (history up to yesterday) beside none; the EPR export (reads all) for contrast (ms; ${QUESTIONNAIRE_COUNTS.dueListWarmUp} warm-up loads each, loads interleaved)`,
      [
        'request',
        'history',
        'stored',
        'n',
        'DynamoDB requests',
        'round trips',
        'responses read',
        'items read',
        'bytes read',
        'p50',
        'p95',
        'mean',
        'max',
      ],
      [...historyRows('GET due list', loads), ...historyRows('GET export', exports)],
    ),
  );
  output.push(
    [
      '   stored: responses in DynamoDB; responses read: ScannedCount of the Query on RESPONSE# (the due window, or all',
      '   for the export); items read adds the GetItems (session, patient; key for the export) and the next-appointment',
      "   Query; bytes read: the size of the RESPONSE# Query's answer from DynamoDB Local. The due window runs from the",
      `   date ${service.questionnaires.windowHours} hours ago to today, so of the ${stored} stored responses it holds yesterday's two, whatever the history.`,
    ].join('\n'),
  );
  if (notes.length) output.push(notes.map((n) => `   note: ${n}`).join('\n'));
  return output.join('\n\n');
};
