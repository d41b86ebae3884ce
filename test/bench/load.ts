import { performance } from 'node:perf_hooks';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { documentClient } from '../../shared/data/dynamo.js';
import { responses } from '../../shared/data/responses.js';
import { staffAlerts } from '../../shared/data/staff-alerts.js';
import { todos } from '../../shared/data/todos.js';
import { isoWithOffset } from '../../shared/domain/appointments.js';
import { GAD7, PHQ9 } from '../../shared/domain/questionnaires/builtin.js';
import type { QuestionnaireDefinition } from '../../shared/domain/questionnaires/definition.js';
import { type LocalPortal, startLocalPortal } from '../../local/portal.js';
import { logger } from '../../shared/http/logger.js';
import { reminderLogger } from '../../shared/messages/handlers.js';
import { ms, percentile, table } from './report.js';

// `npm run bench -- --load` and `npm run bench -- --fault`: the portal under load, and with its
// store gone for a while (issue 15, "Load and faults"). Each run is a process of its own with a
// fresh local portal (DynamoDB Local in memory; a second portal in one process would reuse the
// first one's handlers, which hold its endpoint) and 200 new patients in the 'treatment' stage
// (PHQ-9 and GAD-7 due), created and booked through the integration API (three clinicians, one
// session an hour each within the 72-hour window). Every 4th patient answers the PHQ-9 risk item
// above 0.
// Each patient then does what the JSON client of the patient API does: sign in, load the due list,
// send PHQ-9, send GAD-7 (docs/API.md).
//
//   load run:  all 200 start at once. Throughput, p50/p99 per step, errors; then the store is
//              read back: each patient's two responses exactly once, every risk answer with its
//              to-do and its staff alert, no to-do without its response.
//   fault run: patients arrive one every 100 ms; 8 s in, DynamoDB Local is paused (SIGSTOP) for
//              10 s, then resumed (SIGCONT): its data stays, as when a store stops answering and
//              comes back. A request in that window must get 503 service_unavailable with the
//              error shape and a reference (JSON), or the "try again" page with a reference (one
//              page is asked for in the window to see it). The bench, like a patient, sends a
//              refused request again after a second, so every patient can finish; the same store
//              checks follow, and the report counts what was refused, retried and lost.
//
// Nothing asserts on time: the tables are compared between runs on the same machine.

export const LOAD_COUNTS = {
  patients: 200,
  riskEvery: 4,
  seedConcurrency: 8,
} as const;

export const FAULT = {
  arrivalMs: 100,
  pauseAfterMs: 8_000,
  pauseMs: 10_000,
  retryDelayMs: 1_000,
  maxTries: 40,
} as const;

const HOUR_MS = 3600_000;
const DATE_OF_BIRTH = '1980-01-01';

type Step = 'sign-in' | 'due list' | 'phq-9' | 'gad-7';
const STEPS: readonly Step[] = ['sign-in', 'due list', 'phq-9', 'gad-7'];

/** How a refused answer looked: the promised shapes, or anything else. */
type Refusal = 'json-503-with-reference' | 'page-503-with-reference' | 'other';

interface Sample {
  readonly patient: number;
  readonly step: Step;
  readonly status: number;
  readonly ms: number;
  readonly try: number;
  readonly refusal?: Refusal;
}

interface BenchPatient {
  readonly index: number;
  readonly id: string;
  readonly secureId: string;
  readonly risk: boolean;
}

interface Outcome {
  readonly patient: BenchPatient;
  /** Each questionnaire the portal said it stored: 201, or 409 already_completed after a refused try. */
  readonly stored: Set<string>;
  finished: boolean;
  /** A 409 already_completed after a refused try: the refused one had been written after all. */
  storedWhileRefused: number;
  note?: string;
}

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

const answersOf = (definition: QuestionnaireDefinition, risk: boolean): Record<string, number> =>
  Object.fromEntries(
    definition.items.map((item) => [
      item.id,
      risk && definition.riskItem?.itemId === item.id ? definition.riskItem.above + 1 : 0,
    ]),
  );

/** Runs `task` over `items`, at most `limit` at a time. */
const pool = async <T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>) => {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i] as T);
      }
    }),
  );
  return results;
};

/** A portal of its own, in memory: a second portal in one process would reuse the first one's handlers. */
const startLoadPortal = (serviceConfigPath: string): Promise<LocalPortal> =>
  startLocalPortal({ port: 0, sesPort: 0, dataDir: undefined, serviceConfigPath });

/** Sends again while the portal answers 503 (the fault run's seeding runs on the deployed timeouts). */
const seedFetch = async (url: string, init: RequestInit): Promise<Response> => {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, init);
    if (res.status !== 503 || attempt >= 10) return res;
    await res.arrayBuffer();
    await sleep(500);
  }
};

const seedPatients = async (
  portal: LocalPortal,
  base: string,
  serviceConfigPath: string,
): Promise<BenchPatient[]> => {
  const service = loadServiceConfig(serviceConfigPath);
  const integration = {
    'content-type': 'application/json',
    authorization: `Bearer ${portal.integrationKey}`,
  };
  const firstHour = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const lastStart = Date.now() + (service.questionnaires.windowHours - 2) * HOUR_MS;
  const slots: { clinicianId: string; start: number }[] = [];
  for (let start = firstHour; start <= lastStart; start += HOUR_MS)
    for (const clinician of service.clinicians) slots.push({ clinicianId: clinician.id, start });
  let nextSlot = 0;
  const indexes = Array.from({ length: LOAD_COUNTS.patients }, (_, i) => i);
  return pool(indexes, LOAD_COUNTS.seedConcurrency, async (index) => {
    const created = await seedFetch(`${base}/api/v1/patients`, {
      method: 'POST',
      headers: integration,
      body: JSON.stringify({
        givenName: 'Bench',
        familyName: 'Load',
        dateOfBirth: DATE_OF_BIRTH,
        phone: '07911 123456',
        contactPreference: 'sms',
        stage: 'treatment',
      }),
    });
    const body = (await created.json()) as { id?: string; secureId?: string };
    if (created.status !== 201 || !body.id || !body.secureId)
      throw new Error(`creating a patient answered ${created.status}`);
    for (;;) {
      const slot = slots[nextSlot++];
      if (!slot) throw new Error(`no free session slot left of ${slots.length} within the window`);
      const booked = await seedFetch(`${base}/api/v1/appointments`, {
        method: 'POST',
        headers: integration,
        body: JSON.stringify({
          patientId: body.id,
          clinicianId: slot.clinicianId,
          start: isoWithOffset(new Date(slot.start), service.timeZone),
          serviceType: 'session',
        }),
      });
      await booked.arrayBuffer();
      if (booked.status === 201) break;
      if (booked.status !== 409) throw new Error(`booking a session answered ${booked.status}`);
    }
    return { index, id: body.id, secureId: body.secureId, risk: index % LOAD_COUNTS.riskEvery === 0 };
  });
};

const refusalOf = (status: number, contentType: string, text: string): Refusal => {
  if (status !== 503) return 'other';
  if (contentType.startsWith('application/json')) {
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (
        body.error?.code === 'service_unavailable' &&
        typeof body.error.message === 'string' &&
        /Reference: \S+/.test(body.error.message)
      )
        return 'json-503-with-reference';
    } catch {
      return 'other';
    }
  }
  if (contentType.startsWith('text/html') && /Reference: \S+/.test(text)) return 'page-503-with-reference';
  return 'other';
};

/** A refused request worth sending again: the store did not answer, or nothing answered at all. */
const retryable = (status: number) => status === 0 || status === 502 || status === 503 || status === 504;

interface Run {
  readonly samples: Sample[];
  readonly outcomes: Outcome[];
  readonly wallMs: number;
  readonly pageProbe?: { status: number; refusal: Refusal; ms: number };
  readonly pausedAt?: number;
}

const runPatients = async (
  base: string,
  patients: readonly BenchPatient[],
  options: { arrivalMs: number; retry: boolean; onFirstCookie?: (cookie: string) => void },
): Promise<Omit<Run, 'pageProbe' | 'pausedAt'>> => {
  const samples: Sample[] = [];
  const send = async (
    patient: number,
    step: Step,
    path: string,
    init: RequestInit,
  ): Promise<{ status: number; text: string; headers: Headers | undefined; refusedBefore: boolean }> => {
    let refusedBefore = false;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let status: number;
      let text = '';
      let headers: Headers | undefined;
      try {
        const res = await fetch(`${base}${path}`, init);
        status = res.status;
        headers = res.headers;
        text = await res.text();
      } catch {
        // No answer at all, or one broken off.
        status = 0;
      }
      const elapsed = performance.now() - started;
      const failed = retryable(status) || status >= 500;
      samples.push({
        patient,
        step,
        status,
        ms: elapsed,
        try: attempt,
        ...(failed ? { refusal: refusalOf(status, headers?.get('content-type') ?? '', text) } : {}),
      });
      if (options.retry && retryable(status) && attempt < FAULT.maxTries) {
        refusedBefore = true;
        await sleep(FAULT.retryDelayMs);
        continue;
      }
      return { status, text, headers, refusedBefore };
    }
  };

  const flow = async (patient: BenchPatient): Promise<Outcome> => {
    const outcome: Outcome = { patient, stored: new Set(), finished: false, storedWhileRefused: 0 };
    const signIn = await send(patient.index, 'sign-in', '/api/patient/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secureId: patient.secureId, dateOfBirth: DATE_OF_BIRTH }),
    });
    const cookie = signIn.headers
      ?.getSetCookie()
      .find((c) => c.startsWith('session='))
      ?.split(';')[0];
    if (signIn.status !== 200 || !cookie) {
      outcome.note = `sign-in answered ${signIn.status}`;
      return outcome;
    }
    options.onFirstCookie?.(cookie);
    const due = await send(patient.index, 'due list', '/api/patient/questionnaires', { headers: { cookie } });
    if (due.status !== 200) {
      outcome.note = `due list answered ${due.status}`;
      return outcome;
    }
    for (const [step, definition] of [
      ['phq-9', PHQ9],
      ['gad-7', GAD7],
    ] as const) {
      const sent = await send(patient.index, step, `/api/patient/questionnaires/${definition.id}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ answers: answersOf(definition, patient.risk) }),
      });
      const code =
        sent.status === 409 ? (JSON.parse(sent.text) as { error?: { code?: string } }).error?.code : '';
      if (sent.status === 201) outcome.stored.add(definition.id);
      else if (code === 'already_completed' && sent.refusedBefore) {
        outcome.stored.add(definition.id);
        outcome.storedWhileRefused++;
      } else {
        outcome.note = `${step} answered ${sent.status} ${code ?? ''}`.trim();
        return outcome;
      }
    }
    outcome.finished = true;
    return outcome;
  };

  const started = performance.now();
  const outcomes = await Promise.all(
    patients.map(async (patient, i) => {
      if (options.arrivalMs) await sleep(i * options.arrivalMs);
      return flow(patient);
    }),
  );
  return { samples, outcomes, wallMs: performance.now() - started };
};

interface StoreCheck {
  readonly rows: (readonly [string, number, number])[];
  readonly lost: number;
}

/** Reads back what the run left in the table, straight from DynamoDB Local. */
const checkStore = async (portal: LocalPortal, outcomes: readonly Outcome[]): Promise<StoreCheck> => {
  const table = { db: documentClient(portal.dynamoDbEndpoint), name: portal.tableName };
  const stored = responses(table);
  const toDo = todos(table);
  const alerts = staffAlerts(table);
  let patientsWithBoth = 0;
  let responsesFound = 0;
  let doubled = 0;
  let riskTodos = 0;
  let riskAlerts = 0;
  let otherTodos = 0;
  let todosWithoutResponse = 0;
  let lost = 0;
  try {
    await pool(outcomes, 8, async (o) => {
      const [kept, filed] = await Promise.all([stored.all(o.patient.id), toDo.forPatient(o.patient.id)]);
      responsesFound += kept.length;
      const byQuestionnaire = new Map<string, number>();
      for (const r of kept)
        byQuestionnaire.set(r.questionnaireId, (byQuestionnaire.get(r.questionnaireId) ?? 0) + 1);
      if (byQuestionnaire.get(PHQ9.id) === 1 && byQuestionnaire.get(GAD7.id) === 1) patientsWithBoth++;
      for (const count of byQuestionnaire.values()) if (count > 1) doubled += count - 1;
      // Lost: the portal said it stored a questionnaire (201) and the table does not have it.
      for (const id of o.stored) if (!byQuestionnaire.has(id)) lost++;
      for (const t of filed) {
        if (t.kind !== 'risk' || t.questionnaireId !== PHQ9.id || !o.patient.risk) {
          otherTodos++;
          continue;
        }
        riskTodos++;
        if (await alerts.get(t.id)) riskAlerts++;
        if (!kept.some((r) => r.questionnaireId === t.questionnaireId && r.date === t.responseDate))
          todosWithoutResponse++;
      }
    });
  } finally {
    table.db.destroy();
  }
  const n = outcomes.length;
  const risky = outcomes.filter((o) => o.patient.risk).length;
  return {
    lost,
    rows: [
      ['patients with PHQ-9 and GAD-7 stored once each', n, patientsWithBoth],
      ['responses stored', 2 * n, responsesFound],
      ['responses stored twice (doubled)', 0, doubled],
      ['responses the portal confirmed but the table lacks (lost)', 0, lost],
      ['risk answers (PHQ-9 item 9 above 0) with their to-do', risky, riskTodos],
      ['  ... and the to-do with its staff alert', risky, riskAlerts],
      ['to-dos without their response (half-written)', 0, todosWithoutResponse],
      ['to-dos nobody asked for', 0, otherTodos],
    ],
  };
};

const stepTable = (title: string, samples: readonly Sample[], wallMs: number) =>
  table(
    title,
    ['step', 'requests', 'statuses', 'p50', 'p99', 'max', 'errors', 'per second'],
    STEPS.map((step) => {
      const of = samples.filter((s) => s.step === step);
      const sorted = of.map((s) => s.ms).sort((a, b) => a - b);
      const statuses = [...new Set(of.map((s) => s.status))].sort().join('/');
      const errors = of.filter((s) => s.status === 0 || s.status >= 500).length;
      return [
        step,
        of.length,
        statuses,
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 99)),
        ms(sorted[sorted.length - 1] ?? Number.NaN),
        errors,
        (of.length / (wallMs / 1000)).toFixed(1),
      ];
    }),
  );

const expectedFound = (title: string, check: StoreCheck) =>
  table(
    title,
    ['check', 'expected', 'found'],
    check.rows.map(([name, expected, found]) => [name, expected, found]),
  );

const notesOf = (outcomes: readonly Outcome[]): string[] => {
  const unfinished = outcomes.filter((o) => !o.finished);
  const reasons = new Map<string, number>();
  for (const o of unfinished) reasons.set(o.note ?? '?', (reasons.get(o.note ?? '?') ?? 0) + 1);
  return [...reasons].map(([reason, count]) => `UNEXPECTED: ${count} patient(s) did not finish: ${reason}`);
};

/** Quiet logs: the refused requests' warnings and the local reminders' lines stay off the tables. */
const quietLogs = () => {
  logger.setLogLevel('ERROR');
  reminderLogger.setLogLevel('ERROR');
};

/** 14: 200 patients at once, then the store checked. */
export const runLoadRun = async (serviceConfigPath: string, log: (line: string) => void): Promise<string> => {
  const output: string[] = [];
  quietLogs();
  // The load run.
  log('load: starting a portal of its own');
  const portal = await startLoadPortal(serviceConfigPath);
  try {
    const base = portal.url.replace('//localhost:', '//127.0.0.1:');
    log(`load: ${LOAD_COUNTS.patients} patients, created and booked through the integration API`);
    const patients = await seedPatients(portal, base, serviceConfigPath);
    log(`load: ${patients.length} patients at once`);
    const run = await runPatients(base, patients, { arrivalMs: 0, retry: false });
    const finished = run.outcomes.filter((o) => o.finished).length;
    const requests = run.samples.length;
    const errors = run.samples.filter((s) => s.status === 0 || s.status >= 500).length;
    const all = run.samples.map((s) => s.ms).sort((a, b) => a - b);
    output.push(
      table(
        `14. Load: ${LOAD_COUNTS.patients} patients at once sign in, load the due list and send PHQ-9 and GAD-7 (JSON API, local server, DynamoDB Local in memory; every ${LOAD_COUNTS.riskEvery}th answers the risk item)`,
        ['measure', 'value'],
        [
          ['wall time (s)', (run.wallMs / 1000).toFixed(1)],
          ['patients finished', `${finished} of ${run.outcomes.length}`],
          ['patients finished per second', (finished / (run.wallMs / 1000)).toFixed(1)],
          ['requests', requests],
          ['requests per second', (requests / (run.wallMs / 1000)).toFixed(1)],
          ['p50 (ms, all requests)', ms(percentile(all, 50))],
          ['p99 (ms, all requests)', ms(percentile(all, 99))],
          ['errors (5xx or no answer)', errors],
        ],
      ),
    );
    output.push(stepTable('    By step (ms)', run.samples, run.wallMs));
    log('load: reading the store back');
    output.push(expectedFound('    The store after the load run', await checkStore(portal, run.outcomes)));
    const notes = notesOf(run.outcomes);
    if (notes.length) output.push(notes.map((n) => `    note: ${n}`).join('\n'));
  } finally {
    await portal.stop();
  }

  return output.join('\n\n');
};

/**
 * 15: the same flow with DynamoDB Local paused for 10 s in the middle. Run in a process of its
 * own, with DYNAMODB_TIMEOUTS=deployed set before the portal starts: the handlers then wait for
 * DynamoDB Local as they would wait for DynamoDB in AWS (shared/data/dynamo.ts).
 */
export const runFaultRun = async (
  serviceConfigPath: string,
  log: (line: string) => void,
): Promise<string> => {
  const output: string[] = [];
  quietLogs();
  // The fault run.
  log('fault: starting a portal of its own');
  const portal = await startLoadPortal(serviceConfigPath);
  const pid = portal.dynamoDbPid;
  let paused = false;
  try {
    if (!pid) throw new Error("DynamoDB Local's process id is not known");
    const base = portal.url.replace('//localhost:', '//127.0.0.1:');
    log(`fault: ${LOAD_COUNTS.patients} patients, created and booked through the integration API`);
    const patients = await seedPatients(portal, base, serviceConfigPath);
    let cookie: string | undefined;
    let probe: Run['pageProbe'];
    const pause = (async () => {
      await sleep(FAULT.pauseAfterMs);
      log(`fault: DynamoDB Local paused (SIGSTOP) for ${FAULT.pauseMs / 1000} s`);
      process.kill(pid, 'SIGSTOP');
      paused = true;
      const pageAsked = (async () => {
        await sleep(1000);
        if (!cookie) return;
        const started = performance.now();
        const res = await fetch(`${base}/questionnaires`, { headers: { cookie } });
        const text = await res.text();
        probe = {
          status: res.status,
          refusal: refusalOf(res.status, res.headers.get('content-type') ?? '', text),
          ms: performance.now() - started,
        };
      })();
      await sleep(FAULT.pauseMs);
      process.kill(pid, 'SIGCONT');
      paused = false;
      log('fault: DynamoDB Local resumed (SIGCONT)');
      await pageAsked;
    })();
    log(`fault: patients arriving one every ${FAULT.arrivalMs} ms`);
    const run = await runPatients(base, patients, {
      arrivalMs: FAULT.arrivalMs,
      retry: true,
      onFirstCookie: (c) => {
        cookie ??= c;
      },
    });
    await pause;
    const refused = run.samples.filter((s) => s.refusal !== undefined);
    const byShape = (shape: Refusal) => refused.filter((s) => s.refusal === shape).length;
    const check = await checkStore(portal, run.outcomes);
    const refusedMs = refused.map((s) => s.ms).sort((a, b) => a - b);
    const finished = run.outcomes.filter((o) => o.finished).length;
    output.push(
      table(
        `15. Fault: the same flow, patients arriving one every ${FAULT.arrivalMs} ms; DynamoDB Local paused (SIGSTOP) ${FAULT.pauseAfterMs / 1000} s in, for ${FAULT.pauseMs / 1000} s; refused requests sent again after ${FAULT.retryDelayMs / 1000} s`,
        ['measure', 'value'],
        [
          ['wall time (s)', (run.wallMs / 1000).toFixed(1)],
          ['requests', run.samples.length],
          ['refused (5xx or no answer)', refused.length],
          [
            '  503 service_unavailable with the error shape and a reference',
            byShape('json-503-with-reference'),
          ],
          ['  anything else (500, bare 503, no answer)', byShape('other')],
          [
            'refused request: p50 / max (ms)',
            `${ms(percentile(refusedMs, 50))} / ${ms(refusedMs.at(-1) ?? Number.NaN)}`,
          ],
          ['requests sent again (retries)', run.samples.filter((s) => s.try > 1).length],
          ['patients who were refused at least once', new Set(refused.map((s) => s.patient)).size],
          [
            'submissions refused but stored all the same (409 already_completed on the retry)',
            run.outcomes.reduce((s, o) => s + o.storedWhileRefused, 0),
          ],
          ['patients finished after the restart', `${finished} of ${run.outcomes.length}`],
          ['lost (confirmed, not stored)', check.lost],
          [
            'a page asked in the window: status, shape',
            probe
              ? `${probe.status}, ${probe.refusal === 'page-503-with-reference' ? '"try again" page with a reference' : 'NOT the try-again page'} (${ms(probe.ms)} ms)`
              : 'not asked',
          ],
        ],
      ),
    );
    output.push(stepTable('    By step (ms; refused tries included)', run.samples, run.wallMs));
    output.push(expectedFound('    The store after the fault run', check));
    const notes = notesOf(run.outcomes);
    if (byShape('other'))
      notes.push(`UNEXPECTED: ${byShape('other')} refused request(s) without the 503 shape`);
    if (notes.length) output.push(notes.map((n) => `    note: ${n}`).join('\n'));
  } finally {
    if (paused && pid) process.kill(pid, 'SIGCONT');
    await portal.stop();
  }
  return output.join('\n\n');
};
