import { describe, expect, it } from 'vitest';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { answeredWith, definitionVersion } from '../../shared/domain/questionnaires/answered-with.js';
import {
  GAD7,
  PHQ9,
  QuestionnaireConfigError,
  questionnaireCatalogue,
  wsas,
} from '../../shared/domain/questionnaires/builtin.js';
import type {
  QuestionnaireDefinition,
  QuestionnaireWording,
} from '../../shared/domain/questionnaires/definition.js';
import {
  toFhirQuestionnaire,
  toFhirResponseBundle,
  type FhirAnswer,
  type FhirCoding,
  type FhirQuestionnaireResponse,
} from '../../shared/domain/questionnaires/fhir.js';
import { responseResourceId, uuidV5 } from '../../shared/domain/questionnaires/fhir-ids.js';
import { LOINC_DISPLAYS } from '../../shared/domain/questionnaires/loinc.js';
import { scoreAnswers } from '../../shared/domain/questionnaires/scoring.js';
import type { QuestionnaireResponse } from '../../shared/domain/questionnaires/types.js';

// Exports that keep history (issue 16 item 6): what a response was answered with, stable ids,
// LOINC's own displays, WSAS anchors from the service's wording and the WSAS maximum.

const BASE = 'https://portal.example.nhs.uk/fhir';
const LOINC = 'http://loinc.org';
const PATIENT = '5b0c9f4e-2d1a-4c3b-9e8f-7a6b5c4d3e2f';

const demo = loadServiceConfig('infra/services/demo.json');
const demoWsas = demo.questionnaires.wording.wsas as QuestionnaireWording;
const catalogueWith = (wording: Record<string, QuestionnaireWording>) =>
  questionnaireCatalogue({ wording, definitions: [] }, []);
const demoCatalogue = catalogueWith(demo.questionnaires.wording);

/** A response stored the way the portal stores one now: scored, with what it was answered with. */
const stored = (
  definition: QuestionnaireDefinition,
  answers: Record<string, number | 'na'>,
  date = '2026-03-02',
): QuestionnaireResponse => {
  const scored = scoreAnswers(definition, answers);
  if (!scored.ok) throw new Error(JSON.stringify(scored));
  return {
    patientId: PATIENT,
    questionnaireId: definition.id,
    date,
    submittedAt: `${date}T09:15:00+00:00`,
    answers: scored.answers,
    total: scored.total,
    severity: scored.severity,
    riskFlag: scored.riskFlag,
    maxTotal: scored.maxTotal,
    asAnswered: answeredWith(definition, scored.answers),
  };
};
/** The same, as stored before responses kept their wording. */
const legacy = (r: QuestionnaireResponse): QuestionnaireResponse => {
  const { asAnswered: _a, maxTotal: _m, ...rest } = r;
  return rest;
};

const exportOne = (
  response: QuestionnaireResponse,
  definitions: ReadonlyMap<string, QuestionnaireDefinition>,
): FhirQuestionnaireResponse => {
  const [entry] = toFhirResponseBundle([response], definitions, { id: PATIENT }, BASE).entry;
  if (!entry) throw new Error('no entry');
  return entry.resource;
};
const item = (r: FhirQuestionnaireResponse, linkId: string) => {
  const found = r.item.find((i) => i.linkId === linkId);
  if (!found) throw new Error(`no item ${linkId}`);
  return found;
};
const coding = (answer: FhirAnswer | undefined): FhirCoding => {
  if (!answer || !('valueCoding' in answer)) throw new Error('not a coding');
  return answer.valueCoding;
};

const WSAS_ANSWERS = { wsas_work: 4, wsas_home: 2, wsas_social: 0, wsas_private: 8, wsas_relationships: 6 };
const reworded: QuestionnaireWording = {
  ...demoWsas,
  items: { ...demoWsas.items, wsas_work: 'Your job or studies' },
  anchors: { 0: 'none', 4: 'moderately', 8: 'completely' },
};

describe('stable resource ids', () => {
  it('are RFC 9562 version 5 UUIDs (the RFC’s own example)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('are the same for the same patient, date and questionnaire, and differ when any differs', () => {
    const id = responseResourceId(PATIENT, '2026-03-02', 'phq-9');
    expect(responseResourceId(PATIENT, '2026-03-02', 'phq-9')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const others = [
      responseResourceId('0e1d2c3b-4a59-4687-b6a5-f4e3d2c1b0a9', '2026-03-02', 'phq-9'),
      responseResourceId(PATIENT, '2026-03-03', 'phq-9'),
      responseResourceId(PATIENT, '2026-03-02', 'gad-7'),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });

  it('hold nothing of the patient, the date or the questionnaire in clear', () => {
    const id = responseResourceId(PATIENT, '2026-03-02', 'phq-9');
    const hex = id.replace(/-/g, '');
    for (const part of [...PATIENT.split('-'), '2026', '0302', '20260302', 'phq']) {
      expect(hex).not.toContain(part);
    }
  });

  it('give every Bundle entry a urn:uuid fullUrl naming its resource, the same on every export', () => {
    const responses = [
      stored(PHQ9, {
        phq9_1: 1,
        phq9_2: 1,
        phq9_3: 1,
        phq9_4: 1,
        phq9_5: 1,
        phq9_6: 0,
        phq9_7: 0,
        phq9_8: 0,
        phq9_9: 0,
      }),
      stored(GAD7, { gad7_1: 3, gad7_2: 3, gad7_3: 3, gad7_4: 3, gad7_5: 3, gad7_6: 3, gad7_7: 3 }),
    ];
    const once = toFhirResponseBundle(responses, demoCatalogue, { id: PATIENT }, BASE);
    const twice = toFhirResponseBundle(responses, demoCatalogue, { id: PATIENT }, BASE);
    for (const entry of once.entry) expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
    expect(twice.entry.map((e) => e.fullUrl)).toEqual(once.entry.map((e) => e.fullUrl));
    expect(new Set(once.entry.map((e) => e.resource.id)).size).toBe(2);
    expect(once.entry[0]?.resource.id).toBe(responseResourceId(PATIENT, '2026-03-02', 'phq-9'));
  });
});

describe('LOINC displays', () => {
  const loincCodes = (d: QuestionnaireDefinition): string[] => [
    ...(d.loinc ? [d.loinc.panel, ...(d.loinc.total ? [d.loinc.total] : [])] : []),
    ...d.items.flatMap((i) => (i.loinc ? [i.loinc] : [])),
    ...d.options.flatMap((o) => (o.loinc ? [o.loinc] : [])),
  ];

  it('knows LOINC’s display for every LOINC code the built-in measures use', () => {
    for (const d of [PHQ9, GAD7]) {
      for (const code of loincCodes(d)) expect(LOINC_DISPLAYS[code], code).toBeTypeOf('string');
    }
    expect(loincCodes(PHQ9)).toHaveLength(2 + 9 + 4);
    expect(loincCodes(GAD7)).toHaveLength(2 + 7 + 4);
  });

  it('says what LOINC says, not the portal’s wording', () => {
    expect(LOINC_DISPLAYS['44249-1']).toBe('PHQ-9 quick depression assessment panel [Reported.PHQ]');
    expect(LOINC_DISPLAYS['44261-6']).toBe(
      'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
    );
    expect(LOINC_DISPLAYS['69737-5']).toBe('Generalized anxiety disorder 7 item (GAD-7)');
    expect(LOINC_DISPLAYS['70274-6']).toBe(
      'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
    );
    expect(LOINC_DISPLAYS['44250-9']).toBe('Little interest or pleasure in doing things in last 2 weeks');
    // LOINC's term for the GAD-7 irritability item comes from the PHQ and says 4 weeks.
    expect(LOINC_DISPLAYS['69689-8']).toBe(
      'Becoming easily annoyed or irritable in last 4 weeks [Reported.PHQ]',
    );
    expect(LOINC_DISPLAYS['LA6570-1']).toBe('More than half the days');
  });

  it('are the display of every LOINC Coding in the Questionnaires, while item texts keep the wording', () => {
    for (const d of [PHQ9, GAD7]) {
      const q = toFhirQuestionnaire(d, BASE);
      const codings = [
        ...q.code,
        ...q.item.flatMap((i) => [...(i.code ?? []), ...(i.answerOption ?? []).map((o) => o.valueCoding)]),
      ].filter((c) => c.system === LOINC);
      expect(codings.length).toBeGreaterThan(d.items.length);
      for (const c of codings) expect(c.display).toBe(LOINC_DISPLAYS[c.code]);
      const first = q.item.find((i) => i.linkId === d.items[0]?.id);
      expect(first?.text).toBe(d.items[0]?.text);
      expect(first?.text).not.toBe(first?.code?.[0]?.display);
    }
  });

  it('are the display of every LOINC Coding in an exported response', () => {
    const r = exportOne(
      stored(PHQ9, {
        phq9_1: 2,
        phq9_2: 1,
        phq9_3: 0,
        phq9_4: 3,
        phq9_5: 1,
        phq9_6: 0,
        phq9_7: 0,
        phq9_8: 0,
        phq9_9: 0,
      }),
      demoCatalogue,
    );
    const codings = r.item.flatMap((i) =>
      i.answer.flatMap((a) => ('valueCoding' in a ? [a.valueCoding] : [])),
    );
    expect(codings).toHaveLength(9);
    for (const c of codings) expect(c.display).toBe(LOINC_DISPLAYS[c.code]);
  });
});

describe('WSAS anchor words', () => {
  it('come from the service’s wording, like its items', () => {
    const labels = wsas(reworded).options.map((o) => o.label);
    expect(labels).toEqual(['0 – none', '1', '2', '3', '4 – moderately', '5', '6', '7', '8 – completely']);
    expect(catalogueWith({ wsas: demoWsas }).get('wsas')?.options[4]?.label).toBe('4 – quite a lot');
  });

  it('are only numbers when the wording gives none', () => {
    const { anchors: _none, ...bare } = demoWsas;
    expect(wsas(bare).options.map((o) => o.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('must name points of the 0–8 scale', () => {
    expect(() => wsas({ ...demoWsas, anchors: { 9: 'beyond' } })).toThrow(QuestionnaireConfigError);
    expect(() => wsas({ ...demoWsas, anchors: { 9: 'beyond' } })).toThrow(/anchor for "9"/);
  });
});

describe('a response keeps what it was answered with', () => {
  const before = catalogueWith({ wsas: demoWsas });
  const after = catalogueWith({ wsas: reworded });
  const wsasBefore = before.get('wsas')!;
  const response = stored(wsasBefore, WSAS_ANSWERS);

  it('stores the version, the item texts and the chosen answers’ labels', () => {
    expect(response.asAnswered?.version).toBe(definitionVersion(wsasBefore));
    expect(response.asAnswered?.items.map((i) => i.id)).toEqual(Object.keys(WSAS_ANSWERS));
    expect(response.asAnswered?.items[0]).toEqual({
      id: 'wsas_work',
      text: 'Work',
      answer: { label: '4 – quite a lot' },
    });
  });

  it('exports the old wording and version after the service rewords the questionnaire', () => {
    const r = exportOne(response, after);
    expect(r.questionnaire).toBe(`${BASE}/Questionnaire/wsas|${definitionVersion(wsasBefore)}`);
    expect(r.questionnaire).not.toContain(definitionVersion(after.get('wsas')!));
    expect(item(r, 'wsas_work').text).toBe('Work');
    expect(coding(item(r, 'wsas_work').answer[0]).display).toBe('4 – quite a lot');
    expect(coding(item(r, 'wsas_private').answer[0]).display).toBe('8 – very severely');
  });

  it('exports with the current definition when stored before responses kept their wording', () => {
    const r = exportOne(legacy(response), after);
    expect(r.questionnaire).toBe(`${BASE}/Questionnaire/wsas|${definitionVersion(after.get('wsas')!)}`);
    expect(item(r, 'wsas_work').text).toBe('Your job or studies');
    expect(coding(item(r, 'wsas_work').answer[0]).display).toBe('4 – moderately');
  });

  it('still exports once the questionnaire is retired from the service’s config', () => {
    const retired = catalogueWith({});
    expect(retired.has('wsas')).toBe(false);
    const r = exportOne(response, retired);
    expect(r.questionnaire).toBe(`${BASE}/Questionnaire/wsas|${definitionVersion(wsasBefore)}`);
    expect(item(r, 'wsas_home').text).toBe('Looking after your home');
    expect(item(r, 'wsas-total').answer[0]).toMatchObject({ valueInteger: 20 });
    // Stored before responses kept their wording, and retired: the values, without texts.
    const bare = exportOne(legacy(response), retired);
    expect(bare.questionnaire).toBe(`${BASE}/Questionnaire/wsas`);
    expect(bare.item.map((i) => i.linkId)).toEqual([...Object.keys(WSAS_ANSWERS), 'wsas-total']);
    expect(coding(item(bare, 'wsas_home').answer[0])).toMatchObject({ code: '2' });
  });
});

describe('the WSAS maximum', () => {
  const definition = demoCatalogue.get('wsas')!;
  const maximumOf = (r: FhirQuestionnaireResponse) => {
    const answer = item(r, 'wsas-total').answer[0];
    return answer && 'extension' in answer ? answer.extension : undefined;
  };

  it('is 32 with the work item not applicable, 40 otherwise, on the exported total', () => {
    const na = stored(definition, { ...WSAS_ANSWERS, wsas_work: 'na' });
    expect(na.maxTotal).toBe(32);
    expect(maximumOf(exportOne(na, demoCatalogue))).toEqual([
      { url: `${BASE}/StructureDefinition/maximum-total`, valueInteger: 32 },
    ]);
    expect(maximumOf(exportOne(stored(definition, WSAS_ANSWERS), demoCatalogue))).toEqual([
      { url: `${BASE}/StructureDefinition/maximum-total`, valueInteger: 40 },
    ]);
    // An old response without it: worked out from the current definition.
    expect(maximumOf(exportOne(legacy(na), demoCatalogue))).toEqual([
      { url: `${BASE}/StructureDefinition/maximum-total`, valueInteger: 32 },
    ]);
  });

  it('is 40 on the Questionnaire’s total item (maxValue)', () => {
    const total = toFhirQuestionnaire(definition, BASE).item.at(-1);
    expect(total?.extension).toEqual([
      { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 40 },
    ]);
    expect(toFhirQuestionnaire(PHQ9, BASE).item.at(-1)?.extension).toEqual([
      { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 27 },
    ]);
  });
});
