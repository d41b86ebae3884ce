import { randomUUID } from 'node:crypto';
import type { Letter } from '../data/letters.js';
import type { Deps } from '../deps.js';
import type { AuditAction, AuditEvent } from '../domain/audit.js';
import { episodeOutcome, type EpisodeInput } from '../domain/outcomes/episode-outcome.js';
import { type EndedEpisode, type GpReportContent, gpReportContent } from '../domain/outcomes/gp-report.js';
import type { PatientRecord } from '../domain/patient.js';
import type { StaffPrincipal } from '../domain/staff.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { type GpReportDocument, gpReportDocument, outcomeText } from '../web/gp-report/gp-report-document.js';
import { renderGpReportPdf } from '../web/gp-report/gp-report-pdf.js';
import { gpReportMessages } from '../web/messages.js';

// The GP report (F24; docs/outcomes.md, "The GP report"): produced ONCE per ended episode, by a
// clinician at discharge or by the EPR's first fetch, whichever comes first. Production renders
// the PDF and files, in ONE transaction (shared/data/letters.ts), the letter with its bytes and
// JSON, the audit entry and the notice telling the patient a letter is in their portal. Every
// later fetch serves the stored bytes, so the GP's copy and the patient's are the same bytes by
// construction, and a second or concurrent production gets the first one's letter.

/** The report's JSON (API.md): the content, and the outcome in the words the PDF uses. */
export type GpReportJson = GpReportContent & { readonly outcomeText: string };

/** Who produced or fetched the report, for the audit log. */
export type GpReportActor =
  | { readonly kind: 'staff'; readonly principal: StaffPrincipal; readonly requestId: string }
  | { readonly kind: 'integration'; readonly keyId?: string | undefined; readonly requestId: string };

/** A GP report as stored: the letter whole, its JSON and the words it was drawn from. */
export interface GpReport {
  readonly letter: Letter;
  readonly json: GpReportJson;
  readonly document: GpReportDocument;
}

export const auditEventOf = (
  deps: Pick<Deps, 'clock'>,
  actor: GpReportActor,
  patientId: string,
  action: AuditAction,
  detail: string,
): AuditEvent => ({
  id: randomUUID(),
  patientId,
  at: deps.clock().toISOString(),
  ...(actor.kind === 'staff'
    ? { actor: actor.principal.email, role: actor.principal.role }
    : { actor: actor.keyId ? `integration key ${actor.keyId}` : 'integration key', role: 'integration' }),
  action,
  requestId: actor.requestId,
  detail,
});

const reportOf = (letter: Letter): GpReport => ({
  letter,
  json: JSON.parse(letter.json) as GpReportJson,
  document: JSON.parse(letter.view) as GpReportDocument,
});

/** The episode's report if one was produced. */
export const storedGpReport = async (
  deps: Pick<Deps, 'letters'>,
  patientId: string,
  episodeId: string,
): Promise<GpReport | null> => {
  const letter = await deps.letters.ofEpisode(patientId, 'gp-report', episodeId);
  return letter ? reportOf(letter) : null;
};

/**
 * Produces the episode's report, or returns the one already produced (`created` false). `input` is
 * the episode's own scores and attended sessions (episodeInputOf); the patient's details are as
 * they are now, and stay in the letter as they were.
 */
export const produceGpReport = async (
  deps: Pick<Deps, 'letters' | 'notices' | 'auditLog' | 'service' | 'clock'>,
  patient: Pick<PatientRecord, 'id' | 'givenName' | 'familyName' | 'dateOfBirth' | 'externalId'>,
  episode: EndedEpisode,
  input: EpisodeInput,
  actor: GpReportActor,
): Promise<{ readonly created: boolean; readonly report: GpReport }> => {
  const existing = await storedGpReport(deps, patient.id, episode.id);
  if (existing) return { created: false, report: existing };
  const now = deps.clock();
  const content = gpReportContent(episode, episodeOutcome(input, deps.service.outcomes.combinedMeasures));
  const json: GpReportJson = { ...content, outcomeText: outcomeText(content) };
  const document = gpReportDocument(content, { service: deps.service, patient, producedAt: now });
  const pdf = await renderGpReportPdf(document, { producedAt: now, author: deps.service.name });
  const letter: Letter = {
    id: randomUUID(),
    patientId: patient.id,
    kind: 'gp-report',
    episodeId: episode.id,
    title: gpReportMessages.letterTitle,
    createdAt: now.toISOString(),
    pdf,
    json: JSON.stringify(json),
    view: JSON.stringify(document),
  };
  const notice = prepareNotice(deps.service, {
    id: randomUUID(),
    kind: 'letterAvailable',
    to: { patientId: patient.id },
    values: {},
    createdAt: now,
  });
  const filed = await deps.letters.fileOnce(letter, [
    deps.notices.pendingItem(notice),
    deps.auditLog.appendItem(
      auditEventOf(
        deps,
        actor,
        patient.id,
        'produced-gp-report',
        `episode ${episode.id}, letter ${letter.id}`,
      ),
    ),
  ]);
  return {
    created: filed.created,
    report: filed.created ? { letter, json, document } : reportOf(filed.letter),
  };
};

/** Audits one fetch of a report (the page, the PDF or the JSON) by staff or an EPR. */
export const auditGpReportFetch = (
  deps: Pick<Deps, 'auditLog' | 'clock'>,
  actor: GpReportActor,
  report: GpReport,
  format: 'html' | 'pdf' | 'json',
): Promise<void> =>
  deps.auditLog.append(
    auditEventOf(
      deps,
      actor,
      report.letter.patientId,
      'viewed-gp-report',
      `episode ${report.letter.episodeId}, letter ${report.letter.id}, ${format}`,
    ),
  );
