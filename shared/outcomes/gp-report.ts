import { randomUUID } from 'node:crypto';
import type { Letter } from '../data/letters.js';
import type { Deps } from '../deps.js';
import type { AuditAction, AuditEvent } from '../domain/audit.js';
import { episodeOutcome, type EpisodeInput } from '../domain/outcomes/episode-outcome.js';
import { type EndedEpisode, type GpReportContent, gpReportContent } from '../domain/outcomes/gp-report.js';
import { isGpRecipient } from '../domain/consent.js';
import type { PatientRecord } from '../domain/patient.js';
import type { StaffPrincipal } from '../domain/staff.js';
import { allows, isOwnPatient } from '../domain/staff-access.js';
import { requireConsent } from '../consents/require-consent.js';
import { prepareNotice } from '../messages/prepare-notice.js';
import { episodeInputOf } from './episode-input.js';
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

/** The audit log's "who" and role of an actor. */
const whoOf = (actor: GpReportActor): { readonly actor: string; readonly role: string } =>
  actor.kind === 'staff'
    ? { actor: actor.principal.email, role: actor.principal.role }
    : { actor: actor.keyId ? `integration key ${actor.keyId}` : 'integration key', role: 'integration' };

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
  ...whoOf(actor),
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
  recipient?: string,
): Promise<void> =>
  deps.auditLog.append(
    auditEventOf(
      deps,
      actor,
      report.letter.patientId,
      'viewed-gp-report',
      // A recipient other than the GP (consented) is named, as requireConsent names a refused one.
      `episode ${report.letter.episodeId}, letter ${report.letter.id}, ${format}${
        isGpRecipient(recipient) ? '' : ` for ${(recipient ?? '').trim().slice(0, 100)}`
      }`,
    ),
  );

/** Why there is no report to give. */
export type GpReportRefusal =
  'not-found' | 'forbidden' | 'no-ended-episode' | 'not-produced' | 'consent-required';

export type GpReportOutcome =
  | { readonly ok: true; readonly report: GpReport; readonly created: boolean }
  | { readonly ok: false; readonly reason: GpReportRefusal };

type ReportDeps = Pick<
  Deps,
  | 'letters'
  | 'notices'
  | 'auditLog'
  | 'service'
  | 'clock'
  | 'patients'
  | 'episodes'
  | 'responses'
  | 'appointments'
>;

/**
 * The report of the patient's last ended episode: the stored one, else (with `produce`) one
 * produced now from the episode's own scores and attended sessions.
 */
const lastEndedReport = async (
  deps: ReportDeps,
  patient: PatientRecord,
  actor: GpReportActor,
  produce: boolean,
): Promise<GpReportOutcome> => {
  const episode = await deps.episodes.lastEnded(patient.id);
  if (!episode?.endedAt) return { ok: false, reason: 'no-ended-episode' };
  const stored = await storedGpReport(deps, patient.id, episode.id);
  if (stored) return { ok: true, report: stored, created: false };
  if (!produce) return { ok: false, reason: 'not-produced' };
  const ended = { id: episode.id, startedAt: episode.startedAt, endedAt: episode.endedAt };
  const input = await episodeInputOf(deps, episode);
  const produced = await produceGpReport(deps, patient, ended, input, actor);
  return { ok: true, ...produced };
};

/**
 * The EPR's fetch (GET /api/v1/patients/{id}/gp-report): the last ended episode's report,
 * produced by this fetch if no one has yet; every fetch is audited. The report is for the GP;
 * any other `recipient` needs the patient's current consent for that party (F25), and a refusal
 * is audited by requireConsent before anything is produced.
 */
export const gpReportForIntegration = async (
  deps: ReportDeps & Pick<Deps, 'consents'>,
  patientId: string,
  actor: Extract<GpReportActor, { kind: 'integration' }>,
  format: 'json' | 'pdf',
  recipient?: string,
): Promise<GpReportOutcome> => {
  const patient = await deps.patients.get(patientId);
  if (!patient) return { ok: false, reason: 'not-found' };
  const consent = await requireConsent(deps, patientId, recipient, {
    export: 'gp-report',
    ...whoOf(actor),
    requestId: actor.requestId,
  });
  if (consent === 'consent_required') return { ok: false, reason: 'consent-required' };
  const outcome = await lastEndedReport(deps, patient, actor, true);
  if (outcome.ok) await auditGpReportFetch(deps, actor, outcome.report, format, recipient);
  return outcome;
};

/** What the staff page shows: the report if produced, and whether this person may produce it. */
export type StaffGpReport =
  | {
      readonly ok: true;
      readonly patient: PatientRecord;
      /** Null before it is produced, or while the patient has no ended episode. */
      readonly report: GpReport | null;
      readonly hasEndedEpisode: boolean;
      readonly mayProduce: boolean;
    }
  | { readonly ok: false; readonly reason: 'not-found' | 'forbidden' };

const staffReach = async (
  deps: ReportDeps,
  principal: StaffPrincipal,
  patientId: string,
): Promise<{ patient: PatientRecord; own: boolean } | null> => {
  const patient = await deps.patients.get(patientId);
  if (!patient) return null;
  const appointments = principal.role === 'clinician' ? await deps.appointments.forPatient(patientId) : [];
  return {
    patient,
    own: isOwnPatient(
      principal,
      patient,
      appointments.map((a) => a.clinicianId),
    ),
  };
};

/**
 * A member of staff looks at the report (the page, or the PDF): clinical content, so those who
 * may see answers and scores; each look at a produced report is audited.
 */
export const gpReportForStaff = async (
  deps: ReportDeps,
  actor: Extract<GpReportActor, { kind: 'staff' }>,
  patientId: string,
  format: 'html' | 'pdf',
): Promise<StaffGpReport> => {
  const reach = await staffReach(deps, actor.principal, patientId);
  if (!reach) return { ok: false, reason: 'not-found' };
  if (!allows(actor.principal, 'see answers and scores', reach.own))
    return { ok: false, reason: 'forbidden' };
  const outcome = await lastEndedReport(deps, reach.patient, actor, false);
  const report = outcome.ok ? outcome.report : null;
  if (report) await auditGpReportFetch(deps, actor, report, format);
  return {
    ok: true,
    patient: reach.patient,
    report,
    hasEndedEpisode: outcome.ok || outcome.reason === 'not-produced',
    mayProduce: allows(actor.principal, 'produce a GP report', reach.own),
  };
};

/** A clinician of the patient (or an admin) produces the report of the last ended episode. */
export const produceGpReportByStaff = async (
  deps: ReportDeps,
  actor: Extract<GpReportActor, { kind: 'staff' }>,
  patientId: string,
): Promise<GpReportOutcome> => {
  const reach = await staffReach(deps, actor.principal, patientId);
  if (!reach) return { ok: false, reason: 'not-found' };
  if (!allows(actor.principal, 'produce a GP report', reach.own)) return { ok: false, reason: 'forbidden' };
  return lastEndedReport(deps, reach.patient, actor, true);
};
