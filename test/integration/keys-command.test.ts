import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type KeysCommandIo, localTable, runKeysCommand } from '../../infra/keys-command.js';
import { writePortalFile } from '../../local/portal-file.js';
import { integrationKeyKeys } from '../../shared/data/keys.js';
import { randomToken, sha256 } from '../../shared/security/keyed-hash.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// `npm run keys`, run through its own function against a DynamoDB Local table: the key it prints
// works, with its scopes only; the table holds only its hash; list never shows it; revoke stops it.

const patient = {
  givenName: 'Sam',
  familyName: 'Example',
  dateOfBirth: '1990-06-15',
  phone: '07911 123456',
  contactPreference: 'sms',
  stage: 'assessment',
};

const printedKey = (output: string): string => {
  const match = /^ {2}([A-Za-z0-9_-]{43})$/m.exec(output);
  if (!match?.[1]) throw new Error(`no key in: ${output}`);
  return match[1];
};

describe('npm run keys', () => {
  let f: Fixture;
  let dir: string;

  const run = async (argv: string[], io: Partial<KeysCommandIo> = {}) => {
    const lines: string[] = [];
    const code = await runKeysCommand(argv, {
      table: async () => f.deps.table,
      clock: f.clock.now,
      out: (text) => lines.push(text),
      stdin: async () => '',
      ...io,
    });
    return { code, output: lines.join('\n') };
  };
  const storedText = async () =>
    JSON.stringify((await f.deps.table.db.send(new ScanCommand({ TableName: f.tableName }))).Items);

  beforeEach(async () => {
    f = await createFixture();
    dir = mkdtempSync(join(tmpdir(), 'keys-command-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key, printed once, that works with its scopes only and is stored only hashed', async () => {
    const { code, output } = await run([
      'create',
      '--service',
      'test',
      '--name',
      'EPR north',
      '--scopes',
      'patients:write,responses:read',
    ]);

    expect(code).toBe(0);
    const key = printedKey(output);
    expect(output).toContain('patients:write, responses:read');
    expect((await f.api(key)('POST', '/api/v1/patients', patient)).status).toBe(201);
    expect((await f.api(key)('GET', '/api/v1/clinicians')).status).toBe(403);
    const stored = await storedText();
    expect(stored).not.toContain(key);
    expect(stored).toContain(sha256(key));
  });

  it('lists id, label, scopes, created and revoked, never the key', async () => {
    const key = printedKey((await run(['create', '--name', 'EPR north', '--scopes', 'all'])).output);
    await run(['create', '--name', 'bookings', '--scopes', 'appointments:write']);

    const { code, output } = await run(['list', '--service', 'test']);

    expect(code).toBe(0);
    const [header, ...rows] = output.split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['ID', 'LABEL', 'SCOPES', 'CREATED', 'REVOKED']);
    expect(rows).toHaveLength(2);
    expect(output).toContain('EPR north');
    expect(output).toContain('patients:write,appointments:write,responses:read,reports:read');
    expect(output).toContain('appointments:write');
    expect(output).toContain(f.clock.now().toISOString());
    expect(output).not.toContain(key);
    expect(output).not.toContain(sha256(key));
  });

  it('revokes a key by its label: it gets 401 from then on, and the list shows when', async () => {
    const key = printedKey((await run(['create', '--name', 'EPR north', '--scopes', 'all'])).output);
    expect((await f.api(key)('GET', '/api/v1/clinicians')).status).toBe(200);
    f.clock.advanceSeconds(60);

    const revoked = await run(['revoke', '--service', 'test', 'EPR north']);

    expect(revoked.code).toBe(0);
    expect(revoked.output).toContain('Revoked');
    const res = await f.api(key)('GET', '/api/v1/clinicians');
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await run(['list'])).output).toContain(f.clock.now().toISOString());
  });

  it('revokes by id, says so when already revoked, and refuses an unknown key', async () => {
    await run(['create', '--name', 'EPR north', '--scopes', 'all']);
    const [listed] = await f.deps.integrationKeys.list();
    expect((await run(['revoke', listed!.keyId])).code).toBe(0);
    const again = await run(['revoke', listed!.keyId]);
    expect(again.output).toContain('already revoked');
    const unknown = await run(['revoke', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('No key has the id or label "nobody"');
  });

  it('refuses unknown scopes, naming them and the valid ones, and stores nothing', async () => {
    const before = await f.itemCount();
    const { code, output } = await run([
      'create',
      '--name',
      'EPR',
      '--scopes',
      'patients:write,patients:read',
    ]);
    expect(code).toBe(1);
    expect(output).toContain('Unknown scope: patients:read');
    expect(output).toContain('patients:write, appointments:write, responses:read, reports:read');
    expect((await run(['create', '--name', 'EPR'])).output).toContain('Give --scopes');
    expect(await f.itemCount()).toBe(before);
  });

  it('refuses a second working key with the same label, so revoke by label is unambiguous', async () => {
    await run(['create', '--name', 'EPR', '--scopes', 'all']);
    const second = await run(['create', '--name', 'EPR', '--scopes', 'all']);
    expect(second.code).toBe(1);
    expect(second.output).toContain('already labelled "EPR"');
  });

  it('adds scopes to a key stored before scopes existed, found by the key on stdin', async () => {
    const key = randomToken();
    await f.deps.table.db.send(
      new PutCommand({
        TableName: f.tableName,
        Item: {
          ...integrationKeyKeys.integrationKey(sha256(key)),
          label: 'old',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    );
    expect((await f.api(key)('GET', '/api/v1/clinicians')).status).toBe(403);

    const granted = await run(['grant', '-', '--scopes', 'appointments:write'], {
      stdin: async () => `${key}\n`,
    });

    expect(granted.code).toBe(0);
    expect((await f.api(key)('GET', '/api/v1/clinicians')).status).toBe(200);
    expect((await f.api(key)('POST', '/api/v1/patients', patient)).status).toBe(403);
    expect((await run(['list'])).output).toMatch(/old\s+appointments:write/);
  });

  it('reaches the local portal’s table through the file npm start writes', async () => {
    writePortalFile(dir, {
      dynamoDbEndpoint: inject('dynamoDbEndpoint'),
      tableName: f.tableName,
      serviceId: 'demo',
      pid: process.pid,
    });
    const table = async (t: { serviceId: string | undefined }) => localTable(dir, t.serviceId);

    const created = await run(['create', '--service', 'demo', '--name', 'EPR', '--scopes', 'all'], { table });

    expect(created.code).toBe(0);
    expect((await f.api(printedKey(created.output))('GET', '/api/v1/clinicians')).status).toBe(200);
    const other = await run(['list', '--service', 'north'], { table });
    expect(other.code).toBe(1);
    expect(other.output).toContain('The local portal runs service "demo"');
  });

  it('says to start the local portal (or use --aws) when none is running', async () => {
    const table = async (t: { serviceId: string | undefined }) => localTable(dir, t.serviceId);
    const { code, output } = await run(['list', '--service', 'demo'], { table });
    expect(code).toBe(1);
    expect(output).toContain('No local portal is running. Start it with `npm start`');
    expect(output).toContain('--aws');
  });

  it('shows usage for an unknown command and refuses --aws without --service', async () => {
    expect((await run(['rotate'])).code).toBe(2);
    const aws = await run(['list', '--aws']);
    expect(aws.code).toBe(2);
    expect(aws.output).toContain('--aws needs --service');
  });
});
