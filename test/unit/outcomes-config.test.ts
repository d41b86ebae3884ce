import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServiceConfig } from '../../shared/config/service-config.js';

// The service config selects the outcome policy and the suppression threshold (docs/outcomes.md).

const minimal = {
  id: 'north',
  name: 'North Talking Therapies',
  phone: '01632 960 002',
  clinicians: [{ id: 'clin-a', name: 'Clinician A' }],
  serviceTypes: [{ id: 'session', name: 'Session', durationMinutes: 50 }],
  questionnaires: {
    wording: JSON.parse(readFileSync('infra/services/demo.json', 'utf8')).questionnaires.wording,
  },
};

describe('service config: outcomes', () => {
  it('defaults to the reference combination of measures and a suppression threshold of 7', () => {
    expect(parseServiceConfig(minimal, 'north.json').outcomes).toEqual({
      combinedMeasures: 'reference-default',
      suppressionThreshold: 7,
    });
  });

  it('takes another named policy and threshold', () => {
    const config = parseServiceConfig(
      { ...minimal, outcomes: { combinedMeasures: 'deterioration-wins', suppressionThreshold: 4 } },
      'north.json',
    );
    expect(config.outcomes).toEqual({ combinedMeasures: 'deterioration-wins', suppressionThreshold: 4 });
  });

  it('refuses an unknown policy, naming the ones there are', () => {
    expect(() =>
      parseServiceConfig({ ...minimal, outcomes: { combinedMeasures: 'best-of' } }, 'x.json'),
    ).toThrow(/outcomes\.combinedMeasures must be one of "reference-default", "deterioration-wins"/);
  });

  it('refuses a threshold below NHS England’s own (counts under 5 hidden), or not a whole number', () => {
    expect(() => parseServiceConfig({ ...minimal, outcomes: { suppressionThreshold: 3 } }, 'x.json')).toThrow(
      /suppressionThreshold must be 4 to 100/,
    );
    expect(() =>
      parseServiceConfig({ ...minimal, outcomes: { suppressionThreshold: 7.5 } }, 'x.json'),
    ).toThrow(/suppressionThreshold must be a whole number/);
  });
});
