import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { ensureTable } from '../../local/create-table.js';
import { reminderTiming } from '../../shared/config/message-settings.js';
import { fromPreparedServiceConfig } from '../../shared/config/prepared-service-config.js';
import { loadServiceConfig, prepareServiceConfig } from '../../shared/config/service-config.js';
import { documentClient } from '../../shared/data/dynamo.js';
import { keys } from '../../shared/data/keys.js';
import { buildDeps } from '../../shared/deps.js';
import { reminderBucket, reminderDueAt } from '../../shared/domain/reminders/schedule.js';
import { notifyHandler, reminderLogger } from '../../shared/messages/handlers.js';
import type { QueuedMessage } from '../../shared/messages/queued-message.js';
import { scanReminders } from '../../shared/messages/scan-reminders.js';
import { smsOutbox } from '../../shared/notify/sms-outbox.js';
import { ms, summarise, table } from './report.js';

// The reminder scan against a table of 100,000 appointments spread over a year, on DynamoDB Local:
// the items one scan reads against the number due (goal: read/due <= 1.1 whatever the table
// size, because each Query's key condition bounds the window at both ends), the scan's time, and
// the notify handler's throughput per invocation (batches of 10, SMS into the local outbox, so
// what is measured is the portal's own work: the DynamoDB reads and writes around each send).
// Seeded with BatchWriteItem, appointment items only (what the index needs), in a table of its own.
// Each scan also reads the staff alerts' outbox (one Query on its pending index): the first
// scenario finds a few alerts pending, as after a busy five minutes; the later ones find none.

export const REMINDER_COUNTS = {
  appointments: 100_000,
  patients: 200,
  writeConcurrency: 8,
  notifyInvocations: 10,
  pendingAlerts: 5,
} as const;

const YEAR_MS = 365 * 24 * 3600_000;
const START = Date.parse('2027-01-01T00:00:00Z');

export const runReminderBench = async (
  dynamoDbEndpoint: string,
  serviceConfigPath: string,
  log: (line: string) => void,
): Promise<string> => {
  const tableName = `bench-reminders-${randomUUID()}`;
  const raw = new DynamoDBClient({
    endpoint: dynamoDbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, tableName);
  raw.destroy();
  const service = loadServiceConfig(serviceConfigPath);
  const { leadHours } = reminderTiming(service);
  let now = new Date(START);
  const deps = buildDeps({
    ...fromPreparedServiceConfig(prepareServiceConfig(service)),
    table: { db: documentClient(dynamoDbEndpoint), name: tableName },
    hmacSecret: randomBytes(32).toString('base64url'),
    clock: () => now,
  });

  log(`reminders: seeding ${REMINDER_COUNTS.patients} patients`);
  const patientIds: string[] = [];
  for (let i = 0; i < REMINDER_COUNTS.patients; i++) {
    const id = randomUUID();
    patientIds.push(id);
    await deps.patients.create(
      {
        id,
        givenName: 'Bench',
        familyName: `Patient${i}`,
        dateOfBirth: '1980-01-01',
        phone: '+447700900000',
        contactPreference: 'sms',
        stage: 'treatment',
      },
      randomUUID(),
      now,
    );
  }

  log(`reminders: seeding ${REMINDER_COUNTS.appointments} appointments over a year (BatchWriteItem)`);
  const dueTimes: number[] = [];
  const items = Array.from({ length: REMINDER_COUNTS.appointments }, (_, i) => {
    // Evenly spread with a little jitter, on the quarter hour as real bookings are.
    const startMs =
      Math.round((START + (i + Math.random()) * (YEAR_MS / REMINDER_COUNTS.appointments)) / 900_000) *
      900_000;
    const start = new Date(startMs).toISOString();
    const id = randomUUID();
    const remindDueAt = reminderDueAt(start, leadHours, new Date(START - YEAR_MS).toISOString());
    dueTimes.push(Date.parse(remindDueAt));
    return {
      ...keys.appointment(id),
      id,
      patientId: patientIds[i % patientIds.length],
      clinicianId: 'bench',
      start,
      end: new Date(startMs + 50 * 60_000).toISOString(),
      serviceType: 'session',
      status: 'booked',
      bufferMinutes: 0,
      remindDueAt,
      ...keys.reminderIndex(reminderBucket(remindDueAt), remindDueAt, id),
    };
  });
  const seedStarted = performance.now();
  const chunks: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: REMINDER_COUNTS.writeConcurrency }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] ?? [];
        let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const { UnprocessedItems } = await deps.table.db.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
          );
          pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
  const seedMs = performance.now() - seedStarted;

  // Scans at different points of the year, each after an outage of the given length (a normal
  // run is 5 minutes). The watermark only moves forward, so each scenario is later than the last.
  const scenarios = [
    { name: 'regular run (5 min)', windowMinutes: 5, atDay: 30 },
    { name: 'after 1 hour down', windowMinutes: 60, atDay: 60 },
    { name: 'after 6 hours down', windowMinutes: 360, atDay: 90 },
    { name: 'after 24 hours down', windowMinutes: 1440, atDay: 120 },
  ];
  log(`reminders: filing ${REMINDER_COUNTS.pendingAlerts} to-dos, each with its pending staff alert`);
  for (let i = 0; i < REMINDER_COUNTS.pendingAlerts; i++) {
    const todo = {
      id: randomUUID(),
      kind: 'secure_id_disabled',
      status: 'open',
      patientId: patientIds[i] ?? randomUUID(),
      createdAt: now.toISOString(),
    } as const;
    await deps.table.db.send(
      new TransactWriteCommand({ TransactItems: deps.todos.openItems(todo, deps.staffAlerts) }),
    );
  }

  const queued: QueuedMessage[] = [];
  const rows: (string | number)[][] = [];
  for (const scenario of scenarios) {
    const to = START + scenario.atDay * 24 * 3600_000;
    const from = to - scenario.windowMinutes * 60_000;
    await deps.reminders.advanceScannedThrough(new Date(from).toISOString());
    now = new Date(to);
    const due = dueTimes.filter((t) => t > from && t <= to).length;
    const started = performance.now();
    const report = await scanReminders({
      ...deps,
      queue: { enqueue: async (messages) => void queued.push(...messages) },
    });
    const took = performance.now() - started;
    const buckets = Math.floor(to / 3600_000) - Math.floor((from + 1) / 3600_000) + 1;
    rows.push([
      scenario.name,
      due,
      report.itemsRead,
      due === 0 ? 'n/a' : (report.itemsRead / due).toFixed(2),
      buckets + 1,
      report.alertsRead,
      report.alertsQueued,
      ms(took),
    ]);
  }

  log('reminders: notify throughput');
  // Each reminder logs a line at INFO; they would land among the tables on stdout.
  reminderLogger.setLogLevel(process.env.LOG_LEVEL === 'INFO' ? 'INFO' : 'WARN');
  const outbox = smsOutbox(() => now);
  const notify = notifyHandler({
    ...deps,
    sms: outbox,
    email: { send: async () => ({ messageId: 'unused' }) },
  });
  const invocations: number[] = [];
  for (let i = 0; i < REMINDER_COUNTS.notifyInvocations && queued.length > 0; i++) {
    const batch = queued.splice(Math.max(0, queued.length - 10), 10); // the latest scan's: still ahead
    const event = {
      Records: batch.map((m, n) => ({
        messageId: `bench-${i}-${n}`,
        body: JSON.stringify(m),
        attributes: { ApproximateReceiveCount: '1' },
      })),
    } as unknown as SQSEvent;
    const started = performance.now();
    const { batchItemFailures } = await notify(event);
    invocations.push(performance.now() - started);
    if (batchItemFailures.length > 0) log(`UNEXPECTED: ${batchItemFailures.length} notify failures`);
  }
  const s = summarise(invocations);

  return [
    table(
      `10. Reminder scan over ${REMINDER_COUNTS.appointments.toLocaleString('en-GB')} appointments spread over a year (DynamoDB Local; seeded in ${(seedMs / 1000).toFixed(1)} s); goal read/due <= 1.1; queries: one per UTC hour of the window, plus one for the pending staff alerts`,
      ['scan', 'due', 'items read', 'read/due', 'queries', 'alerts read', 'alerts queued', 'time (ms)'],
      rows,
    ),
    '',
    table(
      `11. Notify: one invocation = a batch of 10 reminders (claim, appointment, patient, opted-out check, send to the local outbox, record) (ms)`,
      ['n', 'mean', 'min', 'p50', 'p95', 'max', 'reminders/s per invocation (p50)'],
      [
        [
          s.n,
          ms(s.mean),
          ms(s.min),
          ms(s.p50),
          ms(s.p95),
          ms(s.max),
          s.p50 > 0 ? (10_000 / s.p50).toFixed(0) : 'n/a',
        ],
      ],
    ),
    `(${outbox.messages.length} texts in the outbox)`,
  ].join('\n');
};
