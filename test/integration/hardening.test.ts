import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInKeys } from '../../shared/data/keys.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Issue "Harden what landed": each test here failed on the code before it. Hazards H1 (another
// person sees a patient's portal) and H3 (a patient locked out): docs/clinical-safety.

const CSRF = 'c'.repeat(43);
const signInJson = (f: Fixture, secureId: string, dateOfBirth: string, sourceIp?: string, cookies = {}) =>
  f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth },
    cookies,
    ...(sourceIp ? { sourceIp } : {}),
  });
const failTimes = async (f: Fixture, secureId: string, n: number) => {
  for (let i = 0; i < n; i++) expect((await signInJson(f, secureId, '2000-01-01')).status).toBe(401);
};
/** 20 consecutive failures, waiting out each lock as a patient would. */
const failTwentyTimes = async (f: Fixture, secureId: string) => {
  for (const wait of [15 * 60, 3600, 24 * 3600, 0]) {
    await failTimes(f, secureId, 5);
    f.clock.advanceSeconds(wait);
  }
};
/** What TTL does to an expired item: deletes it. */
const expireAttempts = (f: Fixture, secureId: string) =>
  f.deps.table.db.send(
    new DeleteCommand({
      TableName: f.tableName,
      Key: signInKeys.signInAttempts(f.deps.hasher.secureId(secureId)),
    }),
  );

describe('a Secure ID disabled after 20 failures', () => {
  let f: Fixture;
  let patient: Awaited<ReturnType<Fixture['addPatient']>>;
  beforeEach(async () => {
    f = await createFixture();
    patient = await f.addPatient({ dateOfBirth: '1985-03-27' });
  });

  it('stays disabled when its counter expires, files one staff to-do, and opens only with a reissue', async () => {
    await failTwentyTimes(f, patient.secureId);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(429);

    await expireAttempts(f, patient.secureId);
    f.clock.advanceSeconds(3 * 24 * 3600);
    const stillDisabled = await signInJson(f, patient.secureId, '1985-03-27');
    expect(stillDisabled.status).toBe(429);
    expect(stillDisabled.json()).toMatchObject({ error: { code: 'too_many_attempts' } });

    const open = await f.deps.todos.listOpen();
    expect(open).toEqual([
      expect.objectContaining({ kind: 'secure_id_disabled', patientId: patient.patient.id, status: 'open' }),
    ]);
    expect((await f.deps.patients.get(patient.patient.id))?.secureIdDisabled).toBe(true);

    const key = await f.addIntegrationKey();
    const reissued = await f.api(key)('POST', `/api/v1/patients/${patient.patient.id}/secure-id`);
    expect(reissued.status).toBe(200);
    const { secureId } = reissued.json<{ secureId: string }>();
    expect((await signInJson(f, secureId, '1985-03-27')).status).toBe(200);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(401);
    // The reissue resolves the to-do: it leaves the open list and stays on the record.
    expect(await f.deps.todos.listOpen()).toEqual([]);
    expect(await f.deps.todos.forPatient(patient.patient.id)).toEqual([
      expect.objectContaining({ kind: 'secure_id_disabled', status: 'acknowledged' }),
    ]);
  });

  it('writes the disable mark on a later attempt if it was lost after the 20th failure', async () => {
    // The counter reached 20, but the mark was never written (a crash between the two).
    await f.deps.table.db.send(
      new PutCommand({
        TableName: f.tableName,
        Item: {
          ...signInKeys.signInAttempts(f.deps.hasher.secureId(patient.secureId)),
          failures: 20,
          lastFailureAt: Math.floor(f.clock.now().getTime() / 1000),
          expiresAt: Math.floor(f.clock.now().getTime() / 1000) + 3600,
        },
      }),
    );
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(429);
    await expireAttempts(f, patient.secureId);
    expect((await signInJson(f, patient.secureId, '1985-03-27')).status).toBe(429);
    expect(await f.deps.todos.listOpen()).toHaveLength(1);
  });

  it('lets the counter of an ID that belongs to nobody expire', async () => {
    const nobody = '7KQ2M9XD4TRBW';
    await failTwentyTimes(f, nobody);
    expect((await signInJson(f, nobody, '2000-01-01')).status).toBe(429);
    await expireAttempts(f, nobody);
    expect((await signInJson(f, nobody, '2000-01-01')).status).toBe(401);
    expect(await f.deps.todos.listOpen()).toEqual([]);
  });
});

describe('sessions', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture();
  });
  const home = (session: string, extra: Record<string, string> = {}) =>
    f.call({ method: 'GET', path: '/home', cookies: { '__Host-session': session, ...extra } });

  it('end, every one of them, when the Secure ID is reissued', async () => {
    const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const phone = cookieValue(
      (await signInJson(f, secureId, '1985-03-27')).cookies,
      '__Host-session',
    ) as string;
    const laptop = cookieValue(
      (await signInJson(f, secureId, '1985-03-27')).cookies,
      '__Host-session',
    ) as string;
    expect((await home(phone)).status).toBe(200);
    const key = await f.addIntegrationKey();
    expect((await f.api(key)('POST', `/api/v1/patients/${patient.id}/secure-id`)).status).toBe(200);
    for (const session of [phone, laptop]) {
      expect((await home(session)).headers.location).toBe('/sign-in');
      const api = await f.call({
        method: 'GET',
        path: '/api/patient/questionnaires',
        cookies: { '__Host-session': session },
      });
      expect(api.status).toBe(401);
    }
  });

  it('end the browser’s previous session on a new sign-in, with a new CSRF token', async () => {
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const first = cookieValue(
      (await signInJson(f, secureId, '1985-03-27')).cookies,
      '__Host-session',
    ) as string;
    const again = await f.call({
      method: 'POST',
      path: '/sign-in',
      form: { csrf: CSRF, secureId, 'dob-day': '27', 'dob-month': '3', 'dob-year': '1985' },
      cookies: { '__Host-csrf': CSRF, '__Host-session': first },
    });
    expect(again.status).toBe(303);
    const second = cookieValue(again.cookies, '__Host-session') as string;
    const csrf = cookieValue(again.cookies, '__Host-csrf');
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrf).not.toBe(CSRF);
    expect((await home(first)).status).toBe(303);
    expect((await home(second)).status).toBe(200);
  });

  it('clear the CSRF cookie on sign-out', async () => {
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const session = cookieValue(
      (await signInJson(f, secureId, '1985-03-27')).cookies,
      '__Host-session',
    ) as string;
    const out = await f.call({
      method: 'POST',
      path: '/sign-out',
      form: { csrf: CSRF },
      cookies: { '__Host-session': session, '__Host-csrf': CSRF },
    });
    expect(out.status).toBe(303);
    expect(out.cookies.some((c) => c.startsWith('__Host-csrf=;') && c.includes('Max-Age=0'))).toBe(true);
    const api = await f.call({
      method: 'DELETE',
      path: '/api/patient/session',
      cookies: { '__Host-session': session },
    });
    expect(api.cookies.some((c) => c.startsWith('__Host-csrf=;') && c.includes('Max-Age=0'))).toBe(true);
  });

  it('are read, like the Secure ID lookup, with strongly consistent reads', async () => {
    const reads: { key: string; consistent: boolean }[] = [];
    f.deps.table.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand') {
          const input = args.input as { Key?: { pk?: string }; ConsistentRead?: boolean };
          reads.push({ key: input.Key?.pk ?? '', consistent: input.ConsistentRead === true });
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordReads' },
    );
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const session = cookieValue(
      (await signInJson(f, secureId, '1985-03-27')).cookies,
      '__Host-session',
    ) as string;
    await home(session);
    const lookups = reads.filter((r) => r.key.startsWith('SECUREID#') || r.key.startsWith('SESSION#'));
    expect(lookups.map((r) => r.key.split('#')[0])).toEqual(['SECUREID', 'SESSION']);
    expect(lookups.every((r) => r.consistent)).toBe(true);
  });
});

describe('the per-client limit', () => {
  const limited = () =>
    createFixture({ service: testService({ signIn: { clientFailureLimit: 6, clientWindowMinutes: 10 } }) });

  it('counts IPv6 clients by their /64 network', async () => {
    const f = await limited();
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const others = await Promise.all(Array.from({ length: 6 }, () => f.addPatient()));
    for (const [i, other] of others.entries())
      expect((await signInJson(f, other.secureId, '2000-01-01', `2001:db8:aa:1::${i + 1}`)).status).toBe(401);
    // Another address of the same /64 is the same client...
    expect((await signInJson(f, secureId, '1985-03-27', '2001:db8:aa:1:ffff::9')).status).toBe(429);
    // ...another /64 is not.
    expect((await signInJson(f, secureId, '1985-03-27', '2001:db8:aa:2::1')).status).toBe(200);
  });

  it('holds across the edge of a clock window: no double allowance', async () => {
    const f = await limited();
    f.clock.advanceSeconds(9 * 60 + 30); // 10:09:30, half a minute before a fixed window would end
    const ids = await Promise.all(Array.from({ length: 6 }, () => f.addPatient()));
    for (const { secureId } of ids)
      expect((await signInJson(f, secureId, '2000-01-01', '203.0.113.9')).status).toBe(401);
    f.clock.advanceSeconds(60); // 10:10:30: a new fixed window would have started
    const after = await signInJson(f, (ids[0] as { secureId: string }).secureId, '2000-01-01', '203.0.113.9');
    expect(after.status).toBe(429);
  });

  it('never refuses 50 patients signing in at once from one address', async () => {
    const f = await createFixture();
    const patients = await Promise.all(
      Array.from({ length: 50 }, () => f.addPatient({ dateOfBirth: '1985-03-27' })),
    );
    const results = await Promise.all(
      patients.map((p) => signInJson(f, p.secureId, '1985-03-27', '198.51.100.77')),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
  });

  it('counts a failure only once it has happened, after the date of birth is compared', async () => {
    const f = await limited();
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    for (let i = 0; i < 10; i++)
      expect((await signInJson(f, secureId, '1985-03-27', '203.0.113.20')).status).toBe(200);
    const { Items = [] } = await f.deps.table.db.send(
      new QueryCommand({
        TableName: f.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': signInKeys.clientFailures(f.deps.hasher.clientAddress('203.0.113.20'), 0).pk,
        },
      }),
    );
    expect(Items).toEqual([]);
    // A failure is counted.
    expect((await signInJson(f, secureId, '2000-01-01', '203.0.113.20')).status).toBe(401);
    const after = await f.deps.table.db.send(
      new QueryCommand({
        TableName: f.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': signInKeys.clientFailures(f.deps.hasher.clientAddress('203.0.113.20'), 0).pk,
        },
      }),
    );
    expect(after.Items?.map((i) => i.failures)).toEqual([1]);
  });
});

describe('requests the portal must survive', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture();
  });

  it('ignores a cookie that cannot be decoded instead of answering 500', async () => {
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const session = cookieValue(
      (await signInJson(f, secureId, '1985-03-27')).cookies,
      '__Host-session',
    ) as string;
    for (const path of ['/', '/sign-in', '/home', '/questionnaires', '/api/patient/questionnaires']) {
      const res = await f.call({
        method: 'GET',
        path,
        headers: { cookie: `other=%E0%A4%A; __Host-session=${session}` },
      });
      expect(res.status, path).toBeLessThan(400);
    }
  });

  it('refuses an oversized form with a 413 page and a form of too many fields with a 400 page, before reading it', async () => {
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const big = await f.call({
      method: 'POST',
      path: '/sign-in',
      form: {
        csrf: CSRF,
        secureId,
        'dob-day': '1',
        'dob-month': '1',
        'dob-year': '2000',
        padding: 'x'.repeat(17_000),
      },
      cookies: { '__Host-csrf': CSRF },
    });
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toContain('text/html');
    expect(big.body).toContain('nhsuk-header');
    const many = await f.call({
      method: 'POST',
      path: '/sign-in',
      form: {
        csrf: CSRF,
        secureId,
        'dob-day': '1',
        'dob-month': '1',
        'dob-year': '2000',
        ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, '1'])),
      },
      cookies: { '__Host-csrf': CSRF },
    });
    expect(many.status).toBe(400);
    expect(many.body).toContain('nhsuk-header');
    // Neither reached the sign-in: no attempt was counted.
    expect(await f.deps.signInAttempts.failures(f.deps.hasher.secureId(secureId))).toBe(0);
  });

  describe('contention', () => {
    // DynamoDB Local runs transactions one at a time; real DynamoDB cancels a transaction that
    // meets another on the same item (TransactionConflict). This makes every transaction meet one.
    const alwaysConflict = (fixture: Fixture) =>
      fixture.deps.table.db.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
          throw Object.assign(new Error('Transaction cancelled'), {
            name: 'TransactionCanceledException',
            $fault: 'client',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
          });
        },
        { step: 'initialize', name: 'alwaysConflict' },
      );

    it('answers a booking 409 slot_unavailable when the retries run out, never 500', async () => {
      const key = await f.addIntegrationKey();
      const { patient } = await f.addPatient();
      alwaysConflict(f);
      const res = await f.api(key)('POST', '/api/v1/appointments', {
        patientId: patient.id,
        clinicianId: 'clin-a',
        start: '2026-11-30T10:00:00+00:00',
        serviceType: 'session',
      });
      expect(res.status).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'slot_unavailable' } });
    });

    it('answers a sign-in 429 too_many_attempts when the retries run out, never 500', async () => {
      const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
      alwaysConflict(f);
      const res = await signInJson(f, secureId, '1985-03-27');
      expect(res.status).toBe(429);
      expect(res.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});

describe('the origin check, when deployed', () => {
  const SECRET = 's'.repeat(64);
  let written: string[];
  beforeEach(() => {
    written = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => vi.restoreAllMocks());

  it('refuses and logs a request through CloudFront that lacks the viewer address, and counts the viewer otherwise', async () => {
    const f = await createFixture({
      originVerifySecret: SECRET,
      service: testService({ signIn: { clientFailureLimit: 5, clientWindowMinutes: 10 } }),
    });
    const { secureId } = await f.addPatient({ dateOfBirth: '1985-03-27' });
    const noViewer = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1985-03-27' },
      headers: { 'x-origin-verify': SECRET },
    });
    expect(noViewer.status).toBe(403);
    expect(written.join('')).toContain('Request without the viewer address refused');

    // Five viewers behind one edge: each is its own client, so none is limited by the others.
    for (let i = 0; i < 5; i++) {
      const res = await f.call({
        method: 'POST',
        path: '/api/patient/session',
        body: { secureId: '7KQ2M9XD4TRBW', dateOfBirth: '1985-03-27' },
        headers: { 'x-origin-verify': SECRET, 'cloudfront-viewer-address': `203.0.113.${i}:443` },
      });
      expect(res.status).toBe(401);
    }
    const viewer = await f.call({
      method: 'POST',
      path: '/api/patient/session',
      body: { secureId, dateOfBirth: '1985-03-27' },
      headers: { 'x-origin-verify': SECRET, 'cloudfront-viewer-address': '203.0.113.200:51000' },
    });
    expect(viewer.status).toBe(200);
  });

  it('logs only the name, message and status of an unhandled error, never the object', async () => {
    const f = await createFixture();
    const { secureId } = await f.addPatient({ dateOfBirth: '1971-08-19' });
    f.deps.table.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'UpdateCommand' && context.commandName !== 'UpdateItemCommand')
          return next(args);
        throw Object.assign(new Error('boom'), {
          name: 'InternalServerError',
          input: { dateOfBirth: '1971-08-19' },
          $metadata: { httpStatusCode: 500 },
        });
      },
      { step: 'initialize', name: 'fail' },
    );
    const res = await signInJson(f, secureId, '1971-08-19');
    expect(res.status).toBe(500);
    const line = written.find((l) => l.includes('Unhandled error')) as string;
    const logged = JSON.parse(line) as { error: Record<string, unknown> };
    expect(logged.error).toEqual({ name: 'InternalServerError', message: 'boom', statusCode: 500 });
    expect(written.join('')).not.toContain('1971-08-19');
  });
});

describe('an appointment the EPR books', () => {
  it('makes its clinician the patient’s last clinician', async () => {
    const f = await createFixture();
    const key = await f.addIntegrationKey();
    const { patient } = await f.addPatient();
    const start = '2026-11-30T10:00:00+00:00';
    expect(
      (
        await f.api(key)('POST', '/api/v1/appointments', {
          patientId: patient.id,
          clinicianId: 'clin-a',
          start,
          serviceType: 'session',
        })
      ).status,
    ).toBe(201);
    expect((await f.deps.patients.get(patient.id))?.lastClinicianId).toBe('clin-a');
  });
});
