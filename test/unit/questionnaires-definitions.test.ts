import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { loadServiceConfig } from '../../shared/config/service-config.js';
import {
  GAD7,
  iaptPhobia,
  PHQ9,
  QuestionnaireConfigError,
  questionnaireCatalogue,
  wsas,
} from '../../shared/domain/questionnaires/builtin.js';
import { QuestionnaireDefinition } from '../../shared/domain/questionnaires/definition.js';

const demo = loadServiceConfig('infra/services/demo.json');
const demoWording = demo.questionnaires.wording;
const wsasWording = demoWording.wsas!;
const phobiaWording = demoWording['iapt-phobia']!;

/** A small valid service questionnaire: 2 items answered 0–2, total 0–4 in two bands. */
const valid = {
  id: 'sleep-check',
  title: 'Sleep check',
  stem: 'Over the last week, how often...',
  items: [
    { id: 'sleep_1', text: 'Trouble falling asleep' },
    { id: 'sleep_2', text: 'Waking early' },
  ],
  options: [
    { value: 0, label: 'Never' },
    { value: 1, label: 'Sometimes' },
    { value: 2, label: 'Often' },
  ],
  scoring: 'sum',
  bands: [
    { min: 0, max: 1, label: 'Low' },
    { min: 2, max: 4, label: 'High' },
  ],
};

const problemWith = (raw: unknown): string => {
  const parsed = QuestionnaireDefinition.safeParse(raw);
  if (parsed.success) throw new Error('the definition was accepted');
  return z.prettifyError(parsed.error);
};

describe('definition validation', () => {
  it('accepts a valid definition (the base the broken ones below start from)', () => {
    expect(QuestionnaireDefinition.safeParse(valid).success).toBe(true);
  });

  it('rejects an item id used twice, naming it', () => {
    const items = [valid.items[0], { id: 'sleep_1', text: 'Again' }];
    expect(problemWith({ ...valid, items })).toMatch(/item id "sleep_1" is used twice/);
  });

  it('rejects a gap between bands, naming the totals left out', () => {
    const bands = [
      { min: 0, max: 1, label: 'Low' },
      { min: 3, max: 4, label: 'High' },
    ];
    expect(problemWith({ ...valid, bands })).toMatch(/no band covers totals 2 to 2/);
  });

  it('rejects overlapping bands, naming where they overlap', () => {
    const bands = [
      { min: 0, max: 2, label: 'Low' },
      { min: 2, max: 4, label: 'High' },
    ];
    expect(problemWith({ ...valid, bands })).toMatch(/bands overlap at 2 \("High"\)/);
  });

  it('rejects bands that stop short of the highest total', () => {
    const bands = [
      { min: 0, max: 1, label: 'Low' },
      { min: 2, max: 3, label: 'High' },
    ];
    expect(problemWith({ ...valid, bands })).toMatch(
      /the bands end at 3 but the highest possible total is 4/,
    );
  });

  it('rejects bands that do not start at 0', () => {
    const bands = [{ min: 1, max: 4, label: 'All' }];
    expect(problemWith({ ...valid, bands })).toMatch(/no band covers totals 0 to 0/);
  });

  it('rejects a risk item that is not one of the items', () => {
    expect(problemWith({ ...valid, riskItem: { itemId: 'sleep_9', above: 0 } })).toMatch(
      /the risk item "sleep_9" is not one of the items/,
    );
  });

  it('rejects a risk threshold no answer can pass, which would never raise the flag', () => {
    const itemId = valid.items[0]?.id as string;
    const top = Math.max(...valid.options.map((o: { value: number }) => o.value));
    expect(problemWith({ ...valid, riskItem: { itemId, above: top } })).toMatch(
      /the flag could never be raised/,
    );
  });

  it('rejects a risk threshold every answer passes, which would flag everyone', () => {
    const itemId = valid.items[0]?.id as string;
    const options = valid.options.map((o: { value: number; label: string }) => ({
      ...o,
      value: o.value + 1,
    }));
    expect(problemWith({ ...valid, options, bands: [], riskItem: { itemId, above: 0 } })).toMatch(
      /every response would be flagged/,
    );
  });

  it('rejects severity bands on a questionnaire with no total', () => {
    expect(problemWith({ ...valid, scoring: 'none' })).toMatch(
      /a questionnaire with no total cannot have severity bands/,
    );
  });

  it('rejects two options with the same value', () => {
    const options = [...valid.options, { value: 2, label: 'Always' }];
    expect(problemWith({ ...valid, options, bands: [] })).toMatch(/two options share a value/);
  });

  it('rejects ids that are not lower case, and unknown fields', () => {
    expect(problemWith({ ...valid, id: 'Sleep Check' })).toMatch(
      /an id is lower-case letters, digits and hyphens/,
    );
    expect(problemWith({ ...valid, items: [{ id: 'sleep-1', text: 'x' }] })).toMatch(
      /an item id is lower-case letters, digits and underscores/,
    );
    expect(problemWith({ ...valid, colour: 'blue' })).toMatch(/colour/);
  });
});

describe('built-in definitions', () => {
  it('gives PHQ-9 its nine items, LOINC codes, answer codes and licence notice', () => {
    expect(PHQ9.items.map((i) => [i.id, i.loinc])).toEqual([
      ['phq9_1', '44250-9'],
      ['phq9_2', '44255-8'],
      ['phq9_3', '44259-0'],
      ['phq9_4', '44254-1'],
      ['phq9_5', '44251-7'],
      ['phq9_6', '44258-2'],
      ['phq9_7', '44252-5'],
      ['phq9_8', '44253-3'],
      ['phq9_9', '44260-8'],
    ]);
    expect(PHQ9.stem).toBe(
      'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    );
    expect(PHQ9.loinc).toEqual({ panel: '44249-1', total: '44261-6' });
    expect(PHQ9.riskItem).toEqual({ itemId: 'phq9_9', above: 0 });
    expect(PHQ9.notice).toMatch(/^© Pfizer Inc\..*No permission is required to reproduce/);
    expect(PHQ9.items[8]?.text).toBe(
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    );
    // The optional 10th (difficulty) question is a per-service setting, off by default.
    expect(PHQ9.items.some((i) => /difficult/.test(i.text) || i.loinc === '69722-7')).toBe(false);
  });

  it('gives GAD-7 its seven items and "Not at all" (not "Not at all sure") for 0', () => {
    expect(GAD7.items.map((i) => i.loinc)).toEqual([
      '69725-0',
      '68509-9',
      '69733-4',
      '69734-2',
      '69735-9',
      '69689-8',
      '69736-7',
    ]);
    expect(GAD7.stem).toBe(
      'Over the last 2 weeks, how often have you been bothered by the following problems?',
    );
    expect(GAD7.loinc).toEqual({ panel: '69737-5', total: '70274-6' });
    expect(GAD7.riskItem).toBeUndefined();
    expect(GAD7.options).toEqual([
      { value: 0, label: 'Not at all', loinc: 'LA6568-5' },
      { value: 1, label: 'Several days', loinc: 'LA6569-3' },
      { value: 2, label: 'More than half the days', loinc: 'LA6570-1' },
      { value: 3, label: 'Nearly every day', loinc: 'LA6571-9' },
    ]);
  });

  it('builds WSAS from the service wording with a 0–8 scale and a not-applicable work item', () => {
    const def = wsas(wsasWording);
    expect(def.title).toBe(wsasWording.title);
    expect(def.stem).toBe(wsasWording.stem);
    expect(def.notice).toBe(wsasWording.notice);
    expect(def.items.map((i) => [i.id, i.text])).toEqual(Object.entries(wsasWording.items));
    expect(def.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(def.options[0]?.label).toBe('0 – not at all');
    expect(def.options[3]?.label).toBe('3');
    expect(def.options[8]?.label).toBe('8 – very severely');
    expect(def.items.filter((i) => i.notApplicable).map((i) => i.id)).toEqual(['wsas_work']);
    expect(def.items[0]?.notApplicable?.label).toBe(
      'Not applicable: retired or not working for reasons unrelated to my problem',
    );
  });

  it('builds the phobia scales with no total and no bands, anchored from "would not avoid it" to "always avoid it"', () => {
    const def = iaptPhobia(phobiaWording);
    expect(def.items.map((i) => i.id)).toEqual(['phobia_social', 'phobia_panic', 'phobia_specific']);
    expect(def.scoring).toBe('none');
    expect(def.bands).toEqual([]);
    expect(def.options[0]?.label).toBe('0 – would not avoid it');
    expect(def.options[8]?.label).toBe('8 – always avoid it');
  });

  it('uses a plain title and the copyright line when the wording gives no title or notice', () => {
    const { title: _t, notice: _n, ...bare } = wsasWording;
    const def = wsas(bare);
    expect(def.title).toBe('Work and Social Adjustment Scale');
    expect(def.notice).toMatch(/Isaac M\. Marks/);
  });

  it('names the item whose wording is missing', () => {
    const { wsas_private: _, ...items } = wsasWording.items;
    expect(() => wsas({ ...wsasWording, items })).toThrow(QuestionnaireConfigError);
    expect(() => wsas({ ...wsasWording, items })).toThrow(/"wsas".*no text for item "wsas_private"/);
    expect(() => iaptPhobia({ ...phobiaWording, items: {} })).toThrow(
      /no text for item "phobia_social", "phobia_panic", "phobia_specific"/,
    );
  });

  it('names wording given for an item the measure does not have', () => {
    const items = { ...phobiaWording.items, phobia_heights: 'Heights' };
    expect(() => iaptPhobia({ ...phobiaWording, items })).toThrow(/unknown item "phobia_heights"/);
  });
});

describe('questionnaire catalogue', () => {
  const allStages = ['phq-9', 'gad-7', 'iapt-phobia', 'wsas'];

  it('builds all four built-ins from the demo config', () => {
    const stages = demo.questionnaires.stages;
    const wanted = [...stages.assessment, ...stages.treatment, ...stages.discharge];
    const catalogue = questionnaireCatalogue(demo.questionnaires, wanted);
    expect([...catalogue.keys()]).toEqual(['phq-9', 'gad-7', 'wsas', 'iapt-phobia']);
    expect(catalogue.get('wsas')?.items[1]?.text).toBe('Looking after your home');
    expect(catalogue.get('iapt-phobia')?.title).toBe('Situations you avoid');
  });

  it('adds the service’s own definitions after the built-ins', () => {
    const catalogue = questionnaireCatalogue({ wording: {}, definitions: [valid] }, ['phq-9', 'sleep-check']);
    expect([...catalogue.keys()]).toEqual(['phq-9', 'gad-7', 'sleep-check']);
    expect(catalogue.get('sleep-check')?.bands).toHaveLength(2);
  });

  it('refuses a stage asking for an unknown questionnaire', () => {
    const build = () => questionnaireCatalogue(demo.questionnaires, ['phq-9', 'phq-8']);
    expect(build).toThrow(QuestionnaireConfigError);
    expect(build).toThrow(/the stages ask for "phq-8", which is not a known questionnaire/);
  });

  it('refuses a stage asking for WSAS when the config has no wording for it', () => {
    const build = () => questionnaireCatalogue({ wording: {}, definitions: [] }, allStages);
    expect(build).toThrow(QuestionnaireConfigError);
    expect(build).toThrow(/"iapt-phobia", but questionnaires\.wording has no wording for it/);
    const onlyPhobia = { wording: { 'iapt-phobia': phobiaWording }, definitions: [] };
    expect(() => questionnaireCatalogue(onlyPhobia, allStages)).toThrow(/"wsas", but .*no wording/);
  });

  it('builds without WSAS wording when no stage asks for WSAS', () => {
    const catalogue = questionnaireCatalogue({ wording: {}, definitions: [] }, ['phq-9', 'gad-7']);
    expect(catalogue.has('wsas')).toBe(false);
  });

  it('refuses a service definition that reuses the id phq-9', () => {
    const build = () => questionnaireCatalogue({ wording: {}, definitions: [{ ...valid, id: 'phq-9' }] }, []);
    expect(build).toThrow(QuestionnaireConfigError);
    expect(build).toThrow(/definitions\[0\] "phq-9" uses the id of the built-in questionnaire "phq-9"/);
  });

  it('refuses a service definition that reuses wsas even when the service has no WSAS wording', () => {
    const build = () => questionnaireCatalogue({ wording: {}, definitions: [{ ...valid, id: 'wsas' }] }, []);
    expect(build).toThrow(/built-in questionnaire "wsas"/);
  });

  it('refuses two service definitions with the same id', () => {
    const build = () => questionnaireCatalogue({ wording: {}, definitions: [valid, valid] }, []);
    expect(build).toThrow(
      /definitions\[1\] "sleep-check" uses the id "sleep-check" of an earlier definition/,
    );
  });

  it('says which service definition is broken and what is wrong with it', () => {
    const broken = { ...valid, bands: [{ min: 0, max: 3, label: 'All' }] };
    const build = () => questionnaireCatalogue({ wording: {}, definitions: [valid, broken] }, []);
    expect(build).toThrow(QuestionnaireConfigError);
    expect(build).toThrow(
      /questionnaires\.definitions\[1\] "sleep-check" is not a valid questionnaire definition/,
    );
    expect(build).toThrow(/the bands end at 3 but the highest possible total is 4/);
  });

  it('names the missing field of a service definition, and says when it has no id', () => {
    const { title: _, ...untitled } = valid;
    expect(() => questionnaireCatalogue({ wording: {}, definitions: [untitled] }, [])).toThrow(
      /definitions\[0\] "sleep-check"[\s\S]*title/,
    );
    expect(() => questionnaireCatalogue({ wording: {}, definitions: ['phq-9'] }, [])).toThrow(
      /definitions\[0\] \(no id\) is not a valid questionnaire definition/,
    );
  });

  it('refuses wording for a questionnaire that does not take wording from the config', () => {
    const build = () => questionnaireCatalogue({ wording: { 'phq-9': wsasWording }, definitions: [] }, []);
    expect(build).toThrow(QuestionnaireConfigError);
    expect(build).toThrow(/wording for "phq-9", but only wsas and iapt-phobia take their wording/);
  });

  it('refuses broken wording even when no stage asks for the measure', () => {
    const wording = { wsas: { ...wsasWording, items: {} } };
    expect(() => questionnaireCatalogue({ wording, definitions: [] }, ['phq-9'])).toThrow(
      /no text for item "wsas_work"/,
    );
  });

  it('gives its errors the name QuestionnaireConfigError', () => {
    try {
      questionnaireCatalogue({ wording: {}, definitions: [] }, ['nope']);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).name).toBe('QuestionnaireConfigError');
    }
  });
});
