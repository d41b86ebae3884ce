import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { chooseChannel } from '../../shared/domain/reminders/channel.js';
import {
  bucketsBetween,
  reminderBucket,
  reminderDueAt,
  remindAt,
  scanWindow,
  shouldSend,
  stillWorthSending,
} from '../../shared/domain/reminders/schedule.js';
import { type NotifierDeps, notifyHandler } from '../../shared/messages/handlers.js';
import { queuedKindOf } from '../../shared/messages/queued-message.js';
import { noMetrics } from '../../shared/observability/business-metrics.js';

// Hazard H6 (a reminder missed or sent twice): the timing rules, with the 2027
// Europe/London clock changes (BST starts 28 March 01:00Z, ends 31 October 01:00Z).

const londonTime = (instant: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));

describe('remindAt', () => {
  it('is 172,800 s before the start with a 48-hour lead', () => {
    expect(remindAt('2027-06-10T09:00:00.000Z', 48)).toBe('2027-06-08T09:00:00.000Z');
  });

  it('keeps elapsed time across the spring change, so the wall clock shows an hour earlier', () => {
    // Monday 29 March 2027 10:00 BST; 48 hours earlier is Saturday 27 March 09:00 GMT.
    const start = '2027-03-29T09:00:00.000Z';
    expect(londonTime(start)).toBe('Mon 29, 10:00');
    expect(londonTime(remindAt(start, 48))).toBe('Sat 27, 09:00');
  });

  it('keeps elapsed time across the autumn change, so the wall clock shows an hour later', () => {
    // Monday 1 November 2027 10:00 GMT; 48 hours earlier is Saturday 30 October 11:00 BST.
    const start = '2027-11-01T10:00:00.000Z';
    expect(londonTime(start)).toBe('Mon 1, 10:00');
    expect(londonTime(remindAt(start, 48))).toBe('Sat 30, 11:00');
  });

  it('shows the same wall-clock time when no change lies between', () => {
    const start = '2027-03-30T09:00:00.000Z'; // Tuesday 10:00 BST; the change was on Sunday 01:00Z
    expect(londonTime(remindAt(start, 48))).toBe('Sun 28, 10:00');
  });

  it('works in other zones by instants alone (America/New_York, 2027-03-14 change)', () => {
    const start = '2027-03-15T14:00:00.000Z'; // Monday 10:00 EDT
    expect(remindAt(start, 48)).toBe('2027-03-13T14:00:00.000Z'); // Saturday 09:00 EST
  });
});

describe('reminderDueAt', () => {
  it('is the reminder time when the booking came earlier', () => {
    expect(reminderDueAt('2027-06-10T09:00:00.000Z', 48, '2027-06-01T12:00:00.000Z')).toBe(
      '2027-06-08T09:00:00.000Z',
    );
  });
  it('is the booking time for a booking inside the lead time', () => {
    expect(reminderDueAt('2027-06-10T09:00:00.000Z', 48, '2027-06-09T12:00:00.000Z')).toBe(
      '2027-06-09T12:00:00.000Z',
    );
  });
});

describe('buckets', () => {
  it('puts an instant in its UTC hour', () => {
    expect(reminderBucket('2027-03-28T00:59:59.999Z')).toBe('2027-03-28T00');
  });
  it('lists every hour a window touches, both ends included', () => {
    expect(bucketsBetween('2027-03-28T00:59:00.000Z', '2027-03-28T02:00:00.000Z')).toEqual([
      '2027-03-28T00',
      '2027-03-28T01',
      '2027-03-28T02',
    ]);
  });
});

describe('scanWindow', () => {
  const now = '2027-06-10T12:00:00.000Z';
  it('starts just after the watermark, so consecutive scans neither overlap nor leave a gap', () => {
    expect(scanWindow(now, '2027-06-10T11:55:00.000Z', 48)).toEqual({
      from: '2027-06-10T11:55:00.001Z',
      to: now,
    });
  });
  it('covers a whole outage in one window', () => {
    expect(scanWindow(now, '2027-06-10T06:00:00.000Z', 48)?.from).toBe('2027-06-10T06:00:00.001Z');
  });
  it('never reaches back further than the lead time', () => {
    expect(scanWindow(now, '2027-05-01T00:00:00.000Z', 48)?.from).toBe('2027-06-08T12:00:00.000Z');
  });
  it('looks back an hour on the first scan', () => {
    expect(scanWindow(now, undefined, 48)?.from).toBe('2027-06-10T11:00:00.000Z');
  });
  it('is empty when another scan has already read past now', () => {
    expect(scanWindow(now, '2027-06-10T12:01:00.000Z', 48)).toBeUndefined();
  });
});

describe('shouldSend', () => {
  const start = '2027-06-10T09:00:00.000Z';
  it('sends for a booked appointment at the queued time', () => {
    expect(shouldSend({ start, status: 'booked' }, start, '2027-06-08T09:00:00.000Z', 2)).toEqual({
      send: true,
    });
  });
  it('does not send for a cancelled appointment', () => {
    expect(shouldSend({ start, status: 'cancelled' }, start, '2027-06-08T09:00:00.000Z', 2)).toEqual({
      send: false,
      reason: 'cancelled',
    });
  });
  it('does not send a reminder queued for an earlier start', () => {
    expect(
      shouldSend({ start, status: 'booked' }, '2027-06-09T09:00:00.000Z', '2027-06-07T09:00:00.000Z', 2),
    ).toEqual({ send: false, reason: 'moved' });
  });
  it('does not send within the late-booking minimum', () => {
    expect(shouldSend({ start, status: 'booked' }, start, '2027-06-10T07:00:00.001Z', 2)).toEqual({
      send: false,
      reason: 'too-late',
    });
    expect(stillWorthSending(start, '2027-06-10T07:00:00.000Z', 2)).toBe(true);
  });
});

describe('chooseChannel', () => {
  const neverOptedOut = async () => false;
  const optedOut = async () => true;
  it('texts a patient who prefers SMS', async () => {
    expect(await chooseChannel({ contactPreference: 'sms', phone: '+447700900123' }, neverOptedOut)).toEqual({
      channel: 'sms',
      to: '+447700900123',
    });
  });
  it('emails an opted-out SMS patient who has an address', async () => {
    expect(
      await chooseChannel(
        { contactPreference: 'sms', phone: '+447700900123', email: 'a@example.com' },
        optedOut,
      ),
    ).toEqual({ channel: 'email', to: 'a@example.com' });
  });
  it('sends nothing to an opted-out SMS patient without an address', async () => {
    expect(await chooseChannel({ contactPreference: 'sms', phone: '+447700900123' }, optedOut)).toEqual({
      channel: undefined,
      reason: 'opted-out',
    });
  });
  it('never texts a patient who prefers email', async () => {
    expect(
      await chooseChannel({ contactPreference: 'email', phone: '+447700900123' }, neverOptedOut),
    ).toEqual({
      channel: undefined,
      reason: 'no-contact',
    });
  });
});

describe('the notify queue dispatch', () => {
  const record = (body: string, messageId: string) =>
    ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord;

  it('reads a body without a kind as a reminder, and refuses a kind it has no handler for', () => {
    expect(queuedKindOf({ appointmentId: 'a', start: '2027-01-01T00:00:00Z' })).toBe('reminder');
    expect(queuedKindOf({ kind: 'welcome' })).toBe('welcome');
    expect(queuedKindOf({ kind: 7 })).toBe('unknown');
  });

  it('reports a message of an unknown kind, or not JSON, as a failure for the queue to retry and dead-letter', async () => {
    // Neither message reaches a use case, so no dependency is needed but the metrics' flush.
    const notify = notifyHandler({ metrics: noMetrics } as NotifierDeps);
    const { batchItemFailures } = await notify({
      Records: [record('{"kind":"no-such-kind"}', 'm1'), record('not json', 'm2')],
    });
    expect(batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  });
});
