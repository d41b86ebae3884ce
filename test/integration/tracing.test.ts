import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/data/dynamo.js';
import { emailClient, smsClient } from '../../shared/messaging-deps.js';
import { loadTracing, traceInvocations } from '../../shared/observability/tracing.js';
import { cookieValue, createFixture, type Fixture } from '../support/portal-fixture.js';
import { lambdaTracingEnv, startXrayDaemon } from '../support/xray-daemon.js';

// The Powertools tracer as it runs in Lambda (issue 15, item 1): the X-Ray SDK in Lambda mode,
// sending each closed subsegment over UDP to the daemon, here a socket of this test's. What it
// sends is read back: the handler's subsegment with its annotations, a subsegment per DynamoDB
// call, and nothing a patient typed or the portal holds about them.

describe('traces (Powertools tracer, X-Ray SDK in Lambda mode)', () => {
  let daemon: Awaited<ReturnType<typeof startXrayDaemon>>;
  const saved = { ...process.env };
  let f: Fixture;

  beforeAll(async () => {
    daemon = await startXrayDaemon();
    Object.assign(process.env, {
      ...lambdaTracingEnv(daemon.port, 'therapy-portal-test'),
      POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
      // POWERTOOLS_TRACER_CAPTURE_RESPONSE is left unset, though PortalFunction sets it: the code's
      // own `captureResponse: false` is what this test holds.
    });
    expect(await loadTracing()).toBe(true);
    // Made after the tracer loaded, as createDeps does: its table client is traced.
    f = await createFixture();
  });

  afterAll(() => {
    daemon.close();
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  const traced = <T>(invoke: () => Promise<T>) => daemon.traced(invoke);

  it('gives each invocation a handler subsegment, annotated, with one subsegment per DynamoDB call', async () => {
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });

    const { result, sent } = await traced(() =>
      f.call({ method: 'POST', path: '/api/patient/session', body: { secureId, dateOfBirth: '1985-03-27' } }),
    );

    expect(result.status).toBe(200);
    const handler = sent.find((s) => s.name === '## index.handler');
    expect(handler?.annotations).toMatchObject({ ColdStart: true, Service: 'therapy-portal-test' });
    const calls = sent.filter((s) => s.namespace === 'aws' && s.name === 'DynamoDB');
    expect(calls.length).toBeGreaterThan(0);
    // Sign-in is two round trips (bench table 2), each call its own subsegment under the handler's.
    expect(new Set(calls.map((c) => c.aws?.operation))).toEqual(
      new Set(['GetItem', 'Query', 'UpdateItem', 'TransactWriteItems']),
    );
    for (const call of calls) expect((call as { parent_id?: string }).parent_id).toBe(handler?.id);
    expect(calls.find((c) => c.aws?.operation === 'GetItem')?.aws).toMatchObject({
      region: 'eu-west-2',
      table_name: f.tableName,
    });

    const second = await traced(() => f.call({ method: 'GET', path: '/sign-in' }));
    expect(second.sent.find((s) => s.name === '## index.handler')?.annotations).toMatchObject({
      ColdStart: false,
    });
  });

  it('marks an invocation the error mapper answered with a 5xx as a fault', async () => {
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    f.deps.table.db.middlewareStack.add(
      () => async () => {
        throw new Error('the table is on fire');
      },
      { step: 'initialize', name: 'failEveryCall' },
    );
    try {
      const { result, sent } = await traced(() =>
        f.call({
          method: 'POST',
          path: '/api/patient/session',
          body: { secureId, dateOfBirth: '1985-03-27' },
        }),
      );
      expect(result.status, result.body).toBeGreaterThanOrEqual(500);
      expect(sent.find((s) => s.name === '## index.handler')).toMatchObject({ fault: true });
    } finally {
      f.deps.table.db.middlewareStack.remove('failEveryCall');
    }
    const fine = await traced(() => f.call({ method: 'GET', path: '/sign-in' }));
    expect(fine.sent.find((s) => s.name === '## index.handler')?.fault).toBeUndefined();
  });

  it("adds no early timeout of its own: a handler near the Lambda's time limit still answers", async () => {
    const slow = traceInvocations(async (_event: unknown, _context: unknown) => {
      await new Promise((r) => setTimeout(r, 20));
      return 'answered';
    });
    // Middy's default would give up 5 ms before the end, that is at once here.
    const nearlyOut = { getRemainingTimeInMillis: () => 4 };
    expect((await traced(() => slow({}, nearlyOut))).result).toBe('answered');
  });

  it('never traces the SES and SNS clients, whose errors name the recipient; traces the table client', () => {
    const instrumented = (client: { middlewareStack: { identify(): string[] } }) =>
      client.middlewareStack.identify().some((m) => m.startsWith('XRaySDKInstrumentation'));
    expect(instrumented(documentClient('http://127.0.0.1:1'))).toBe(true);
    expect(instrumented(emailClient())).toBe(false);
    expect(instrumented(smsClient())).toBe(false);
  });

  it('sends no Secure ID, date of birth, name, phone number or answer', async () => {
    const key = await f.addIntegrationKey();
    const { patient, secureId } = await f.addPatient({
      givenName: 'Zebedee',
      familyName: 'Quixote',
      dateOfBirth: '1971-08-19',
    });
    const sent: string[] = [];
    const signIn = await traced(() =>
      f.call({ method: 'POST', path: '/api/patient/session', body: { secureId, dateOfBirth: '1971-08-19' } }),
    );
    sent.push(signIn.raw);
    const added = await traced(() =>
      f.call({
        method: 'POST',
        path: '/api/v1/patients',
        headers: { authorization: `Bearer ${key}` },
        body: {
          givenName: 'Yolanda',
          familyName: 'Quarrington',
          dateOfBirth: '1964-02-29',
          phone: '07911 654321',
          contactPreference: 'sms',
          stage: 'treatment',
        },
      }),
    );
    expect(added.result.status).toBe(201);
    sent.push(added.raw);
    // The new patient's Secure ID is in the response: a trace never holds the response.
    const issued = added.result.json<{ secureId: string }>().secureId;
    // A refused sign-in: an invocation that answers 401 is traced without the attempt's values.
    sent.push(
      (
        await traced(() =>
          f.call({
            method: 'POST',
            path: '/api/patient/session',
            body: { secureId, dateOfBirth: '1971-08-20' },
          }),
        )
      ).raw,
    );
    const session = cookieValue(signIn.result.cookies, '__Host-session') as string;
    sent.push(
      (
        await traced(() =>
          f.call({
            method: 'GET',
            path: '/api/patient/questionnaires',
            cookies: { '__Host-session': session },
          }),
        )
      ).raw,
    );

    const text = sent.join('\n');
    expect(text).toContain('DynamoDB');
    for (const personal of [
      secureId,
      '1971-08-19',
      '1971-08-20',
      '1964-02-29',
      'Zebedee',
      'Quixote',
      'Yolanda',
      'Quarrington',
      '654321',
      patient.phone,
      session,
      key,
      issued,
    ]) {
      expect(text).not.toContain(personal);
    }
  });
});
