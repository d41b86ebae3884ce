// The one route table. The CDK stack adds each route to the HTTP API with the Lambda named here,
// the local server dispatches with it, and each Lambda's router must handle exactly its own
// routes (checked by the type system). API Gateway puts the matched `routeKey` in the event,
// so a Lambda never matches paths again.

import type { IntegrationScope } from '../domain/integration-scopes.js';

export const lambdaNames = [
  'patient-session',
  'questionnaires',
  'integration',
  'staff-auth',
  'staff',
  'staff-setup',
  'appointments',
  'staff-calendar',
  'staff-appointments',
  'staff-records',
  'integration-records',
  'records',
  'public-requests',
  'staff-reports',
  'integration-reports',
] as const;
export type LambdaName = (typeof lambdaNames)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `{id}` for a path parameter. */
  readonly path: string;
  readonly lambda: LambdaName;
}

export const routes = [
  // Patient pages (server-rendered HTML, forms post back)
  { method: 'GET', path: '/', lambda: 'patient-session' },
  { method: 'GET', path: '/sign-in', lambda: 'patient-session' },
  { method: 'POST', path: '/sign-in', lambda: 'patient-session' },
  { method: 'POST', path: '/sign-out', lambda: 'patient-session' },
  { method: 'GET', path: '/signed-out', lambda: 'patient-session' },
  { method: 'GET', path: '/home', lambda: 'patient-session' },
  // Patient JSON API (API.md)
  { method: 'POST', path: '/api/patient/session', lambda: 'patient-session' },
  { method: 'DELETE', path: '/api/patient/session', lambda: 'patient-session' },
  // Contact preferences (F4): texts or email, or no texts; the page, then the same as JSON
  { method: 'GET', path: '/contact-preferences', lambda: 'patient-session' },
  { method: 'POST', path: '/contact-preferences', lambda: 'patient-session' },
  { method: 'GET', path: '/api/patient/contact-preferences', lambda: 'patient-session' },
  { method: 'PUT', path: '/api/patient/contact-preferences', lambda: 'patient-session' },
  // Questionnaires (F5 to F9): pages, then the same as JSON
  { method: 'GET', path: '/questionnaires', lambda: 'questionnaires' },
  { method: 'GET', path: '/questionnaires/{id}', lambda: 'questionnaires' },
  { method: 'POST', path: '/questionnaires/{id}', lambda: 'questionnaires' },
  { method: 'GET', path: '/urgent-help', lambda: 'questionnaires' },
  { method: 'GET', path: '/api/patient/questionnaires', lambda: 'questionnaires' },
  { method: 'GET', path: '/api/patient/questionnaires/{id}', lambda: 'questionnaires' },
  { method: 'POST', path: '/api/patient/questionnaires/{id}/responses', lambda: 'questionnaires' },
  // Integration API for EPR systems (API.md)
  { method: 'POST', path: '/api/v1/patients', lambda: 'integration' },
  { method: 'PATCH', path: '/api/v1/patients/{id}', lambda: 'integration' },
  { method: 'POST', path: '/api/v1/patients/{id}/secure-id', lambda: 'integration' },
  { method: 'GET', path: '/api/v1/patients/{id}/questionnaire-responses', lambda: 'integration' },
  { method: 'POST', path: '/api/v1/appointments', lambda: 'integration' },
  { method: 'POST', path: '/api/v1/appointments/{id}/cancel', lambda: 'integration' },
  { method: 'GET', path: '/api/v1/clinicians', lambda: 'integration' },
  { method: 'GET', path: '/api/v1/service-types', lambda: 'integration' },
  { method: 'GET', path: '/api/v1/questionnaires/{id}', lambda: 'integration' },
  // Staff console: OpenID Connect sign-in and out (its own Lambda: only it carries the OIDC
  // client library), then the console's pages under /staff and JSON under /api/staff (API.md)
  { method: 'GET', path: '/staff', lambda: 'staff' },
  { method: 'GET', path: '/staff/sign-in', lambda: 'staff-auth' },
  { method: 'GET', path: '/staff/callback', lambda: 'staff-auth' },
  { method: 'POST', path: '/staff/sign-out', lambda: 'staff-auth' },
  { method: 'GET', path: '/staff/signed-out', lambda: 'staff-auth' },
  { method: 'GET', path: '/api/staff/me', lambda: 'staff' },
  // The console (issue "Staff"): to-dos, patients, their records and audit trails; pages, then JSON
  { method: 'GET', path: '/staff/todos', lambda: 'staff' },
  { method: 'POST', path: '/staff/todos/{id}/acknowledge', lambda: 'staff' },
  { method: 'GET', path: '/staff/patients', lambda: 'staff' },
  { method: 'GET', path: '/staff/patients/{id}', lambda: 'staff' },
  { method: 'POST', path: '/staff/patients/{id}/stage', lambda: 'staff' },
  // A new Secure ID queues the welcome: served where the SQS and KMS clients are (staff-secure-id.ts)
  { method: 'POST', path: '/staff/patients/{id}/secure-id', lambda: 'staff-appointments' },
  { method: 'GET', path: '/staff/patients/{id}/audit', lambda: 'staff' },
  { method: 'GET', path: '/api/staff/todos', lambda: 'staff' },
  { method: 'POST', path: '/api/staff/todos/{id}/acknowledge', lambda: 'staff' },
  { method: 'GET', path: '/api/staff/patients', lambda: 'staff' },
  { method: 'GET', path: '/api/staff/patients/{id}', lambda: 'staff' },
  { method: 'GET', path: '/api/staff/patients/{id}/audit', lambda: 'staff' },
  { method: 'POST', path: '/api/staff/patients/{id}/secure-id', lambda: 'staff-appointments' },
  // Service set-up (admins; docs/appointments.md): `new` as the id is the add form. Pages, then JSON
  { method: 'GET', path: '/staff/setup', lambda: 'staff-setup' },
  { method: 'GET', path: '/staff/setup/clinicians/{id}', lambda: 'staff-setup' },
  { method: 'POST', path: '/staff/setup/clinicians/{id}', lambda: 'staff-setup' },
  { method: 'GET', path: '/staff/setup/locations/{id}', lambda: 'staff-setup' },
  { method: 'POST', path: '/staff/setup/locations/{id}', lambda: 'staff-setup' },
  { method: 'GET', path: '/staff/setup/service-types/{id}', lambda: 'staff-setup' },
  { method: 'POST', path: '/staff/setup/service-types/{id}', lambda: 'staff-setup' },
  { method: 'GET', path: '/staff/setup/clinicians/{id}/schedule', lambda: 'staff-setup' },
  { method: 'POST', path: '/staff/setup/clinicians/{id}/schedule', lambda: 'staff-setup' },
  { method: 'GET', path: '/staff/setup/clinicians/{id}/blackouts', lambda: 'staff-setup' },
  { method: 'POST', path: '/staff/setup/clinicians/{id}/blackouts', lambda: 'staff-setup' },
  {
    method: 'POST',
    path: '/staff/setup/clinicians/{id}/blackouts/{blackoutId}/remove',
    lambda: 'staff-setup',
  },
  { method: 'GET', path: '/api/staff/setup', lambda: 'staff-setup' },
  { method: 'POST', path: '/api/staff/setup/clinicians', lambda: 'staff-setup' },
  { method: 'PUT', path: '/api/staff/setup/clinicians/{id}', lambda: 'staff-setup' },
  { method: 'POST', path: '/api/staff/setup/locations', lambda: 'staff-setup' },
  { method: 'PUT', path: '/api/staff/setup/locations/{id}', lambda: 'staff-setup' },
  { method: 'POST', path: '/api/staff/setup/service-types', lambda: 'staff-setup' },
  { method: 'PUT', path: '/api/staff/setup/service-types/{id}', lambda: 'staff-setup' },
  { method: 'PUT', path: '/api/staff/setup/clinicians/{id}/schedule', lambda: 'staff-setup' },
  { method: 'GET', path: '/api/staff/setup/clinicians/{id}/blackouts', lambda: 'staff-setup' },
  { method: 'POST', path: '/api/staff/setup/clinicians/{id}/blackouts', lambda: 'staff-setup' },
  {
    method: 'DELETE',
    path: '/api/staff/setup/clinicians/{id}/blackouts/{blackoutId}',
    lambda: 'staff-setup',
  },
  // Operations (API.md): the synthetic check's health endpoint, served by the smallest Lambda
  // that has both the table and the HMAC key
  { method: 'GET', path: '/api/health', lambda: 'patient-session' },
  // Patients' appointments (F10, F11, F15; docs/appointments.md): free times, requests, cancelling
  { method: 'GET', path: '/appointments', lambda: 'appointments' },
  { method: 'GET', path: '/appointments/request', lambda: 'appointments' },
  { method: 'GET', path: '/appointments/confirm-request', lambda: 'appointments' },
  { method: 'POST', path: '/appointments/request', lambda: 'appointments' },
  { method: 'POST', path: '/appointments/requests/{id}/cancel', lambda: 'appointments' },
  { method: 'POST', path: '/appointments/{id}/cancel', lambda: 'appointments' },
  { method: 'GET', path: '/api/patient/availability', lambda: 'appointments' },
  { method: 'POST', path: '/api/patient/appointment-requests', lambda: 'appointments' },
  { method: 'DELETE', path: '/api/patient/appointment-requests/{id}', lambda: 'appointments' },
  { method: 'GET', path: '/api/patient/appointments', lambda: 'appointments' },
  { method: 'POST', path: '/api/patient/appointments/{id}/cancel', lambda: 'appointments' },
  // The staff calendar (issue 14, "Calendar", "Cancel and move"; docs/appointments.md): a
  // clinician's week, staff cancelling and moving appointments. Pages, then JSON
  { method: 'GET', path: '/staff/calendar', lambda: 'staff-calendar' },
  { method: 'GET', path: '/staff/appointments/{id}/cancel', lambda: 'staff-calendar' },
  { method: 'POST', path: '/staff/appointments/{id}/cancel', lambda: 'staff-calendar' },
  { method: 'GET', path: '/staff/appointments/{id}/move', lambda: 'staff-calendar' },
  { method: 'POST', path: '/staff/appointments/{id}/move', lambda: 'staff-calendar' },
  { method: 'GET', path: '/api/staff/calendar', lambda: 'staff-calendar' },
  { method: 'POST', path: '/api/staff/appointments/{id}/cancel', lambda: 'staff-calendar' },
  { method: 'POST', path: '/api/staff/appointments/{id}/move', lambda: 'staff-calendar' },
  // The public new-patient request form (F10, F17; docs/appointments.md): no session. Pages, then
  // JSON. A Lambda of its own so that the patients' appointments Lambda stays under the bundle limit
  { method: 'GET', path: '/request-an-appointment', lambda: 'public-requests' },
  { method: 'GET', path: '/request-an-appointment/details', lambda: 'public-requests' },
  { method: 'POST', path: '/request-an-appointment', lambda: 'public-requests' },
  { method: 'GET', path: '/request-an-appointment/check-email', lambda: 'public-requests' },
  { method: 'GET', path: '/request-an-appointment/verify', lambda: 'public-requests' },
  { method: 'POST', path: '/request-an-appointment/verify', lambda: 'public-requests' },
  { method: 'POST', path: '/api/public/appointment-requests', lambda: 'public-requests' },
  // Staff decide appointment requests (F13, F14; docs/appointments.md, "Staff decisions"): pages, then JSON
  { method: 'GET', path: '/staff/requests', lambda: 'staff-appointments' },
  { method: 'GET', path: '/staff/requests/{id}', lambda: 'staff-appointments' },
  { method: 'POST', path: '/staff/requests/{id}/approve', lambda: 'staff-appointments' },
  { method: 'POST', path: '/staff/requests/{id}/deny', lambda: 'staff-appointments' },
  { method: 'GET', path: '/api/staff/appointment-requests', lambda: 'staff-appointments' },
  { method: 'GET', path: '/api/staff/appointment-requests/{id}', lambda: 'staff-appointments' },
  { method: 'POST', path: '/api/staff/appointment-requests/{id}/approve', lambda: 'staff-appointments' },
  { method: 'POST', path: '/api/staff/appointment-requests/{id}/deny', lambda: 'staff-appointments' },
  // Outcomes and records (issue 16; docs/outcomes.md): staff forms on the patient page (the page
  // is the console's), then the integration API's episodes and attendance (docs/API.md)
  { method: 'POST', path: '/staff/patients/{id}/discharge', lambda: 'staff-records' },
  { method: 'POST', path: '/staff/patients/{id}/referral', lambda: 'staff-records' },
  { method: 'POST', path: '/staff/appointments/{id}/attendance', lambda: 'staff-records' },
  // Subject access produced by staff (F27; docs/information-governance.md): the page, then JSON
  { method: 'GET', path: '/staff/patients/{id}/my-data', lambda: 'staff-reports' },
  { method: 'GET', path: '/staff/patients/{id}/my-data.json', lambda: 'staff-reports' },
  { method: 'POST', path: '/api/v1/patients/{id}/discharge', lambda: 'integration-records' },
  { method: 'POST', path: '/api/v1/patients/{id}/referrals', lambda: 'integration-records' },
  // The service outcomes report (F26; docs/outcomes.md): the staff page and its CSV, then the API
  { method: 'GET', path: '/staff/reports/outcomes', lambda: 'staff-reports' },
  { method: 'GET', path: '/staff/reports/outcomes.csv', lambda: 'staff-reports' },
  { method: 'GET', path: '/api/v1/reports/outcomes', lambda: 'integration-reports' },
  // The patient's records (issue 16; docs/information-governance.md): consent to share (F25),
  // letters (F24), everything held about them (F27). Pages, then JSON
  { method: 'GET', path: '/consents', lambda: 'records' },
  { method: 'POST', path: '/consents', lambda: 'records' },
  { method: 'POST', path: '/consents/{id}/withdraw', lambda: 'records' },
  { method: 'GET', path: '/api/patient/consents', lambda: 'records' },
  { method: 'POST', path: '/api/patient/consents', lambda: 'records' },
  { method: 'DELETE', path: '/api/patient/consents/{id}', lambda: 'records' },
  { method: 'POST', path: '/api/v1/appointments/{id}/attendance', lambda: 'integration-records' },
  // The GP report (F24; docs/outcomes.md, "The GP report"): staff produce and view it, the EPR fetches it
  { method: 'GET', path: '/staff/patients/{id}/gp-report', lambda: 'staff-records' },
  { method: 'POST', path: '/staff/patients/{id}/gp-report', lambda: 'staff-records' },
  { method: 'GET', path: '/staff/patients/{id}/gp-report/pdf', lambda: 'staff-records' },
  { method: 'GET', path: '/staff/patients/{id}/consents', lambda: 'staff-records' },
  { method: 'POST', path: '/staff/patients/{id}/consents', lambda: 'staff-records' },
  {
    method: 'POST',
    path: '/staff/patients/{id}/consents/{consentId}/withdraw',
    lambda: 'staff-records',
  },
  { method: 'GET', path: '/api/v1/patients/{id}/gp-report', lambda: 'integration-records' },
  { method: 'GET', path: '/letters', lambda: 'records' },
  { method: 'GET', path: '/letters/{id}', lambda: 'records' },
  { method: 'GET', path: '/api/patient/letters', lambda: 'records' },
  { method: 'GET', path: '/api/patient/letters/{id}', lambda: 'records' },
  { method: 'GET', path: '/my-data', lambda: 'records' },
  { method: 'GET', path: '/api/patient/my-data', lambda: 'records' },
  // Consent recorded and withdrawn by the EPR (F25; docs/information-governance.md)
  { method: 'POST', path: '/api/v1/patients/{id}/consents', lambda: 'integration-records' },
  { method: 'DELETE', path: '/api/v1/patients/{id}/consents/{consentId}', lambda: 'integration-records' },
] as const satisfies readonly RouteSpec[];

/**
 * API Gateway's catch-all: a request that no route above matches (an unknown path, or a known
 * path with another method) goes to this Lambda with routeKey `$default`. It has no handler, so
 * the router answers 404 as an NHS page, or the JSON error under /api/: API Gateway's own
 * `{"message":"Not Found"}` never reaches a patient.
 */
export const defaultRoute = { routeKey: '$default', lambda: 'patient-session' } as const satisfies {
  readonly routeKey: string;
  readonly lambda: LambdaName;
};

type Route = (typeof routes)[number];
export type RouteKey = `${Route['method']} ${Route['path']}`;
/** The route keys one Lambda serves, e.g. `RouteKeyOf<'integration'>`. */
export type RouteKeyOf<L extends LambdaName> =
  Extract<Route, { lambda: L }> extends infer R
    ? R extends Route
      ? `${R['method']} ${R['path']}`
      : never
    : never;

export const routeKey = (route: RouteSpec): string => `${route.method} ${route.path}`;

export const routesOf = (lambda: LambdaName): readonly RouteSpec[] =>
  routes.filter((r) => r.lambda === lambda);

/** Where a Lambda's entry file lives; CDK bundles it and the local server imports it. */
export const entryFileOf = (lambda: LambdaName): string => `functions/${lambda}.ts`;

/**
 * The scope an integration key needs for each /api/v1 route (docs/API.md). Typed by the route
 * table, so a new integration route does not compile until it names its scope. The clinician and
 * service-type lists are what an EPR reads to book, so they come with `appointments:write`.
 */
export const integrationRouteScopes: Record<
  RouteKeyOf<'integration'> | RouteKeyOf<'integration-records'> | RouteKeyOf<'integration-reports'>,
  IntegrationScope
> = {
  'POST /api/v1/patients': 'patients:write',
  'PATCH /api/v1/patients/{id}': 'patients:write',
  'POST /api/v1/patients/{id}/secure-id': 'patients:write',
  'GET /api/v1/patients/{id}/questionnaire-responses': 'responses:read',
  'POST /api/v1/appointments': 'appointments:write',
  'POST /api/v1/appointments/{id}/cancel': 'appointments:write',
  'GET /api/v1/clinicians': 'appointments:write',
  'GET /api/v1/service-types': 'appointments:write',
  // integration-records (issue 16)
  'POST /api/v1/patients/{id}/discharge': 'patients:write',
  'POST /api/v1/patients/{id}/referrals': 'patients:write',
  'GET /api/v1/questionnaires/{id}': 'responses:read',
  'POST /api/v1/appointments/{id}/attendance': 'appointments:write',
  // The GP report holds the patient's scores: read as the questionnaire responses are.
  'GET /api/v1/patients/{id}/gp-report': 'responses:read',
  'POST /api/v1/patients/{id}/consents': 'patients:write',
  'DELETE /api/v1/patients/{id}/consents/{consentId}': 'patients:write',
  'GET /api/v1/reports/outcomes': 'reports:read',
};

/** Undefined for a route outside the integration API (its requests are then refused). */
export const scopeOfRoute = (key: string): IntegrationScope | undefined =>
  (integrationRouteScopes as Record<string, IntegrationScope | undefined>)[key];
