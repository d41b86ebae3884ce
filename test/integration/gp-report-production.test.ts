import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../shared/deps.js';
import type { EpisodeInput } from '../../shared/domain/outcomes/episode-outcome.js';
import { type GpReportActor, produceGpReport } from '../../shared/outcomes/gp-report.js';
import { gpReportMessages, outcomeMessages } from '../../shared/web/messages.js';
import { createFixture, type Fixture } from '../support/portal-fixture.js';

// Producing the GP report (F24) on DynamoDB Local: one letter per episode with its notice and
// audit entry in the same transaction, the stored bytes served from then on.

let fx: Fixture;
let deps: Deps;
beforeAll(async () => {
  fx = await createFixture({ start: new Date('2026-11-20T17:00:00.000Z') });
  deps = fx.deps;
});

const input: EpisodeInput = {
  ended: true,
  treatmentSessionsAttended: 5,
  scores: [
    { questionnaireId: 'phq-9', date: '2026-09-02', total: 16, severity: 'Moderately severe' },
    { questionnaireId: 'gad-7', date: '2026-09-02', total: 12, severity: 'Moderate' },
    { questionnaireId: 'phq-9', date: '2026-11-18', total: 7, severity: 'Mild' },
    { questionnaireId: 'gad-7', date: '2026-11-18', total: 5, severity: 'Mild' },
  ],
};

const clinician: GpReportActor = {
  kind: 'staff',
  principal: { sub: 's1', email: 'clinician@example.nhs.uk', role: 'clinician', clinicianId: 'clin-a' },
  requestId: 'req-1',
};

const episodeFor = () => ({
  id: randomUUID(),
  startedAt: '2026-09-01T09:00:00.000Z',
  endedAt: '2026-11-20T16:00:00.000Z',
});

const noticesOf = async (patientId: string) => {
  const { ids } = await deps.notices.pending();
  const all = await Promise.all(ids.map((id) => deps.notices.get(id)));
  return all.filter((n) => n?.patientId === patientId);
};

describe('produceGpReport', () => {
  it('files the letter, a notice to the patient and an audit entry, and the stored PDF is the one produced', async () => {
    const { patient } = await fx.addPatient();
    const episode = episodeFor();

    const { created, report } = await produceGpReport(deps, patient, episode, input, clinician);

    expect(created).toBe(true);
    expect(report.json).toMatchObject({
      episodeId: episode.id,
      sessionsAttended: 5,
      caseness: true,
      outcome: 'reliable-recovery',
      outcomeText: outcomeMessages.summary['reliable-recovery'],
      measures: {
        'phq-9': { first: 16, firstBand: 'Moderately severe', last: 7, lastBand: 'Mild' },
        wsas: null,
      },
    });
    const stored = await deps.letters.pdf(patient.id, report.letter.id);
    expect(Buffer.from(stored ?? [])).toEqual(Buffer.from(report.letter.pdf));
    expect((await PDFDocument.load(stored ?? new Uint8Array())).getTitle()).toBe(
      gpReportMessages.letterTitle,
    );
    const notices = await noticesOf(patient.id);
    expect(notices.map((n) => n?.kind)).toEqual(['letterAvailable']);
    // No clinical detail in what is sent: neither a score nor the outcome.
    expect(`${notices[0]?.sms} ${notices[0]?.text}`).not.toMatch(/PHQ|GAD|recover|score|\b16\b/i);
    const audit = await deps.auditLog.forPatient(patient.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'produced-gp-report',
        actor: 'clinician@example.nhs.uk',
        role: 'clinician',
        requestId: 'req-1',
        detail: `episode ${episode.id}, letter ${report.letter.id}`,
      }),
    ]);
  });

  it('produces once per episode: a later production gets the same letter and sends nothing more', async () => {
    const { patient } = await fx.addPatient();
    const episode = episodeFor();
    const first = await produceGpReport(deps, patient, episode, input, clinician);
    fx.clock.advanceSeconds(3600);

    const second = await produceGpReport(deps, patient, episode, input, {
      kind: 'integration',
      keyId: 'k1',
      requestId: 'req-2',
    });

    expect(second.created).toBe(false);
    expect(second.report.letter.id).toBe(first.report.letter.id);
    expect(Buffer.from(second.report.letter.pdf)).toEqual(Buffer.from(first.report.letter.pdf));
    expect(await noticesOf(patient.id)).toHaveLength(1);
    expect((await deps.auditLog.forPatient(patient.id)).map((e) => e.action)).toEqual(['produced-gp-report']);
  });

  it('gives two concurrent productions the same letter, with one notice and one production audited', async () => {
    const { patient } = await fx.addPatient();
    const episode = episodeFor();

    const [a, b] = await Promise.all([
      produceGpReport(deps, patient, episode, input, clinician),
      produceGpReport(deps, patient, episode, input, {
        kind: 'integration',
        keyId: 'k1',
        requestId: 'req-3',
      }),
    ]);

    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(a.report.letter.id).toBe(b.report.letter.id);
    expect(Buffer.from(a.report.letter.pdf)).toEqual(Buffer.from(b.report.letter.pdf));
    expect(await deps.letters.ofPatient(patient.id)).toHaveLength(1);
    expect(await noticesOf(patient.id)).toHaveLength(1);
    expect((await deps.auditLog.forPatient(patient.id)).map((e) => e.action)).toEqual(['produced-gp-report']);
  });

  it('keeps each episode\u2019s report: a later episode gets a letter of its own', async () => {
    const { patient } = await fx.addPatient();
    await produceGpReport(deps, patient, episodeFor(), input, clinician);

    await produceGpReport(deps, patient, episodeFor(), input, clinician);

    expect(await deps.letters.ofPatient(patient.id)).toHaveLength(2);
  });
});
