import { describe, expect, it } from 'vitest';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import { questionnaireCatalogue } from '../../shared/domain/questionnaires/builtin.js';
import type { QuestionnaireDefinition } from '../../shared/domain/questionnaires/definition.js';
import {
  toFhirQuestionnaire,
  toFhirResponseBundle,
  type FhirAnswer,
  type FhirQuestionnaireResponse,
} from '../../shared/domain/questionnaires/fhir.js';
import { scoreAnswers } from '../../shared/domain/questionnaires/scoring.js';
import type { QuestionnaireResponse } from '../../shared/domain/questionnaires/types.js';

const BASE = 'https://portal.example.nhs.uk/fhir';
const LOINC = 'http://loinc.org';
const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

const demo = loadServiceConfig('infra/services/demo.json');
const catalogue = questionnaireCatalogue(demo.questionnaires, ['phq-9', 'gad-7', 'wsas', 'iapt-phobia']);
const def = (id: string): QuestionnaireDefinition => {
  const d = catalogue.get(id);
  if (!d) throw new Error(id);
  return d;
};

/** A stored response made the way the portal makes one: scored from the answers. */
const response = (questionnaireId: string, answers: Record<string, number | 'na'>): QuestionnaireResponse => {
  const scored = scoreAnswers(def(questionnaireId), answers);
  if (!scored.ok) throw new Error(JSON.stringify(scored));
  return {
    patientId: 'p-123',
    questionnaireId,
    date: '2026-03-02',
    submittedAt: '2026-03-02T09:15:00+00:00',
    answers: scored.answers,
    total: scored.total,
    severity: scored.severity,
    riskFlag: scored.riskFlag,
    ...(scored.riskItemValue === undefined ? {} : { riskItemValue: scored.riskItemValue }),
  };
};

const phq9Answers = {
  phq9_1: 1,
  phq9_2: 2,
  phq9_3: 3,
  phq9_4: 0,
  phq9_5: 1,
  phq9_6: 0,
  phq9_7: 0,
  phq9_8: 1,
  phq9_9: 2,
};
const phq9 = response('phq-9', phq9Answers);
const wsasNa = response('wsas', {
  wsas_work: 'na',
  wsas_home: 4,
  wsas_social: 3,
  wsas_private: 0,
  wsas_relationships: 8,
});
const phobia = response('iapt-phobia', { phobia_social: 6, phobia_panic: 0, phobia_specific: 1 });

const bundle = toFhirResponseBundle(
  [phq9, wsasNa, phobia],
  catalogue,
  { id: 'p-123', externalId: 'RX1234' },
  BASE,
);
const resources = bundle.entry.map((e) => e.resource);
const [phq9Fhir, wsasFhir, phobiaFhir] = resources as [
  FhirQuestionnaireResponse,
  FhirQuestionnaireResponse,
  FhirQuestionnaireResponse,
];

const item = (r: FhirQuestionnaireResponse, linkId: string) => {
  const found = r.item.find((i) => i.linkId === linkId);
  if (!found) throw new Error(`no item ${linkId}`);
  return found;
};
const coding = (answer: FhirAnswer | undefined) => {
  if (!answer || !('valueCoding' in answer)) throw new Error('not a coding');
  return answer.valueCoding;
};

describe('FHIR Questionnaire', () => {
  const phq9Questionnaire = toFhirQuestionnaire(def('phq-9'), BASE);

  it('publishes PHQ-9 as an active Questionnaire coded with its LOINC panel and licence', () => {
    expect(phq9Questionnaire).toMatchObject({
      resourceType: 'Questionnaire',
      id: 'phq-9',
      status: 'active',
      url: `${BASE}/Questionnaire/phq-9`,
      code: [{ system: LOINC, code: '44249-1' }],
    });
    expect(phq9Questionnaire.version).toMatch(/^[0-9a-f]{12}$/);
    expect(phq9Questionnaire.copyright).toMatch(/© Pfizer Inc\./);
  });

  it('gives each PHQ-9 question its LOINC item code and required choice answers with ordinal values', () => {
    const questions = phq9Questionnaire.item.filter((i) => i.type === 'choice');
    expect(questions.map((i) => i.linkId)).toEqual(def('phq-9').items.map((i) => i.id));
    expect(questions.map((i) => i.code?.[0]?.code)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
    ]);
    for (const q of questions) {
      expect(q.required).toBe(true);
      expect(
        q.answerOption?.map((o) => [o.valueCoding.system, o.valueCoding.code, o.valueCoding.extension]),
      ).toEqual([
        [LOINC, 'LA6568-5', [{ url: ORDINAL, valueDecimal: 0 }]],
        [LOINC, 'LA6569-3', [{ url: ORDINAL, valueDecimal: 1 }]],
        [LOINC, 'LA6570-1', [{ url: ORDINAL, valueDecimal: 2 }]],
        [LOINC, 'LA6571-9', [{ url: ORDINAL, valueDecimal: 3 }]],
      ]);
    }
  });

  it('shows the stem first and ends with a read-only total item coded with the LOINC total', () => {
    expect(phq9Questionnaire.item[0]).toMatchObject({ type: 'display', text: def('phq-9').stem });
    expect(phq9Questionnaire.item.at(-1)).toMatchObject({
      linkId: 'phq-9-total',
      type: 'integer',
      readOnly: true,
      code: [{ system: LOINC, code: '44261-6' }],
    });
    expect(toFhirQuestionnaire(def('gad-7'), BASE).item.at(-1)?.code?.[0]?.code).toBe('70274-6');
  });

  it('codes WSAS with the portal’s own system and offers not-applicable on the work item only', () => {
    const q = toFhirQuestionnaire(def('wsas'), `${BASE}/`);
    expect(q.code).toEqual([
      { system: `${BASE}/CodeSystem/questionnaires`, code: 'wsas', display: def('wsas').title },
    ]);
    const work = q.item.find((i) => i.linkId === 'wsas_work');
    expect(work?.code).toBeUndefined();
    expect(work?.answerOption).toHaveLength(10);
    expect(work?.answerOption?.at(-1)?.valueCoding).toMatchObject({ code: 'not-applicable' });
    expect(work?.answerOption?.[8]?.valueCoding).toMatchObject({
      code: '8',
      display: '8 – very severely',
      extension: [{ url: ORDINAL, valueDecimal: 8 }],
    });
    expect(q.item.find((i) => i.linkId === 'wsas_home')?.answerOption).toHaveLength(9);
    expect(q.copyright).toBe(def('wsas').notice);
  });

  it('has no total item for the phobia scales', () => {
    const q = toFhirQuestionnaire(def('iapt-phobia'), BASE);
    expect(q.item.map((i) => i.linkId)).toEqual([
      'iapt-phobia-stem',
      'phobia_social',
      'phobia_panic',
      'phobia_specific',
    ]);
  });

  it('changes version when the wording changes', () => {
    const a = toFhirQuestionnaire(def('wsas'), BASE).version;
    const reworded = questionnaireCatalogue(
      { wording: { wsas: { ...demo.questionnaires.wording.wsas!, stem: 'Reworded stem' } }, definitions: [] },
      [],
    ).get('wsas')!;
    expect(toFhirQuestionnaire(reworded, BASE).version).not.toBe(a);
    expect(toFhirQuestionnaire(def('wsas'), BASE).version).toBe(a);
  });

  it('refuses a canonical base that is not an absolute URL', () => {
    expect(() => toFhirQuestionnaire(def('phq-9'), 'portal/fhir')).toThrow(/absolute http\(s\) URL/);
  });
});

describe('FHIR QuestionnaireResponse bundle', () => {
  it('is a searchset Bundle with a total and one completed response per stored one', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3 });
    expect(bundle.entry).toHaveLength(3);
    for (const r of resources) {
      expect(r.resourceType).toBe('QuestionnaireResponse');
      expect(r.status).toBe('completed');
      expect(r.authored).toBe('2026-03-02T09:15:00+00:00');
    }
  });

  it('points each response at its Questionnaire by url|version', () => {
    const q = toFhirQuestionnaire(def('phq-9'), BASE);
    expect(phq9Fhir.questionnaire).toBe(`${q.url}|${q.version}`);
  });

  it('names the patient by reference, with the external id as an identifier', () => {
    expect(phq9Fhir.subject).toEqual({
      reference: 'Patient/p-123',
      identifier: { system: `${BASE}/NamingSystem/external-id`, value: 'RX1234' },
    });
    const noExternal = toFhirResponseBundle([phq9], catalogue, { id: 'p-123' }, BASE);
    expect(noExternal.entry[0]?.resource.subject).toEqual({ reference: 'Patient/p-123' });
  });

  it('uses only linkIds that the matching Questionnaire has', () => {
    for (const r of resources) {
      const id = r.questionnaire.split('|')[0]!.split('/').at(-1)!;
      const linkIds = new Set(toFhirQuestionnaire(def(id), BASE).item.map((i) => i.linkId));
      for (const i of r.item) expect(linkIds).toContain(i.linkId);
    }
  });

  it('gives every answer exactly one value[x]', () => {
    for (const r of resources) {
      for (const i of r.item) {
        expect(i.answer).toHaveLength(1);
        const keys = Object.keys(i.answer[0]!).filter((k) => k.startsWith('value'));
        expect(keys).toHaveLength(1);
      }
    }
  });

  it('codes PHQ-9 answers with LOINC answer codes and their ordinal values', () => {
    expect(phq9Fhir.item.slice(0, 9).map((i) => i.linkId)).toEqual(Object.keys(phq9Answers));
    expect(coding(item(phq9Fhir, 'phq9_9').answer[0])).toEqual({
      system: LOINC,
      code: 'LA6570-1',
      display: 'More than half the days',
      extension: [{ url: ORDINAL, valueDecimal: 2 }],
    });
    expect(coding(item(phq9Fhir, 'phq9_3').answer[0]).code).toBe('LA6571-9');
    expect(coding(item(phq9Fhir, 'phq9_4').answer[0]).code).toBe('LA6568-5');
    expect(coding(item(phq9Fhir, 'phq9_1').answer[0]).code).toBe('LA6569-3');
  });

  it('gives the total as an integer item', () => {
    expect(phq9.total).toBe(10);
    const maximum = (valueInteger: number) => [
      { url: `${BASE}/StructureDefinition/maximum-total`, valueInteger },
    ];
    expect(item(phq9Fhir, 'phq-9-total').answer).toEqual([{ valueInteger: 10, extension: maximum(27) }]);
    // WSAS with the work item not applicable: the total is out of 32, not 40 (questionnaires.md).
    expect(item(wsasFhir, 'wsas-total').answer).toEqual([{ valueInteger: 15, extension: maximum(32) }]);
  });

  it('exports a not-applicable WSAS answer as the not-applicable code, and other WSAS answers by value', () => {
    expect(coding(item(wsasFhir, 'wsas_work').answer[0])).toEqual({
      system: `${BASE}/CodeSystem/answers`,
      code: 'not-applicable',
      display: 'Not applicable: retired or not working for reasons unrelated to my problem',
    });
    expect(coding(item(wsasFhir, 'wsas_home').answer[0])).toMatchObject({
      system: `${BASE}/CodeSystem/answers`,
      code: '4',
      extension: [{ url: ORDINAL, valueDecimal: 4 }],
    });
  });

  it('keeps the three phobia item scores and adds no total item', () => {
    expect(phobiaFhir.item.map((i) => i.linkId)).toEqual([
      'phobia_social',
      'phobia_panic',
      'phobia_specific',
    ]);
    expect(
      phobiaFhir.item.map(
        (i) => (coding(i.answer[0]).extension?.[0] as { valueDecimal?: number } | undefined)?.valueDecimal,
      ),
    ).toEqual([6, 0, 1]);
  });

  it('is an empty searchset for a patient with no responses', () => {
    expect(toFhirResponseBundle([], catalogue, { id: 'p-9' }, BASE)).toEqual({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 0,
      entry: [],
    });
  });

  it('refuses only responses that belong to another patient', () => {
    const export1 = (r: QuestionnaireResponse) => () =>
      toFhirResponseBundle([r], catalogue, { id: 'p-123' }, BASE);
    expect(export1({ ...phq9, patientId: 'p-999' })).toThrow(/another patient/);
  });

  it('exports an old response that no longer fits its definition with what it holds, never throwing', () => {
    // Stored before responses kept their wording, under a definition since changed: the current
    // one does not describe it, so the export gives the stored values without texts or version.
    const export1 = (r: QuestionnaireResponse) => {
      const [entry] = toFhirResponseBundle([r], catalogue, { id: 'p-123' }, BASE).entry;
      return entry!.resource;
    };
    const odd = export1({ ...phq9, answers: { ...phq9.answers, phq9_1: 7 } });
    expect(odd.questionnaire).toBe(`${BASE}/Questionnaire/phq-9`);
    expect(coding(item(odd, 'phq9_1').answer[0])).toEqual({
      system: `${BASE}/CodeSystem/answers`,
      code: '7',
      extension: [{ url: ORDINAL, valueDecimal: 7 }],
    });
    expect(item(odd, 'phq9_1').text).toBeUndefined();
    expect(export1({ ...phq9, answers: { ...phq9.answers, extra: 1 } }).item.map((i) => i.linkId)).toContain(
      'extra',
    );
  });
});
