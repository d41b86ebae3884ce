// The commented starting config that `npm run service:new -- <id>` writes (docs/new-service.md):
// every setting a service makes, with a safe example value and a line on what it does, so an
// admin edits a file rather than reading the schema. Comments are allowed in service configs
// (shared/config/service-config.ts reads them as JSON with comments). It parses as it is, so the
// first `cdk synth` works before anything is changed; the examples under example.nhs.uk must be
// replaced before a real deploy.

const titleOf = (id: string): string =>
  id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

export const newServiceConfigText = (id: string): string => {
  const name = `${titleOf(id)} Talking Therapies`;
  const domain = `${id}.example.nhs.uk`;
  return `// ${name}: the portal's settings for this service. \`cdk synth -c service=${id}\` checks
// every value and says, in plain words, what is wrong. Change each example.nhs.uk address.
{
  // Lower-case letters, digits and hyphens; the file's name, the stack's name and every alarm's.
  "id": "${id}",
  // Shown on every page and message.
  "name": "${name}",
  // The number patients call; shown on pages and in messages.
  "phone": "01632 960 000",
  "phoneHours": "Monday to Friday, 9am to 5pm",
  // Appointment times are shown and booked in this zone (clock changes included).
  "timeZone": "Europe/London",
  // Where patients reach the portal: links in messages. Leave out until the address is known.
  "portalUrl": "https://portal.${domain}",
  // Optional: the portal's own host name with an ACM certificate in us-east-1 (CloudFront's rule).
  // "customDomain": { "domainName": "portal.${domain}", "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" },

  // Every alarm of the stack emails this address (docs/runbook.md): someone must read it.
  "alarmEmail": "portal-alarms@${domain}",

  // Logo (beside this file, e.g. ${id}/logo.svg), colours and sign-in instructions (docs/branding.md).
  // Each colour must reach WCAG AA contrast, or synth stops with the ratio.
  "branding": {
    "colours": { "header": "#005eb8", "headerText": "#ffffff", "link": "#005eb8", "button": "#007f3b", "buttonText": "#ffffff" },
    "instructions": "Your Secure ID is in the text message or email we sent when you were referred."
  },

  // Clinicians: "visible": false keeps one out of patients' choices. "staffEmail" links a
  // clinician's staff sign-in to them (their to-dos, their calendar).
  "clinicians": [
    { "id": "first-clinician", "name": "First Clinician", "visible": true, "staffEmail": "first.clinician@${domain}" }
  ],
  // What can be booked: length, time kept free after, and who may ask for it from the portal
  // ("new-patients" for intakes, "existing-patients" for sessions, or "nobody").
  "serviceTypes": [
    { "id": "assessment", "name": "Assessment", "durationMinutes": 60, "bufferMinutes": 0, "requestableBy": "new-patients" },
    { "id": "session", "name": "Therapy session", "durationMinutes": 50, "bufferMinutes": 10, "requestableBy": "existing-patients" }
  ],
  // Booking rules: who may see free times and ask ("everyone", "existing-patients", "nobody"),
  // the cancellation cut-off, the minimum notice and how far ahead free times are offered.
  // Pending requests expire after this many working days; the public form's spam limits.
  "appointments": {
    "portal": "existing-patients", "cancelCutoffHours": 24, "minimumNoticeHours": 24, "horizonDays": 56,
    "requestExpiryWorkingDays": 5,
    "publicRequestLimits": { "perEmail": 3, "perNetwork": 20, "windowHours": 24 }
  },

  // Questionnaires due before appointments, by stage of care. WSAS and the phobia scale need the
  // service's licensed wording under "wording", its items and the words on its scale points
  // ("anchors"; see infra/services/demo.json).
  "questionnaires": {
    "windowHours": 72,
    "stages": { "assessment": ["phq-9", "gad-7"], "treatment": ["phq-9", "gad-7"], "discharge": ["phq-9", "gad-7"] }
  },

  // Texts and emails (docs/messages.md): the SMS sender ID (up to 11 letters and digits), the
  // address emails come from (verified in SES) and patients reply to, the duty address told of
  // risk to-dos, and how many hours before an appointment the reminder goes.
  "messages": {
    "smsSenderId": "${titleOf(id)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 9)}TT",
    "emailFrom": "reminders@${domain}",
    "replyTo": "appointments@${domain}",
    "dutyEmail": "duty@${domain}",
    // Told when an appointment request arrives (with the requested clinician's staffEmail).
    "schedulersEmail": "bookings@${domain}",
    "reminderLeadHours": 48
  },
  // Optional: your own wording for any message (docs/messages.md lists the kinds and placeholders).
  // "messageTemplates": { "reminder": { "sms": "{serviceName}: your appointment is on {date} at {time}. {portalUrl}" } },

  // Optional: sign staff in with your own identity provider (NHS CIS2, Entra ID) instead of the
  // stack's Cognito user pool; roles map the claim's values to admin, clinician or scheduler.
  // "staffIdentityProvider": { "issuer": "https://login.example.nhs.uk", "clientId": "portal", "roleClaim": "roles", "roles": { "portal-admin": "admin" } },

  // When operators' alarms fire: an open risk to-do older than this many working days, and this
  // many failed patient sign-ins in 15 minutes (docs/runbook.md).
  "operations": { "riskReviewLimitWorkingDays": 1, "failedSignInsAlarmThreshold": 50 },
  // The web application firewall in us-east-1 (docs/runbook.md, "WAF"). Turning it off is a finding.
  "waf": { "enabled": true },
  // How outcomes combine PHQ-9 and GAD-7, and the small-number threshold of reports (docs/outcomes.md).
  "outcomes": { "combinedMeasures": "reference-default", "suppressionThreshold": 7 },

  // The AWS account and region the stack is deployed to.
  "deployment": { "region": "eu-west-2" }
}
`;
};
