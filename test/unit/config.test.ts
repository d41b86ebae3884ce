import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PreparedServiceConfigError,
  readPreparedServiceConfig,
} from '../../shared/config/prepared-service-config.js';
import { parseRuntimeConfig } from '../../shared/config/runtime-config.js';
import {
  loadServiceConfig,
  parseServiceConfig,
  writePreparedServiceConfig,
} from '../../shared/config/service-config.js';
import { serviceQuestionnaires } from '../../shared/config/service-questionnaires.js';

const minimal = {
  id: 'north',
  name: 'North Talking Therapies',
  phone: '01632 960 002',
  clinicians: [{ id: 'clin-a', name: 'Clinician A' }],
  serviceTypes: [{ id: 'session', name: 'Session', durationMinutes: 50 }],
  // WSAS and the phobia scales are asked by the default stages and need the service's wording.
  questionnaires: {
    wording: JSON.parse(readFileSync('infra/services/demo.json', 'utf8')).questionnaires.wording,
  },
};

describe('service config', () => {
  it('accepts the checked-in demo service', () => {
    const demo = loadServiceConfig('infra/services/demo.json');
    expect(demo.id).toBe('demo');
    expect(demo.clinicians).toHaveLength(3);
  });

  it('fills in the documented defaults', () => {
    const config = parseServiceConfig(minimal, 'north.json');
    expect(config.timeZone).toBe('Europe/London');
    expect(config.sessions).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(config.signIn).toEqual({ clientFailureLimit: 20, clientWindowMinutes: 10 });
    expect(config.clinicians[0]?.visible).toBe(true);
    expect(config.questionnaires.windowHours).toBe(72);
    expect(config.questionnaires.stages.assessment).toEqual(['phq-9', 'gad-7', 'iapt-phobia', 'wsas']);
    expect(config.urgentHelp.join(' ')).toMatch(/999[\s\S]*111[\s\S]*116 123/);
    expect(config.serviceTypes[0]?.bufferMinutes).toBe(0);
  });

  it('gives staff sessions 30 minutes idle and 8 hours in all unless the config says otherwise', () => {
    expect(parseServiceConfig(minimal, 'north.json').staffSessions).toEqual({
      idleMinutes: 30,
      absoluteHours: 8,
    });
  });

  it('links the demo clinician alex-morgan to the local provider’s seeded clinician', () => {
    const demo = loadServiceConfig('infra/services/demo.json');
    expect(demo.clinicians.find((c) => c.id === 'alex-morgan')?.staffEmail).toBe('alex.morgan@example.com');
  });

  it('accepts an outside staff identity provider with a role map, and refuses a bad one', () => {
    const outside = {
      issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
      clientId: 'app-id',
      roleClaim: 'roles',
      roles: { 'Portal.Admins': 'admin', 'Portal.Clinicians': 'clinician' },
    };
    expect(
      parseServiceConfig({ ...minimal, staffIdentityProvider: outside }, 'north.json').staffIdentityProvider,
    ).toEqual(outside);
    for (const bad of [
      { ...outside, issuer: 'http://login.example' },
      { ...outside, roles: {} },
      { ...outside, roles: { 'Portal.Owners': 'owner' } },
    ]) {
      expect(() => parseServiceConfig({ ...minimal, staffIdentityProvider: bad }, 'north.json')).toThrow(
        /staffIdentityProvider/,
      );
    }
  });

  it('names the file and the field when a field is missing', () => {
    const { name: _, ...noName } = minimal;
    expect(() => parseServiceConfig(noName, 'north.json')).toThrow(/north\.json[\s\S]*name/);
  });

  it('refuses an unknown time zone, an unknown field and a bad id', () => {
    expect(() => parseServiceConfig({ ...minimal, timeZone: 'Europe/Londn' }, 'x.json')).toThrow(/timeZone/);
    expect(() => parseServiceConfig({ ...minimal, colour: 'blue' }, 'x.json')).toThrow(/colour/);
    expect(() => parseServiceConfig({ ...minimal, id: 'North Service' }, 'x.json')).toThrow(/id/);
  });

  it('takes the schedulers’ address and the public form’s limits, with plain-English errors', () => {
    const parsed = parseServiceConfig(minimal, 'x.json');
    expect(parsed.appointments.publicRequestLimits).toEqual({ perEmail: 3, perNetwork: 20, windowHours: 24 });
    const messages = { emailFrom: 'clinic@example.com' };
    expect(
      parseServiceConfig(
        { ...minimal, messages: { ...messages, schedulersEmail: 'bookings@example.com' } },
        'x.json',
      ).messages?.schedulersEmail,
    ).toBe('bookings@example.com');
    expect(() =>
      parseServiceConfig({ ...minimal, messages: { ...messages, schedulersEmail: 'bookings' } }, 'x.json'),
    ).toThrow('messages.schedulersEmail must be an email address, such as bookings@north-tt.nhs.uk');
    expect(() =>
      parseServiceConfig({ ...minimal, appointments: { publicRequestLimits: { perEmail: 0 } } }, 'x.json'),
    ).toThrow('appointments.publicRequestLimits.perEmail must be 1 to 50');
  });

  it('refuses stages that ask for WSAS without the wording the service is licensed to use', () => {
    expect(() => parseServiceConfig({ ...minimal, questionnaires: {} }, 'north.json')).toThrow(
      /north\.json[\s\S]*wording/,
    );
  });

  it('refuses a stage that names a questionnaire nobody defined', () => {
    const questionnaires = {
      ...minimal.questionnaires,
      stages: { assessment: ['phq-9', 'core-10'], treatment: [], discharge: [] },
    };
    expect(() => parseServiceConfig({ ...minimal, questionnaires }, 'north.json')).toThrow(/core-10/);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadServiceConfig('infra/services/no-such-service.json')).toThrow(/no-such-service\.json/);
  });
});

describe('prepared service config (what synth ships and a cold start reads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prepared-config-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back the parsed config, defaults included, and the questionnaires synth built', () => {
    const north = parseServiceConfig(minimal, 'north.json');
    const path = join(dir, 'north.json');
    writePreparedServiceConfig(north, path);

    const loaded = readPreparedServiceConfig(path);

    expect(loaded.service).toEqual(north);
    expect(loaded.service.sessions).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(loaded.questionnaires).toEqual(serviceQuestionnaires(north));
    expect([...loaded.questionnaires.keys()]).toEqual(['phq-9', 'gad-7', 'wsas', 'iapt-phobia']);
  });

  it('refuses the admin’s own file, whose defaults and questionnaires no schema has applied', () => {
    expect(() => readPreparedServiceConfig('infra/services/demo.json')).toThrow(PreparedServiceConfigError);
    expect(() => readPreparedServiceConfig('infra/services/demo.json')).toThrow(
      /not a prepared service config/,
    );
  });

  it('says when the file is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"format":');
    expect(() => readPreparedServiceConfig(path)).toThrow(/broken\.json could not be read as JSON/);
  });
});

describe('runtime config', () => {
  const local = {
    TABLE_NAME: 't',
    SERVICE_CONFIG_PATH: 's.json',
    HMAC_SECRET: 'x'.repeat(43),
    COOKIE_SECURE: 'false',
  };

  it('maps the environment to named fields', () => {
    const config = parseRuntimeConfig(local);
    expect(config).toMatchObject({ tableName: 't', cookieSecure: false, hmacSecret: { kind: 'inline' } });
  });

  it('keeps cookies Secure unless told otherwise', () => {
    const { COOKIE_SECURE: _, ...rest } = local;
    expect(parseRuntimeConfig(rest).cookieSecure).toBe(true);
  });

  it('stops on a missing table name, naming the variable', () => {
    const { TABLE_NAME: _, ...rest } = local;
    expect(() => parseRuntimeConfig(rest)).toThrow(/TABLE_NAME/);
  });

  it('needs exactly one source for the HMAC key', () => {
    const { HMAC_SECRET: _, ...none } = local;
    expect(() => parseRuntimeConfig(none)).toThrow(/HMAC_SECRET/);
    expect(() =>
      parseRuntimeConfig({ ...local, HMAC_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x' }),
    ).toThrow(/exactly one/);
  });

  it('never puts a secret value in its error', () => {
    expect(() => parseRuntimeConfig({ ...local, HMAC_SECRET: 'short-secret-value', TABLE_NAME: '' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('short-secret-value') }),
    );
  });

  it('seals welcomes with the KMS key in AWS or the local key, never both, and with neither has none', () => {
    const keyArn = 'arn:aws:kms:eu-west-2:111111111111:key/welcome';
    const localKey = 'k'.repeat(43);
    expect(parseRuntimeConfig({ ...local, WELCOME_KEY_ID: keyArn }).welcomeSeal).toEqual({
      kind: 'kms',
      keyId: keyArn,
    });
    expect(parseRuntimeConfig({ ...local, WELCOME_SEAL_KEY: localKey }).welcomeSeal).toEqual({
      kind: 'local',
      key: localKey,
    });
    expect(parseRuntimeConfig(local).welcomeSeal).toBeUndefined();
    expect(() =>
      parseRuntimeConfig({ ...local, WELCOME_KEY_ID: keyArn, WELCOME_SEAL_KEY: localKey }),
    ).toThrow(/at most one of WELCOME_KEY_ID/);
    expect(() => parseRuntimeConfig({ ...local, WELCOME_SEAL_KEY: 'too-short-key' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('too-short-key') }),
    );
  });
});

describe('the Lambdas’ environment', () => {
  it('refuses a deployed environment (HMAC key from Secrets Manager) without the origin-verify secret', async () => {
    const { parseRuntimeConfig } = await import('../../shared/config/runtime-config.js');
    const deployed = {
      TABLE_NAME: 't',
      SERVICE_CONFIG_PATH: '/var/task/service.json',
      HMAC_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:hmac',
    };
    expect(() => parseRuntimeConfig(deployed)).toThrow(/ORIGIN_VERIFY_SECRET_ARN/);
    expect(
      parseRuntimeConfig({
        ...deployed,
        ORIGIN_VERIFY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:origin',
      }).originVerifySecretArn,
    ).toContain('origin');
  });
});
