import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appointmentEnd } from '../../shared/domain/appointments.js';
import { definitionVersion } from '../../shared/domain/questionnaires/answered-with.js';
import { cookieValue, createFixture, type Fixture, testService } from '../support/portal-fixture.js';

// Exports that keep history (issue 16 item 6), through the real handlers on DynamoDB Local: a
// response is stored under one config, the service changes its config (a new deploy on the same
// table), and the export still says what the patient was asked, in which version.

const START = new Date('2026-11-23T10:00:00Z');
const BASE = 'https://test.therapy-portal.invalid/fhir';
const zeros = (prefix: string, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, 0]));

interface DemoQuestionnaires {
  stages: Record<string, string[]>;
  wording: Record<string, { items: Record<string, string>; anchors?: Record<string, string> }>;
}
const demoQuestionnaires = (
  JSON.parse(readFileSync('infra/services/demo.json', 'utf8')) as { questionnaires: DemoQuestionnaires }
).questionnaires;
const demoWsas = demoQuestionnaires.wording.wsas!;

/** The demo's questionnaires with WSAS reworded: its work item and its anchor words. */
const rewordedConfig = testService({
  questionnaires: {
    ...demoQuestionnaires,
    wording: {
      ...demoQuestionnaires.wording,
      wsas: {
        ...demoWsas,
        items: { ...demoWsas.items, wsas_work: 'Your job or your studies' },
        anchors: { 0: 'none', 4: 'moderately', 8: 'completely' },
      },
    },
  } as never,
});

/** The demo's questionnaires with WSAS retired: no stage asks it and its wording is gone. */
const retiredConfig = testService({
  questionnaires: {
    ...demoQuestionnaires,
    stages: {
      assessment: ['phq-9', 'gad-7', 'iapt-phobia'],
      treatment: ['phq-9', 'gad-7'],
      discharge: ['phq-9', 'gad-7'],
    },
    wording: { 'iapt-phobia': demoQuestionnaires.wording['iapt-phobia'] },
  } as never,
});

interface Coding {
  system: string;
  code: string;
  display?: string;
}
interface QrItem {
  linkId: string;
  text?: string;
  answer: {
    valueCoding?: Coding;
    valueInteger?: number;
    extension?: { url: string; valueInteger: number }[];
  }[];
}
interface Qr {
  resourceType: string;
  id: string;
  questionnaire: string;
  item: QrItem[];
}
interface Bundle {
  entry: { fullUrl: string; resource: Qr }[];
}

/**
 * A patient at assessment who answers the four assessment questionnaires, WSAS with the work item
 * not applicable, under the demo's config.
 */
const assessed = async () => {
  const f = await createFixture({ start: START });
  const key = await f.addIntegrationKey();
  const { patient, secureId } = await f.addPatient({ dateOfBirth: '1985-03-27', stage: 'assessment' });
  const login = await f.call({
    method: 'POST',
    path: '/api/patient/session',
    body: { secureId, dateOfBirth: '1985-03-27' },
  });
  const session = cookieValue(login.cookies, '__Host-session') as string;
  const start = '2026-11-24T10:00:00.000Z';
  const booked = await f.deps.appointments.book(
    {
      id: randomUUID(),
      patientId: patient.id,
      clinicianId: 'clin-a',
      start,
      end: appointmentEnd(start, { durationMinutes: 50 }),
      serviceType: 'session',
    },
    0,
  );
  expect(booked.ok).toBe(true);
  const submit = (id: string, answers: Record<string, unknown>) =>
    f.call({
      method: 'POST',
      path: `/api/patient/questionnaires/${id}/responses`,
      body: { answers },
      cookies: { '__Host-session': session },
    });
  expect((await submit('phq-9', zeros('phq9_', 9))).status).toBe(201);
  expect((await submit('gad-7', zeros('gad7_', 7))).status).toBe(201);
  expect(
    (await submit('iapt-phobia', { phobia_social: 2, phobia_panic: 0, phobia_specific: 8 })).status,
  ).toBe(201);
  const wsas = await submit('wsas', {
    wsas_work: 'na',
    wsas_home: 4,
    wsas_social: 8,
    wsas_private: 0,
    wsas_relationships: 2,
  });
  expect(wsas.status).toBe(201);
  return { f, key, patient, wsasVersion: definitionVersion(f.deps.questionnaires.get('wsas')!) };
};

/** The same stack deployed again on the same table with another config. */
const redeployed = (f: Fixture, service: typeof rewordedConfig) =>
  createFixture({ service, tableName: f.tableName, seedSetup: false, start: START });

const exportFhir = async (f: Fixture, key: string, patientId: string) => {
  const res = await f.call({
    method: 'GET',
    path: `/api/v1/patients/${patientId}/questionnaire-responses?format=fhir`,
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  return res.json<Bundle>();
};
const responseTo = (bundle: Bundle, questionnaireId: string): Qr => {
  const found = bundle.entry.find((e) =>
    e.resource.questionnaire.includes(`/Questionnaire/${questionnaireId}`),
  );
  if (!found) throw new Error(`no ${questionnaireId} response`);
  return found.resource;
};
const itemOf = (qr: Qr, linkId: string): QrItem => {
  const found = qr.item.find((i) => i.linkId === linkId);
  if (!found) throw new Error(`no item ${linkId}`);
  return found;
};

describe('the FHIR export keeps history', () => {
  it('still shows the old wording and version after the service rewords a questionnaire', async () => {
    const { f, key, patient, wsasVersion } = await assessed();
    const before = responseTo(await exportFhir(f, key, patient.id), 'wsas');

    const g = await redeployed(f, rewordedConfig);
    const newVersion = definitionVersion(g.deps.questionnaires.get('wsas')!);
    expect(newVersion).not.toBe(wsasVersion);
    const after = responseTo(await exportFhir(g, key, patient.id), 'wsas');

    expect(after.questionnaire).toBe(`${BASE}/Questionnaire/wsas|${wsasVersion}`);
    expect(itemOf(after, 'wsas_work').text).toBe('Work');
    expect(itemOf(after, 'wsas_home').answer[0]?.valueCoding?.display).toBe('4 – quite a lot');
    expect(itemOf(after, 'wsas_social').answer[0]?.valueCoding?.display).toBe('8 – very severely');
    expect(after).toEqual(before);
    // The same questionnaire answered today under the new config would say the new wording.
    expect(g.deps.questionnaires.get('wsas')?.items[0]?.text).toBe('Your job or your studies');
  });

  it('exports a questionnaire the service has retired, with its stored wording and version', async () => {
    const { f, key, patient, wsasVersion } = await assessed();
    const g = await redeployed(f, retiredConfig);
    expect(g.deps.questionnaires.has('wsas')).toBe(false);

    const bundle = await exportFhir(g, key, patient.id);
    expect(bundle.entry).toHaveLength(4);
    const wsas = responseTo(bundle, 'wsas');
    expect(wsas.questionnaire).toBe(`${BASE}/Questionnaire/wsas|${wsasVersion}`);
    expect(itemOf(wsas, 'wsas_relationships').text).toBe('Close relationships');
    expect(itemOf(wsas, 'wsas-total').answer[0]?.valueInteger).toBe(14);

    const plain = await g.call({
      method: 'GET',
      path: `/api/v1/patients/${patient.id}/questionnaire-responses`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(plain.status).toBe(200);
  });

  it('gives the same ids and fullUrls on every export, so a re-import does not duplicate', async () => {
    const { f, key, patient } = await assessed();
    const once = await exportFhir(f, key, patient.id);
    f.clock.advanceSeconds(5 * 3600);
    const twice = await exportFhir(f, key, patient.id);
    expect(twice.entry.map((e) => [e.fullUrl, e.resource.id])).toEqual(
      once.entry.map((e) => [e.fullUrl, e.resource.id]),
    );
    expect(new Set(once.entry.map((e) => e.fullUrl)).size).toBe(4);
    for (const { fullUrl, resource } of once.entry) {
      expect(fullUrl).toBe(`urn:uuid:${resource.id}`);
      expect(resource.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(resource.id).not.toContain(patient.id.slice(0, 8));
    }
  });

  it('carries the WSAS maximum of 32 when the work item is not applicable', async () => {
    const { f, key, patient, wsasVersion } = await assessed();
    const wsas = responseTo(await exportFhir(f, key, patient.id), 'wsas');
    expect(itemOf(wsas, 'wsas_work').answer[0]?.valueCoding).toMatchObject({ code: 'not-applicable' });
    expect(itemOf(wsas, 'wsas-total').answer).toEqual([
      {
        valueInteger: 14,
        extension: [{ url: `${BASE}/StructureDefinition/maximum-total`, valueInteger: 32 }],
      },
    ]);
    const plain = await f.call({
      method: 'GET',
      path: `/api/v1/patients/${patient.id}/questionnaire-responses`,
      headers: { authorization: `Bearer ${key}` },
    });
    const items = plain.json<{ items: { questionnaireId: string; maxTotal: number; version: string }[] }>()
      .items;
    expect(items.find((i) => i.questionnaireId === 'wsas')).toMatchObject({
      maxTotal: 32,
      version: wsasVersion,
    });
    expect(items.find((i) => i.questionnaireId === 'phq-9')).toMatchObject({ maxTotal: 27 });
  });
});

describe('GET /api/v1/questionnaires/{id}?format=fhir', () => {
  it('serves the Questionnaire a response’s canonical URL names', async () => {
    const { f, key, patient } = await assessed();
    const get = (path: string, auth = `Bearer ${key}`) =>
      f.call({ method: 'GET', path, headers: { authorization: auth } });

    const res = await get('/api/v1/questionnaires/phq-9?format=fhir');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json');
    const q = res.json<{
      resourceType: string;
      url: string;
      version: string;
      status: string;
      code: Coding[];
      item: { linkId: string; text: string; answerOption?: { valueCoding: Coding }[] }[];
    }>();
    expect(q).toMatchObject({ resourceType: 'Questionnaire', status: 'active' });
    expect(q.code).toEqual([
      {
        system: 'http://loinc.org',
        code: '44249-1',
        display: 'PHQ-9 quick depression assessment panel [Reported.PHQ]',
      },
    ]);
    const phq9 = responseTo(await exportFhir(f, key, patient.id), 'phq-9');
    expect(phq9.questionnaire).toBe(`${q.url}|${q.version}`);
    const linkIds = new Set(q.item.map((i) => i.linkId));
    for (const i of phq9.item) expect(linkIds).toContain(i.linkId);
    const first = q.item.find((i) => i.linkId === 'phq9_1');
    expect(first?.text).toBe('Little interest or pleasure in doing things');
    expect(first?.answerOption?.map((o) => o.valueCoding.code)).toEqual([
      'LA6568-5',
      'LA6569-3',
      'LA6570-1',
      'LA6571-9',
    ]);

    const wsas = (await get('/api/v1/questionnaires/wsas?format=fhir')).json<{
      item: { linkId: string; answerOption?: { valueCoding: Coding }[] }[];
    }>();
    const home = wsas.item.find((i) => i.linkId === 'wsas_home');
    expect(home?.answerOption?.[4]?.valueCoding.display).toBe('4 – quite a lot');

    const unknown = await get('/api/v1/questionnaires/nope?format=fhir');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error: { code: 'not_found', message: 'No questionnaire of this service has this id.' },
    });
    for (const query of ['', '?format=json', '?format=xml']) {
      const bad = await get(`/api/v1/questionnaires/phq-9${query}`);
      expect(bad.status).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'invalid_request', fields: { format: 'Must be one of: fhir' } },
      });
    }
    expect(
      (await get('/api/v1/questionnaires/phq-9?format=fhir', 'Bearer nope-nope-nope-nope-nope')).status,
    ).toBe(401);
    const writer = await f.addIntegrationKey(['patients:write']);
    expect((await get('/api/v1/questionnaires/phq-9?format=fhir', `Bearer ${writer}`)).status).toBe(403);
  });

  it('is 404 for a questionnaire the service has retired', async () => {
    const { f, key } = await assessed();
    const g = await redeployed(f, retiredConfig);
    const res = await g.call({
      method: 'GET',
      path: '/api/v1/questionnaires/wsas?format=fhir',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(404);
  });
});
