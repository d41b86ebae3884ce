import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../shared/data/dynamo.js';
import { keys } from '../../shared/data/keys.js';
import { type SendClaim, type SendOutcome, sendClaims } from '../../shared/data/send-claims.js';
import { createFixture } from '../support/portal-fixture.js';

// Hazard H6 (a message missed or sent twice) at its root: the one claim that reminders, welcomes
// and staff alerts take before sending (shared/data/send-claims.ts), on DynamoDB Local. The keys
// are the reminders' and the staff alerts' own, from keys.ts.

const LEASE = 300;
const T0 = new Date('2027-06-08T09:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let table: Table;
beforeAll(async () => {
  table = (await createFixture({ start: T0 })).deps.table;
});

const reminderSpec = () => {
  const appointmentId = randomUUID();
  const start = '2027-06-10T09:00:00.000Z';
  return {
    appointmentId,
    start,
    spec: {
      key: keys.reminderClaim(appointmentId, start),
      from: 'no-item' as const,
      fields: { appointmentId, start },
    },
    attemptItem: (at: Date, outcome: SendOutcome) => ({
      ...keys.reminderAttempt(appointmentId, start, at.toISOString(), randomUUID()),
      appointmentId,
      start,
      at: at.toISOString(),
      outcome,
    }),
  };
};

const stored = async (key: Record<string, string>) =>
  (await table.db.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }))).Item;

describe('send claims', () => {
  it('claims a message nobody claimed, writing its ids, the lease and the attempt count', async () => {
    const r = reminderSpec();

    const claim = await sendClaims(table).claim(r.spec, T0, LEASE);

    expect(claim).toMatchObject({ claimed: true, item: { attempts: 1 } });
    expect(await stored(r.spec.key)).toMatchObject({
      status: 'claimed',
      appointmentId: r.appointmentId,
      start: r.start,
      claimedAt: T0.toISOString(),
      leaseUntil: later(LEASE).toISOString(),
      attempts: 1,
    });
  });

  it('lets exactly one of 20 concurrent claims win; the others find it in progress', async () => {
    const r = reminderSpec();

    const results = await Promise.all(
      Array.from({ length: 20 }, () => sendClaims(table).claim(r.spec, T0, LEASE)),
    );

    expect(results.filter((c) => c.claimed)).toHaveLength(1);
    expect(
      results.filter((c): c is Extract<SendClaim, { claimed: false }> => !c.claimed).map((c) => c.status),
    ).toEqual(Array.from({ length: 19 }, () => 'in-progress'));
  });

  it('lets a retry claim again after a failed attempt, and counts the attempts', async () => {
    const claims = sendClaims(table);
    const r = reminderSpec();
    await claims.claim(r.spec, T0, LEASE);
    await claims.recordAttempt(r.spec.key, r.attemptItem(later(1), 'failed'));

    const closed = await stored(r.spec.key);
    const retry = await claims.claim(r.spec, later(2), LEASE);

    expect(closed).toMatchObject({ status: 'failed', decidedAt: later(1).toISOString() });
    expect(closed).not.toHaveProperty('leaseUntil');
    expect(retry).toMatchObject({ claimed: true, item: { attempts: 2 } });
  });

  it('holds a live claim until its lease runs out, then lets another sender take it over', async () => {
    const claims = sendClaims(table);
    const r = reminderSpec();
    await claims.claim(r.spec, T0, LEASE);

    const during = await claims.claim(r.spec, later(LEASE - 1), LEASE);
    const after = await claims.claim(r.spec, later(LEASE + 1), LEASE);

    expect(during).toEqual({ claimed: false, status: 'in-progress' });
    expect(after).toMatchObject({ claimed: true, item: { attempts: 2 } });
  });

  it.each(['sent', 'not-sent'] as const)(
    'keeps a message %s done, however late the next claim',
    async (outcome) => {
      const claims = sendClaims(table);
      const r = reminderSpec();
      await claims.claim(r.spec, T0, LEASE);
      await claims.recordAttempt(r.spec.key, r.attemptItem(later(1), outcome));

      const again = await claims.claim(r.spec, later(30 * 24 * 3600), LEASE);

      expect(again).toEqual({ claimed: false, status: 'done' });
      expect(await stored(r.spec.key)).toMatchObject({ status: outcome, attempts: 1 });
    },
  );

  it('writes the attempt, the closed claim and the items alongside all together, or none of them', async () => {
    const claims = sendClaims(table);
    const r = reminderSpec();
    await claims.claim(r.spec, T0, LEASE);
    const refused = {
      Put: {
        TableName: table.name,
        Item: { pk: `TEST#${randomUUID()}`, sk: 'ALONGSIDE' },
        ConditionExpression: 'attribute_exists(pk)',
      },
    };

    await expect(
      claims.recordAttempt(r.spec.key, r.attemptItem(later(1), 'sent'), [refused]),
    ).rejects.toThrow();

    expect(await claims.attempts(keys.reminderAttempts(r.appointmentId, r.start))).toEqual([]);
    expect(await stored(r.spec.key)).toMatchObject({ status: 'claimed' });
  });

  it('lists the attempts under one claim, oldest first, skipped ones included', async () => {
    const claims = sendClaims(table);
    const r = reminderSpec();
    const other = reminderSpec();
    await claims.recordSkipped(r.attemptItem(T0, 'not-sent'));
    await claims.claim(r.spec, later(10), LEASE);
    await claims.recordAttempt(r.spec.key, r.attemptItem(later(20), 'failed'));
    await claims.claim(other.spec, later(10), LEASE);
    await claims.recordAttempt(other.spec.key, other.attemptItem(later(20), 'sent'));

    const attempts = await claims.attempts(keys.reminderAttempts(r.appointmentId, r.start));

    expect(attempts.map((a) => [a.at, a.outcome])).toEqual([
      [T0.toISOString(), 'not-sent'],
      [later(20).toISOString(), 'failed'],
    ]);
  });

  describe('from an item already waiting (the staff alert outbox)', () => {
    const waitingAlert = async (status: string) => {
      const todoId = randomUUID();
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...keys.staffAlert(todoId),
            ...keys.pendingAlertsIndex(T0.toISOString(), todoId),
            todoId,
            status,
          },
        }),
      );
      return {
        key: keys.staffAlert(todoId),
        from: ['pending', 'queued'] as [string, ...string[]],
        remove: ['gsi1pk', 'gsi1sk'],
      };
    };

    it.each(['pending', 'queued'])(
      'claims a %s item and takes it out of the pending index',
      async (status) => {
        const spec = await waitingAlert(status);

        const claim = await sendClaims(table).claim(spec, T0, LEASE);

        expect(claim).toMatchObject({ claimed: true, item: { status: 'claimed', attempts: 1 } });
        const item = await stored(spec.key);
        expect(item).not.toHaveProperty('gsi1pk');
        expect(item).not.toHaveProperty('gsi1sk');
      },
    );

    it('claims nothing where no item was filed, and says it is missing', async () => {
      const spec = {
        key: keys.staffAlert(randomUUID()),
        from: ['pending', 'queued'] as [string, ...string[]],
      };

      const claim = await sendClaims(table).claim(spec, T0, LEASE);

      expect(claim).toEqual({ claimed: false, status: 'missing' });
      expect(await stored(spec.key)).toBeUndefined();
    });

    it('leaves an item in another status alone', async () => {
      const spec = await waitingAlert('sent');

      const claim = await sendClaims(table).claim(spec, T0, LEASE);

      expect(claim).toEqual({ claimed: false, status: 'done' });
      expect(await stored(spec.key)).toMatchObject({ status: 'sent', gsi1pk: 'ALERTS#PENDING' });
    });
  });
});
