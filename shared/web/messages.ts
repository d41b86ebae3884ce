import type { SetupProblemCode } from '../domain/availability/setup-validation.js';
import type { CalendarDateProblem } from '../domain/calendar-date.js';
import type { StaffRole } from '../domain/staff.js';
import type { CasenessMeasure } from '../domain/outcomes/caseness.js';
import type { MeasureChange, OutcomeSummary } from '../domain/outcomes/episode-outcome.js';
import type { ReportCount, ReportDerived } from '../domain/outcomes/service-report.js';

// Every sentence a person can see, in the NHS service manual's voice: what to do, not what went
// wrong. Pages and JSON errors both read from here. No message ever includes what was typed.

export const messages = {
  secureId: {
    missing: 'Enter your Secure ID',
    malformed:
      'Enter your Secure ID as it is written in your text message or email, for example 7KQ2-M9XD-4TRB-W',
    tooLong: 'Secure ID must be 20 characters or fewer',
  },
  dateOfBirth: {
    missing: 'Enter your date of birth',
    incomplete: 'Date of birth must include a day, month and year',
    'not-a-number': 'Date of birth must be a real date, in numbers, for example 27 3 1985',
    impossible: 'Date of birth must be a real date',
    'year-too-short': 'Year must include 4 numbers',
    'in-the-future': 'Date of birth must be in the past',
    'too-long-ago': 'Date of birth must be after 1900',
  } satisfies Record<CalendarDateProblem, string>,
  api: {
    invalidJson: 'The request body must be valid JSON.',
    invalidRequest: 'The request has errors. See the fields for what to change.',
    unknownField: 'This field is not accepted here.',
    unauthorized: 'A valid integration key is required in the Authorization header.',
    notFound: 'There is nothing here.',
    internal: 'Sorry, something went wrong on our side. Try again later.',
    usePortalAddress: 'Use the portal address.',
    unavailable: 'The portal is not available at the moment. Try again later.',
    tryAgain: 'The portal is busy. Nothing was saved. Try again in a moment.',
    unsupportedMediaType: 'Send the request body as application/json.',
    patientNotFound: 'No patient has this id.',
    noAddressForPreference: 'The patient needs an address for the contact preference they chose.',
    changedMeanwhile: 'The patient was changed by another request at the same time. Try again.',
    duplicateExternalId:
      'A patient with this externalId already exists in this service. Their id is in the id field.',
    forbidden: (scope: string) => `This integration key does not have the ${scope} scope this route needs.`,
    questionnaireNotFound: 'No questionnaire of this service has this id.',
  },
  staff: {
    unauthenticated: 'Sign in to the staff console to continue.',
    forbidden: 'Your role does not allow this.',
    consoleName: 'staff console',
    homeTitle: 'Staff console',
    greeting: (email: string) => `Hello ${email}`,
    signedInAs: (role: string) => `You are signed in as ${role}.`,
    signedInAsClinician: (role: string, clinicianName: string) =>
      `You are signed in as ${role} for ${clinicianName}.`,
    todos: 'To-do list',
    todosHint: 'Risk flags and other work waiting for staff.',
    signOut: 'Sign out',
    accountLabel: 'Your account',
    signedOutTitle: 'You have signed out of the staff console',
    signInAgain: 'Sign in again',
    noAccessTitle: 'You do not have access',
    noAccessBody:
      'You signed in, but your account is not in a staff group of this service. Ask an administrator of the portal to add you to the admin, clinician or scheduler group.',
    signInFailedTitle: 'Sign in did not complete',
    signInFailedBody:
      'The sign-in link has been used already, has expired, or was started in another browser.',
    tryAgain: 'Try signing in again',
    formExpiredTitle: 'The page has expired',
    formExpiredBody: 'The page was open for too long, or cookies are switched off in your browser.',
    backToConsole: 'Go to the staff console',
    todosTitle: 'To-do list',
    patientsTitle: 'Find a patient',
    patientNotFound: 'No patient has this id.',
    stageLabel: 'Stage of care',
    changeStage: 'Save stage',
    stageInvalid: 'Select a stage of care',
    reissue: 'Issue a new Secure ID',
    reissueHint: 'The old Secure ID stops working and the patient is signed out everywhere.',
    newSecureIdTitle: 'New Secure ID issued',
    newSecureIdSent:
      'It is being sent to the patient by text message or email, as they prefer. This is the only time it is shown here; it is not stored anywhere in clear.',
    newSecureIdNotSent:
      'It could not be sent to the patient. This is the only time it is shown. Give it to the patient now; it is not stored anywhere in clear.',
    auditTitle: 'Audit trail',
    changedMeanwhile: 'The patient was changed by someone else at the same time. Try again.',
    roleNames: {
      admin: 'an administrator',
      clinician: 'a clinician',
      scheduler: 'a scheduler',
    } satisfies Record<StaffRole, string>,
  },
  fields: {
    required: 'Enter a value',
    tooLong: (max: number) => `Must be ${max} characters or fewer`,
    invalidPhone: 'Enter a UK phone number or an international number starting with +',
    invalidEmail: 'Enter an email address in the correct format, like name@example.com',
    invalidChoice: (choices: readonly string[]) => `Must be one of: ${choices.join(', ')}`,
    notText: 'Must be text',
    empty: 'Give at least one field to change',
  },
} as const;

export const signInMessages = {
  // The same words whichever of the two was wrong (F2).
  invalidCredentials:
    'We could not sign you in with the Secure ID and date of birth you entered. Check them and try again.',
  locked: 'You cannot sign in for now because there have been too many attempts.',
  disabled:
    'Your Secure ID has been locked because there have been too many attempts. Call the service to get a new Secure ID.',
  formExpired: 'The page was open for too long. Enter your details again.',
} as const;

export const sessionMessages = {
  unauthenticated: 'Sign in to continue.',
} as const;

export const scoreChartMessages = {
  measureNames: { 'phq-9': 'PHQ-9', 'gad-7': 'GAD-7' } satisfies Record<CasenessMeasure, string>,
  noAnswers: (measure: string) => `No ${measure} answers yet`,
  chartTitle: (measure: string) => `${measure} totals over time`,
  oneTotal: (measure: string, total: number, band: string, date: string) =>
    `One ${measure} total: ${total} (${band}) on ${date}.`,
  manyTotals: (count: number, measure: string, firstDate: string, lastDate: string) =>
    `${count} ${measure} totals from ${firstDate} to ${lastDate}.`,
  firstTotal: (total: number, band: string, date: string) => `First: ${total} (${band}) on ${date}.`,
  lastTotal: (total: number, band: string, date: string) => `Last: ${total} (${band}) on ${date}.`,
  scale: (max: number, caseness: number) => `Totals run from 0 to ${max}; caseness is ${caseness} or more.`,
  lastAtCaseness: 'The last total is at caseness.',
  lastBelowCaseness: 'The last total is below caseness.',
  casenessLabel: (caseness: number) => `Caseness (${caseness})`,
  tableCaption: (measure: string) => `${measure} totals`,
  dateHeader: 'Date',
  totalHeader: (max: number) => `Total (out of ${max})`,
  bandHeader: 'Severity',
  outsideBands: 'Outside the scale',
} as const;

/** Staff set-up of locations, service types, work schedules and blackouts (appointments). */
export const setupValidationMessages = {
  'name-missing': 'Enter a name',
  'name-too-long': 'Name must be 100 characters or fewer',
  'not-a-time': 'Enter a time on the 24-hour clock, for example 09:00 or 13:30',
  'off-grid': 'Enter a time on the hour, or at 15, 30 or 45 minutes past',
  'end-not-after-start': 'End time must be after the start time',
  'unknown-location': 'Select one of the service’s locations',
  'unknown-weekday': 'Select a day of the week',
  'no-weekdays': 'Select at least one day of the week',
  'period-overlap':
    'This period overlaps another period on the same day. Change the times or remove one of them',
  'not-a-date': 'Enter a real date',
  'until-before-from': 'Last date must be the same as or after the first date',
  'duration-out-of-range': 'Enter a length between 5 and 480 minutes, in whole minutes',
  'buffer-out-of-range': 'Enter a break between 0 and 120 minutes, in whole minutes',
  'unknown-requester': 'Select who can ask for this type of appointment',
  'not-an-email': 'Enter an email address in the correct format, like name@example.com',
  'blackout-too-long':
    'Enter 14 days or less. For a longer absence, add a weekly blackout with a first and last date',
} satisfies Record<SetupProblemCode, string>;

export const questionnaireApiMessages = {
  unknown: 'There is no questionnaire with this id.',
  incomplete: 'Answer every question. Nothing has been saved.',
  missingAnswer: 'Select an answer',
  invalidAnswer: 'Select one of the answers given',
  answerType: 'An answer is a number, or "na" where the question allows it',
  alreadyCompleted: 'This questionnaire has already been completed. Your answers are recorded.',
  notNext: 'Another questionnaire comes before this one.',
  notDue: 'No questionnaires are due at the moment.',
} as const;

export const appointmentApiMessages = {
  unknownPatient: 'Use the id of a patient of this service.',
  unknownClinician: 'Use the id of a clinician of this service, from GET /api/v1/clinicians.',
  unknownServiceType: 'Use the id of a service type of this service, from GET /api/v1/service-types.',
  invalidStart:
    'Enter the start as a date and time with its UTC offset, for example 2026-11-24T10:00:00+00:00',
  startInPast: 'The start must be in the future',
  slotUnavailable: 'The clinician is not free at this time. Choose another time.',
  notFound: 'No appointment has this id.',
  alreadyCancelled: 'This appointment is already cancelled.',
  attendanceRecorded:
    'Attendance has been recorded for this appointment, so it cannot be cancelled. Record a correction with POST /api/v1/appointments/{id}/attendance.',
} as const;

/**
 * The default text messages and emails (the service config's messageTemplates replaces any of
 * them). Placeholders in braces are filled in by shared/notify/render.ts. Texts stay within two
 * SMS parts with the longest values (a 100-character service name): straight apostrophes only,
 * since one curly apostrophe cuts what two texts hold from 306 characters to 134. None mentions risk, answers or scores.
 */
export const messageTemplateDefaults = {
  welcome: {
    sms: '{serviceName}: your Secure ID is {secureId}. Sign in at {portalUrl} with it and your date of birth. Keep it private.',
    email: {
      subject: 'Your Secure ID for {serviceName}',
      text: '{serviceName} has set up your account on its patient portal. You use the portal to answer short questionnaires before your appointments.\n\nYour Secure ID is {secureId}\n\nTo sign in, go to {portalUrl} and enter your Secure ID and your date of birth.\n\nKeep your Secure ID private. If you have problems signing in, call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  reminder: {
    sms: '{serviceName}: your appointment is on {date} at {time}. Before then, please complete your questionnaires at {portalUrl}',
    email: {
      subject: 'Your appointment on {date} at {time}',
      text: 'You have an appointment with {serviceName} on {date} at {time}.\n\nBefore your appointment, please complete your questionnaires at {portalUrl}\n\nSign in with your Secure ID and your date of birth.\n\nIf you cannot come, or you need help, call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  confirmation: {
    sms: '{serviceName}: your appointment is booked for {date} at {time}. To see it, go to {portalUrl}. To cancel, call {phone}.',
    email: {
      subject: 'Your appointment is booked for {date} at {time}',
      text: 'Your appointment with {serviceName} is booked for {date} at {time}.\n\nYou can see your appointments at {portalUrl}\n\nIf you cannot come, call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  denial: {
    // The reason is free text from staff: it stays out of the text message, which others may
    // read on a shared phone, and goes in the email only.
    sms: '{serviceName}: we could not book {date} at {time}. Ask for another time at {portalUrl} or call {phone}.',
    email: {
      subject: 'We could not book your appointment on {date}',
      text: 'We could not book the appointment you asked for with {serviceName} on {date} at {time}.\n\n{reason}\n\nTo ask for another time, go to {portalUrl} or call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  staffAlertRisk: {
    // risk.md: no email mentions risk. The console shows the rest to signed-in staff.
    email: {
      subject: '{serviceName}: a questionnaire needs review',
      text: 'A questionnaire needs review.\n\nSign in to the staff console to see it: {consoleUrl}\n\nThis email has no patient details. Do not reply to it.',
    },
  },
  staffAlertSecureIdDisabled: {
    email: {
      subject: '{serviceName}: a Secure ID has been disabled',
      text: "A patient's Secure ID has been disabled after too many failed sign-in attempts. They need a new Secure ID to sign in.\n\nSign in to the staff console to see who it is: {consoleUrl}\n\nThis email has no patient details. Do not reply to it.",
    },
  },
  requestExpired: {
    sms: '{serviceName}: your request for {date} at {time} was not answered in time. Ask again at {portalUrl} or call {phone}',
    email: {
      subject: 'Your request for {date} at {time} was not answered in time',
      text: '{serviceName}: your request for {date} at {time} was not answered in time. Ask again at {portalUrl} or call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  staffRequestExpired: {
    email: {
      subject: '{serviceName}: a request for {date} at {time} expired',
      text: 'A request for {date} at {time} was not answered in time. Sign in to the staff console to see it: {consoleUrl}\n\nThis email has no patient details. Do not reply to it.',
    },
  },
} as const;

/**
 * The default texts and emails of the messages staff send from the calendar (issue 14, "Cancel
 * and move"), as `messageTemplateDefaults` (the same rules). Apart from it because every Lambda
 * with a page carries `messages`, and only the renderers need these
 * (shared/config/service-message-template.ts joins the two).
 */
export const staffChangeMessageTemplates = {
  staffCancelled: {
    // The reason is free text from staff: as for a denial, it goes in the email only.
    sms: '{serviceName}: your appointment on {date} at {time} has been cancelled. To arrange another time, call {phone}.',
    email: {
      subject: 'Your appointment on {date} has been cancelled',
      text: 'Your appointment with {serviceName} on {date} at {time} has been cancelled.\n\n{reason}\n\nTo arrange another time, call {phone}. You can see your appointments at {portalUrl}\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  appointmentMoved: {
    sms: '{serviceName}: your appointment on {oldDate} at {oldTime} is now on {date} at {time}. If you cannot come, call {phone}.',
    email: {
      subject: 'Your appointment has moved to {date} at {time}',
      text: 'Your appointment with {serviceName} on {oldDate} at {oldTime} is now on {date} at {time}.\n\nYou can see your appointments at {portalUrl}\n\nIf you cannot come, call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
} as const;

/**
 * The patient's contact preferences page (F4). A catalogue beside `messages` rather than inside it:
 * the notify bundle carries all of `messages` for its templates, and not this.
 */
export const contactPreferenceMessages = {
  title: 'How we contact you',
  homeLink: 'Change how we contact you',
  detailsIntro: 'We send appointment reminders to the details your service has for you.',
  phoneLabel: 'Mobile phone',
  emailLabel: 'Email',
  none: 'None',
  changeDetails: (service: string, phone: string) =>
    `To change your phone number or email address, call ${service} on ${phone}. You cannot change them here.`,
  legend: 'How should we send you reminders?',
  hint: 'If you stop text messages, we will email your reminders instead.',
  bySms: (phone: string) => `By text message to ${phone}`,
  byEmail: (email: string) => `By email to ${email}`,
  stopSms: 'Do not send me text messages',
  save: 'Save',
  saved: 'Your contact preferences have been saved.',
  noEmailWarning:
    'We do not have your email address, so if you stop text messages we will not be able to send you reminders.',
  chooseOne: 'Select how you want us to send you reminders',
  formExpired: 'The page was open for too long. Select how you want us to send you reminders again.',
  changedMeanwhile: 'Your details were changed at the same time. Check them and choose again.',
  noAddress: (service: string, phone: string) =>
    `We do not have an address for this. To add one, call ${service} on ${phone}.`,
  smsStoppedType: 'Must be true or false',
} as const;

/** The staff patient page's contact state and message log (issue 13, items 4 and 6); beside `messages` as above. */
export const staffContactMessages = {
  textsRow: 'Text messages',
  textsStopped: (when: string) => `Stopped by the patient on ${when}`,
  textsAllowed: 'Not stopped',
  emailRow: 'Email delivery',
  emailBounced: (when: string) =>
    `Hard-bounced on ${when}: reminders go by text message where possible. Update the email address in your records system to clear this.`,
  emailComplaint: (when: string) => `The patient marked an email as spam on ${when}`,
  emailFine: 'No problems reported',
  messagesTitle: 'Messages',
  messagesCaption: 'Recent messages to this patient, newest first',
  messagesNone: 'No messages yet.',
  kinds: { reminder: 'Appointment reminder', welcome: 'Welcome (Secure ID)' } as Record<string, string>,
  channels: { sms: 'Text message', email: 'Email' },
  sent: 'Sent',
  deliveryProblems: {
    bounced: 'Sent, then bounced',
    complaint: 'Sent, then marked as spam',
    failed: 'Sent, but not delivered',
  },
  notSentReasons: {
    'opted-out': 'Not sent: opted out',
    'email-bounced': 'Not sent: email bounced',
    'no-contact': 'Not sent: no contact details',
  } as Record<string, string>,
  notSent: (reason: string) => `Not sent: ${reason}`,
  failed: (error: string) => `Failed (${error})`,
} as const;

/**
 * The console's set-up pages (/staff/setup) and their JSON errors. A constant of its own, beside
 * `messages`, so that only the staff Lambda's bundle carries these sentences.
 */
export const setupPageMessages = {
  title: 'Service set-up',
  intro: 'What patients can book, and when. Changes take effect at once and are recorded in the audit log.',
  cliniciansHeading: 'Clinicians',
  locationsHeading: 'Locations',
  serviceTypesHeading: 'Service types',
  addClinician: 'Add a clinician',
  addLocation: 'Add a location',
  addServiceType: 'Add a service type',
  newClinicianTitle: 'Add a clinician',
  clinicianTitle: 'Change a clinician',
  newLocationTitle: 'Add a location',
  locationTitle: 'Change a location',
  newServiceTypeTitle: 'Add a service type',
  serviceTypeTitle: 'Change a service type',
  scheduleTitle: (name: string) => `Working week: ${name}`,
  blackoutsTitle: (name: string) => `Blackouts: ${name}`,
  nameLabel: 'Name',
  visibleLegend: 'Can patients see this clinician in the portal?',
  visibleHint: 'Hidden clinicians keep their appointments and can still be booked by staff and the EPR.',
  yes: 'Yes',
  no: 'No',
  shown: 'Shown',
  hidden: 'Hidden',
  staffEmailLabel: 'Staff sign-in email (optional)',
  staffEmailHint: 'A clinician who signs in to the console with this email sees this clinician’s to-dos.',
  durationLabel: 'Length, in minutes',
  bufferLabel: 'Break after, in minutes',
  bufferHint: 'Time kept free after the appointment for notes or a rest.',
  requestableLegend: 'Who can ask for this type of appointment in the portal?',
  requesters: {
    'new-patients': 'New patients (an intake)',
    'existing-patients': 'Existing patients (a session)',
    nobody: 'Nobody: staff book it',
  },
  save: 'Save',
  change: 'Change',
  schedule: 'Working week',
  blackouts: 'Blackouts',
  backToSetup: 'Back to service set-up',
  noneYet: 'None yet.',
  noLocations: 'Add a location before setting up working weeks: each period is at a location.',
  scheduleIntro:
    'Each period is one stretch of a day at one location. Add several for a day with a break or two places. Leave a row empty to remove it. Times are on the 24-hour clock, on the quarter hour.',
  periodLegend: (n: number) => `Period ${n}`,
  dayLabel: 'Day',
  startLabel: 'Start time',
  endLabel: 'End time',
  locationLabel: 'Location',
  chooseDay: 'Choose a day',
  chooseLocation: 'Choose a location',
  timeHint: 'For example, 09:00 or 13:30',
  weekdayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  oneOffHeading: 'One-off blackouts',
  weeklyHeading: 'Weekly blackouts',
  oneOffIntro: 'Leave, training or a closure, from one date and time to another (up to 14 days).',
  weeklyIntro: 'Time off every week, such as lunch.',
  addOneOff: 'Add one-off blackout',
  addWeekly: 'Add weekly blackout',
  remove: 'Remove',
  startDateLegend: 'Start date',
  endDateLegend: 'End date',
  dateHint: 'For example, 24 12 2026',
  weekdaysLegend: 'Days of the week',
  fromLegend: 'First date (optional)',
  untilLegend: 'Last date (optional)',
  everyWeek: 'every week',
  fromUntil: (from: string, until: string) => `from ${from} to ${until}`,
  fromOnly: (from: string) => `from ${from}`,
  untilOnly: (until: string) => `until ${until}`,
  timeRange: (start: string, end: string) => `${start} to ${end}`,
  clinicianNotFound: 'No clinician has this id.',
  notFound: 'There is no such set-up item.',
  busy: 'Someone else changed this at the same time. Nothing was saved. Try again.',
  clashWithAppointment: (when: string) =>
    `This blackout overlaps an appointment on ${when}. Move or cancel the appointment first, or change the blackout`,
  clashWithBlackout: (when: string) =>
    `This blackout overlaps another blackout, ${when}. Change the times or remove the other blackout first`,
  changesHeading: 'Recent changes',
  chooseVisible: 'Select yes if patients can see this clinician in the portal',
} as const;

/** Patients' free times, requests and cancellations (F10, F11, F15): pages and JSON. */
export const bookingMessages = {
  closed: 'This service does not take appointment requests in the portal. Call the service to book.',
  unknownServiceType: 'Choose a type of appointment you can ask for.',
  unknownClinician: 'Choose a clinician from the list, or any clinician.',
  unknownLocation: 'Choose a place from the list, or anywhere.',
  invalidDate: 'Enter a date as YYYY-MM-DD, for example 2027-03-01',
  toBeforeFrom: 'The last date must be the same as or after the first date',
  rangeTooLong: (days: number) => `Ask for at most ${days} days at a time`,
  invalidStart:
    'Enter the start as a date and time with its UTC offset, for example 2027-03-01T10:00:00+00:00',
  commentTooLong: (max: number) => `Your comment must be ${max} characters or fewer`,
  slotUnavailable: 'This time is no longer free. Choose another time.',
  slotUnavailableChooseAgain:
    'This time is no longer free. Go back to the free times and choose another one.',
  formExpired: 'This form has expired. Check the details and send it again.',
  requestNotFound: 'You have no appointment request with this id.',
  requestNotPending: 'This request is no longer waiting for a decision.',
  appointmentNotFound: 'You have no appointment with this id.',
  appointmentAlreadyCancelled: 'This appointment is already cancelled.',
  tooLateToCancel: (hours: number, phone: string) =>
    `It is less than ${hours} hours before this appointment, so it cannot be cancelled online. Call ${phone} to cancel or change it.`,
  /** Shown instead of a hidden clinician's name on the patient's own appointment. */
  hiddenClinician: 'A clinician of the service',
  // Pages
  findTitle: 'Request an appointment',
  findIntro:
    'Choose the type of appointment, then see the free times and ask for one. The service confirms it.',
  serviceTypeLegend: 'Type of appointment',
  locationLabel: 'Place',
  anyLocation: 'Anywhere',
  clinicianLabel: 'Clinician',
  anyClinician: 'Any clinician',
  fromLabel: 'From',
  showTimes: 'Show free times',
  freeTimesHeading: 'Free times',
  noFreeTimes:
    'There are no free times for this choice in the next few weeks. Try another choice, or call the service.',
  moreTimes: 'Show later dates',
  slotLabel: (time: string, clinician: string, location: string) =>
    `${time} with ${clinician} at ${location}`,
  confirmTitle: 'Check and send your request',
  commentLabel: 'Anything the service should know (optional)',
  commentHint: 'Do not use this for anything urgent.',
  sendRequest: 'Send request',
  whenLabel: 'When',
  withLabel: 'With',
  whereLabel: 'Where',
  typeLabel: 'Type',
  sentBanner: 'Your request has been sent. The service will confirm it or tell you if it cannot.',
  myAppointmentsTitle: 'Your appointments',
  upcomingHeading: 'Upcoming appointments',
  noUpcoming: 'You have no upcoming appointments.',
  pendingHeading: 'Requests waiting for a decision',
  noPending: 'You have no requests waiting for a decision.',
  cancelRequest: 'Cancel request',
  cancelAppointment: 'Cancel appointment',
  requestCancelledBanner: 'Your request has been cancelled.',
  appointmentCancelledBanner: 'Your appointment has been cancelled.',
  callToCancel: (phone: string) => `To cancel or change this appointment, call ${phone}.`,
  requestLink: 'Request an appointment',
  homeLinkAppointments: 'Your appointments',
  homeLinkAppointmentsHint: 'See upcoming appointments and requests, and cancel them.',
  homeLinkRequest: 'Request an appointment',
  homeLinkRequestHint: 'See free times and ask for one.',
} as const;

/**
 * Outcomes (reference/outcomes.md) in plain words, for staff, the GP report and the patient's copy,
 * and the service report's labels (reference/suppression.md). "The clinical threshold" is caseness.
 */
export const outcomeMessages = {
  summary: {
    'episode-open': 'No outcome yet: this episode of care has not ended.',
    'too-few-sessions':
      'No outcome: fewer than 2 treatment sessions were attended, so this was not a finished course of treatment.',
    'too-few-scores':
      'No outcome: the course of treatment finished without at least 2 depression (PHQ-9) and 2 anxiety (GAD-7) scores to compare.',
    'reliable-recovery':
      'Reliable recovery: scores started at or above the clinical threshold, ended below it, and improved by more than chance would explain.',
    recovery:
      'Recovery: scores started at or above the clinical threshold and ended below it, but the change was too small to be sure it was more than chance.',
    'recovery-with-reliable-deterioration':
      'Recovery, but one score got reliably worse: scores ended below the clinical threshold, yet one rose by more than chance would explain.',
    'recovery-with-mixed-change':
      'Recovery, with mixed change: scores ended below the clinical threshold; one measure improved and the other got worse, each by more than chance would explain.',
    'reliable-improvement':
      'Reliable improvement: scores went down by more than chance would explain, but did not end below the clinical threshold after starting at or above it.',
    'reliable-deterioration': 'Reliable deterioration: scores went up by more than chance would explain.',
    'mixed-change':
      'Mixed change: one measure improved and the other got worse, each by more than chance would explain.',
    'no-reliable-change': 'No reliable change: scores did not change by more than chance would explain.',
  } satisfies Record<OutcomeSummary, string>,
  measureChange: {
    'reliably-improved': 'Reliably improved',
    'reliably-worsened': 'Reliably worse',
    'no-reliable-change': 'No reliable change',
  } satisfies Record<MeasureChange, string>,
  casenessAtStart: { true: 'Yes', false: 'No', unknown: 'Not known' },
} as const;

/** The service report's figure labels and note (F26): the report page, its CSV and the API only. */
export const outcomeReportMessages = {
  counts: {
    referrals: 'Referrals received',
    finishedCourses: 'Finished courses of treatment',
    finishedWithoutPairedScores: 'Finished courses without first and last PHQ-9 and GAD-7 scores',
    finishedWithPairedScores: 'Finished courses with first and last PHQ-9 and GAD-7 scores',
    notAtCasenessAtStart: 'Finished courses starting below the clinical threshold',
    atCasenessAtStart: 'Finished courses starting at or above the clinical threshold',
    notRecovered: 'Starting at or above the threshold, not recovered',
    recovered: 'Recovered',
    recoveredNotReliably: 'Recovered without reliable improvement',
    reliablyRecovered: 'Reliably recovered',
    reliablyImproved: 'Reliably improved',
    reliablyDeteriorated: 'Reliably deteriorated',
    noReliableChange: 'No reliable improvement or deterioration',
  } satisfies Record<ReportCount, string>,
  derived: {
    recoveryRate: 'Recovery rate (%)',
    reliableRecoveryRate: 'Reliable recovery rate (%)',
    reliableImprovementRate: 'Reliable improvement rate (%)',
    reliableDeteriorationRate: 'Reliable deterioration rate (%)',
    meanFirstPhq9: 'Mean first PHQ-9 score',
    meanLastPhq9: 'Mean last PHQ-9 score',
    meanFirstGad7: 'Mean first GAD-7 score',
    meanLastGad7: 'Mean last GAD-7 score',
  } satisfies Record<ReportDerived, string>,
  figureHeader: 'Figure',
  valueHeader: 'Value',
  periodLabel: 'Period',
  period: (from: string, to: string) => `${from} to ${to}`,
  noteLabel: 'Note',
  suppressedMark: '*',
  notApplicable: 'Not applicable',
  roundedIndependently: (threshold: number) =>
    `Counts are rounded to the nearest 5, each on its own, so totals may not equal the sum of their parts. Rates and means are worked out from the exact numbers. * means a number from 1 to ${threshold}, or a number hidden so that a small one cannot be worked out from the others. Patients who opted out of national data sharing are not counted.`,
} as const;

/**
 * The staff calendar and its cancel and move pages (issue 14, "Calendar" and "Cancel and move");
 * beside `messages`, so the notify bundle does not carry them.
 */
export const staffCalendarMessages = {
  title: (clinician: string) => `Calendar: ${clinician}`,
  chooseHeading: 'Choose a clinician and week',
  clinicianLabel: 'Clinician',
  weekLabel: 'Any date in the week',
  weekHint: 'For example, 2027-03-22',
  show: 'Show week',
  weekNav: 'Weeks',
  weekOf: (monday: string) => `Week beginning ${monday}`,
  previousWeek: 'Previous week',
  nextWeek: 'Next week',
  thisWeek: 'This week',
  timesIn: (timeZone: string) => `Times are in the service\u2019s time zone (${timeZone}).`,
  working: 'Working',
  atLocation: (from: string, to: string, location: string) => `${from} to ${to} at ${location}`,
  notWorking: 'Not working',
  nothing: 'Nothing booked, requested or blacked out.',
  dayContents: (day: string) => `${day}: appointments, requests and blackouts`,
  appointment: 'Appointment',
  tentative: 'Tentative: request',
  tentativeHint: 'Waiting for a decision. The time is held until it is approved, denied or expires.',
  blackout: 'Blackout (one-off)',
  weeklyBlackout: 'Blackout (weekly)',
  range: (from: string, to: string) => `${from} to ${to}`,
  patient: 'Patient',
  newPatient: 'New patient',
  type: 'Type',
  where: 'Where',
  move: 'Move',
  cancel: 'Cancel',
  moveHidden: (when: string) => ` the appointment at ${when}`,
  cancelHidden: (when: string) => ` the appointment at ${when}`,
  backToCalendar: 'Back to the calendar',
  cancelTitle: 'Cancel this appointment',
  cancelIntro: (when: string) => `The appointment on ${when} will be cancelled and its time freed.`,
  reasonLabel: 'Reason for the patient (optional)',
  reasonHint: 'We send it by email, not by text message. Do not include clinical details.',
  reasonTooLong: 'Reason must be 100 characters or fewer',
  noReasonGiven: 'We are sorry for any inconvenience.',
  confirmCancel: 'Cancel appointment',
  cancelledBanner: 'The appointment has been cancelled. The patient will be told in the next few minutes.',
  movedBanner: 'The appointment has been moved. The patient will be told in the next few minutes.',
  moveTitle: 'Move this appointment',
  moveIntro: (when: string) => `The appointment is now on ${when}.`,
  dateLabel: 'Date',
  dateHint: 'For example, 2027-03-29',
  showTimes: 'Show free times',
  timesLegend: (day: string) => `Free times on ${day}`,
  noTimes: 'There are no free times for this clinician on this date. Choose another date or clinician.',
  chooseTime: 'Select a free time',
  confirmMove: 'Move appointment',
  slotTaken: 'That time has just been taken. Choose another time.',
  slotUnavailable: 'That time is not free. Choose one of the free times.',
  changed: 'The appointment was changed at the same time. Check it and try again.',
  notBooked: 'This appointment is no longer booked: it was cancelled, or its attendance has been recorded.',
  attendanceRecorded: 'Attendance has been recorded for this appointment, so it cannot be cancelled.',
  notFound: 'Appointment not found',
  invalidWeek: 'Enter a real date, like 2027-03-22',
  invalidDate: 'Enter a real date, like 2027-03-29',
  notLinked:
    'Your sign-in is not linked to a clinician. Ask an administrator to add your email address to your clinician record.',
  unknownClinician: 'Clinician not found',
  startRequired: 'Enter the new start time',
} as const;
/** The public new-patient request form (F10, F17): its pages, errors and JSON messages. */
export const publicRequestMessages = {
  signInLink: 'New to the service? Request an appointment',
  findTitle: 'Request a first appointment',
  findIntro:
    'If you are new to the service, choose the type of appointment and a free time. Then give your details. We email you a link to confirm the request.',
  closedTitle: 'Call us to book a first appointment',
  closed: (phone: string) =>
    `This service does not take requests from new patients online. Call ${phone} to book a first appointment.`,
  detailsTitle: 'Your details',
  detailsIntro:
    'We use these details to contact you and to find your record if you have been to the service before.',
  givenNameLabel: 'First name',
  familyNameLabel: 'Last name',
  dateOfBirthLegend: 'Date of birth',
  dateOfBirthHint: 'For example, 27 3 1985',
  emailLabel: 'Email address',
  emailHint: 'We send a link to this address. Your request only reaches the service once you follow it.',
  phoneLabel: 'Phone number (optional)',
  commentLabel: 'Anything the service should know (optional)',
  commentHint: 'Do not use this for anything urgent.',
  honeypotLabel: 'Leave this field empty',
  sendRequest: 'Send request',
  givenNameMissing: 'Enter your first name',
  familyNameMissing: 'Enter your last name',
  nameTooLong: (max: number) => `Must be ${max} characters or fewer`,
  emailMissing: 'Enter your email address',
  commentTooLong: (max: number) => `Your comment must be ${max} characters or fewer`,
  checkEmailTitle: 'Check your email',
  checkEmailBody:
    'We have sent you an email with a link. Follow it within 24 hours to confirm your request. The email may take a few minutes to arrive.',
  checkEmailNotYet:
    'Your request has not been sent to the service yet. If you do not confirm it, it is deleted.',
  checkEmailNoEmail: (phone: string) => `If no email arrives, check your spam folder, or call ${phone}.`,
  rateLimitedTitle: 'Too many requests',
  rateLimited: (phone: string) =>
    `We have had too many requests from this email address or this network. Try again later, or call ${phone}.`,
  tryAfter: (when: string) => `You can try again after ${when}.`,
  apiClosed: 'This service does not take requests from new patients online. Call the service to book.',
  apiRateLimited:
    'Too many requests from this email address or this network. Try again later, or call the service.',
  verifyTitle: 'Confirm your appointment request',
  verifyIntro: 'Press the button to send your request to the service.',
  verifyButton: 'Confirm and send request',
  verifiedTitle: 'Your request has been sent',
  verifiedBody:
    'The service will contact you to confirm the appointment or tell you if it cannot. This may take a few working days.',
  linkGoneTitle: 'This link has expired or has already been used',
  linkGone: (phone: string) =>
    `A link works once and for 24 hours. If you have already confirmed your request, the service will contact you. Otherwise, request an appointment again, or call ${phone}.`,
  slotTakenTitle: 'This time is no longer free',
  slotTaken:
    'Someone else has asked for this time since you chose it. Your request has not been sent. Choose another time and give your details again.',
  chooseAgain: 'Choose another time',
  startAgain: 'Request an appointment',
} as const;

/**
 * The default emails of the request notices (requestVerification, staffNewRequest), as
 * `messageTemplateDefaults`: beside it rather than in it, so the staff console's bundle, which
 * carries all of `messages`, does not carry these (test/infra/bundles.test.ts).
 */
export const noticeMessageTemplates = {
  requestVerification: {
    // Whoever typed this address may not be its owner: no name, time or clinician, only the link.
    email: {
      subject: 'Confirm your appointment request to {serviceName}',
      text: 'Someone asked {serviceName} for a first appointment and gave this email address.\n\nIf it was you, follow this link within 24 hours to confirm your request, then press the button on the page. The service only sees your request after that.\n\n{verifyUrl}\n\nIf it was not you, ignore this email: nothing more will happen.\n\nIf you need help, call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
  staffNewRequest: {
    email: {
      subject: '{serviceName}: a new appointment request',
      text: 'A new appointment request is waiting for a decision, for {date} at {time}.\n\nSign in to the staff console to see it: {consoleUrl}\n\nThis email has no patient details. Do not reply to it.',
    },
  },
} as const;

/** Staff deciding appointment requests (F13, F14): the requests pages, the to-do line, the JSON errors. */
export const requestDecisionMessages = {
  listTitle: 'Appointment requests',
  listEmpty: 'No appointment requests are waiting for a decision.',
  listIntro: 'Requests waiting for a decision, oldest first.',
  whenHeading: 'Requested time',
  typeHeading: 'Type',
  clinicianHeading: 'Clinician',
  waitedHeading: 'Waiting for',
  whoHeading: 'Who asked',
  newPatient: (name: string) => `New patient: ${name}`,
  patientUnnamed: 'Patient',
  open: (name: string) => `Decide the request from ${name}`,
  detailTitle: 'Appointment request',
  commentLabel: 'Their comment',
  locationLabel: 'Where',
  emailLabel: 'Email',
  phoneLabel: 'Phone',
  dateOfBirthLabel: 'Date of birth',
  notPendingBanner: 'This request has already been decided, cancelled or has expired.',
  approveHeading: 'Approve',
  approveHint: 'The patient gets a confirmation with a calendar file. It may take a few minutes to arrive.',
  approveButton: 'Approve request',
  chooseLegend: 'Who is this?',
  chooseHint:
    'Existing patients with the same family name and date of birth are listed. Choose one, or create a new patient, who is sent a welcome message with their Secure ID.',
  chooseExisting: (name: string, dateOfBirth: string) => `${name}, born ${dateOfBirth}`,
  createPatient: 'Create a new patient',
  chooseRequired: 'Choose an existing patient or create a new patient',
  denyHeading: 'Deny',
  reasonLabel: 'Reason, sent to the patient',
  reasonHint: (max: number) =>
    `For example, "The clinician is away that week". Up to ${max} characters. Do not include clinical details.`,
  reasonRequired: 'Enter a reason for the patient',
  reasonTooLong: (max: number) => `Reason must be ${max} characters or fewer`,
  denyButton: 'Deny request',
  approvedBanner: 'Request approved. The patient will get a confirmation within a few minutes.',
  approvedWithWelcome:
    'Request approved and patient created. The patient will get a welcome message with their Secure ID and a confirmation within a few minutes.',
  deniedBanner: 'Request denied. The patient will get the reason within a few minutes.',
  notFound: 'Request not found',
  notPending: 'This request has already been decided, cancelled or has expired.',
  unknownPatient: 'No patient has that id',
} as const;

/**
 * Episodes, discharge, referrals and attendance (issue 16): the integration API's errors and the
 * staff patient page's outcome section; beside `messages`, so only the Lambdas that use them carry them.
 */
export const episodeMessages = {
  noOpenEpisode: 'The patient has no open episode of care: they are already discharged.',
  episodeOpen: 'The patient already has an open episode of care. Discharge them before a new referral.',
  appointmentNotFound: 'No appointment has this id.',
  attendanceStatus: 'Enter the status as "attended" or "did_not_attend".',
  notStarted: 'The appointment has not started yet. Record attendance once it has started.',
  cancelled: 'This appointment was cancelled, so it has no attendance to record.',
  pastStartNeedsStatus:
    'The start is in the past. To send an appointment that already happened, add its status: "attended" or "did_not_attend".',
  statusNeedsPastStart: 'Only an appointment whose start is in the past can have a status.',
  optOutNotBoolean: 'Enter nationalDataOptOut as true or false.',
  // The staff patient page.
  outcomeHeading: 'Outcome of this episode of care',
  lastEpisodeHeading: 'Outcome of the last episode of care',
  episodeSince: (date: string) => `Open since ${date}.`,
  episodeBetween: (from: string, to: string) => `From ${from} to ${to}.`,
  sessionsAttended: 'Treatment sessions attended',
  scoresCaption: 'First and last scores in this episode of care',
  measureHeader: 'Measure',
  firstHeader: 'First score',
  lastHeader: 'Last score',
  noScore: 'None',
  score: (total: number, band: string | null, date: string) =>
    band ? `${total} (${band}) on ${date}` : `${total} on ${date}`,
  measureNames: { 'phq-9': 'PHQ-9 (depression)', 'gad-7': 'GAD-7 (anxiety)', wsas: 'WSAS (work and social)' },
  casenessAtStart: 'At or above the clinical threshold at the start',
  followUpsCounted: 'All attended sessions count, follow-ups included.',
  discharge: 'Discharge',
  dischargeHint: 'Ends this episode of care today. Its outcome is then final.',
  startReferral: 'Start a new referral',
  startReferralHint: 'Opens a new episode of care from today.',
  noEpisode: 'No episode of care is recorded for this patient.',
  attendanceLegend: 'Did the patient attend?',
  attended: 'Attended',
  didNotAttend: 'Did not attend',
  recordAttendance: 'Record attendance',
  attendanceStatusLabel: {
    booked: 'Booked',
    cancelled: 'Cancelled',
    attended: 'Attended',
    did_not_attend: 'Did not attend',
  },
  pastAppointments: 'Past appointments',
} as const;

/** The home page's links to the patient's records: apart, so the sign-in Lambda carries only these. */
export const recordsHomeMessages = {
  heading: 'Your records',
  letters: 'Letters',
  lettersHint: 'copies of what we have sent about you, such as the report to your GP',
  consents: 'Who we may share with',
  consentsHint: 'agree to share your information with someone other than your GP, or stop',
  myData: 'Your data',
  myDataHint: 'everything we hold about you, to read or download',
} as const;

/** Consent to share (F25): the patient's page, staff's form and the JSON errors; beside `messages` as above. */
export const consentMessages = {
  title: 'Who we may share with',
  intro:
    'We send your GP a report when your treatment ends. We share information with anyone else, such as an employer scheme, an insurer or whoever referred you, only if you agree here.',
  currentHeading: 'Agreed now',
  currentNone: 'You have not agreed to share with anyone other than your GP.',
  pastHeading: 'No longer agreed',
  partyHeading: 'Who',
  purposeHeading: 'What for',
  recordedHeading: 'Agreed on',
  withdrawnHeading: 'Stopped on',
  recordedBy: 'Recorded by',
  byPatient: 'You',
  byStaff: 'Your service',
  byIntegration: 'Your service’s records system',
  withdraw: 'Stop sharing',
  withdrawWith: (party: string) => `Stop sharing with ${party}`,
  addHeading: 'Agree to share with someone',
  partyLabel: 'Who may we share with?',
  partyHint: 'For example, the name of your employer’s support scheme or your insurer.',
  purposeLabel: 'What may we share it for?',
  purposeHint: 'For example, to confirm that you are attending treatment.',
  add: 'Agree to share',
  partyRequired: 'Enter who we may share your information with',
  partyTooLong: (max: number) => `Who we may share with must be ${max} characters or fewer`,
  purposeRequired: 'Enter what we may share your information for',
  purposeTooLong: (max: number) => `What we may share it for must be ${max} characters or fewer`,
  formExpired: 'The page was open for too long. Try again.',
  recorded: 'You have agreed to share. You can stop at any time on this page.',
  withdrawn: 'Sharing has stopped. Nothing more will be sent to them.',
  alreadyWithdrawn: 'Sharing with them had already stopped.',
  notFound: 'No consent has this id for this patient.',
  required:
    'The patient has not agreed to share with this recipient. Ask them to agree first, in the portal or through the service.',
  staffHeading: 'Consent to share',
  staffNone: 'The patient has not agreed to share with anyone other than their GP.',
  staffAdd: 'Record consent',
  staffPartyLabel: 'Who may the service share with?',
  staffPurposeLabel: 'What for?',
  staffRecorded: 'Consent recorded.',
  staffWithdrawn: 'Consent withdrawn.',
  /** Read after `withdraw` by screen readers only: "Stop sharing with Acme". */
  withdrawHidden: (party: string) => `with ${party}`,
} as const;

/** The patient's letters (F24: the GP report's copy); beside `messages` as above. */
export const letterMessages = {
  title: 'Letters',
  intro: 'Copies of what we have sent about you, such as the report to your GP when your treatment ends.',
  none: 'There are no letters yet.',
  titleHeading: 'Letter',
  dateHeading: 'Date',
  open: (title: string) => `${title} (PDF)`,
  notFound: 'There is no letter with this id.',
} as const;

/** Subject access (F27): the patient's "My data" page, staff's copy, the JSON download. */
export const myDataMessages = {
  title: 'Your data',
  staffTitle: 'Everything held about this patient',
  intro: 'Everything this portal holds about you. You can also download it as a file.',
  download: 'Download your data (JSON file)',
  staffDownload: 'Download as a JSON file',
  details: 'Your details',
  appointments: 'Appointments',
  requests: 'Appointment requests',
  responses: 'Questionnaires you have answered',
  todos: 'Follow-ups for staff about you',
  consents: 'Who you agreed we may share with',
  letters: 'Letters',
  messages: 'Messages we sent you',
  episodes: 'Courses of treatment',
  audit: 'Who looked at or changed your record',
  none: 'None',
  held: (section: string, count: number) => `${section}: ${count}`,
} as const;

/** The page a request gets when the portal's store did not answer in time (a 503). */
export const unavailablePageMessages = {
  title: 'Sorry, the service is busy at the moment',
  body: 'What you just sent may not have been saved. Wait a moment, then try again.',
  goBack: 'If you were filling in a form, go back to it and send it again.',
} as const;

/**
 * The console's to-do list and patient search (staff Lambda); beside `messages`, so the other
 * staff Lambdas (set-up, calendar, requests, records) do not carry them.
 */
export const staffConsoleMessages = {
  recordsHeading: 'Letters, consent and records',
  gpReportLink: 'GP report of the last episode of care',
  consentsLink: 'Consent to share',
  myDataLink: 'Everything held about this patient (subject access)',
  todosEmpty: 'There is nothing on your to-do list.',
  todoKinds: {
    risk: 'Risk flag: PHQ-9 item 9',
    secure_id_disabled: 'Secure ID disabled after repeated failed sign-ins',
  },
  dutyList: 'Duty list',
  riskAnswer: (value: number, previous: number | null) =>
    `Item 9 answered ${value} (${['not at all', 'several days', 'more than half the days', 'nearly every day'][value] ?? value})${previous === null ? '' : `; previous PHQ-9: ${previous}`}`,
  responseOutcomes: {
    stored: 'Response stored',
    'already-completed': 'Sent again after the PHQ-9 was already done: this answer was not stored',
    'not-next': 'Sent out of order: this answer was not stored',
    'not-due': 'Sent when no questionnaire was due: this answer was not stored',
    incomplete: 'Sent with other questions unanswered: this answer was not stored',
    busy: 'Sent while the portal was busy: this answer was not stored, and the patient was asked to send it again',
  },
  acknowledge: 'Acknowledge',
  noteLabel: 'Note (what you did or decided)',
  noteRequired: 'Enter a note saying what you did or decided',
  noteTooLong: (max: number) => `Note must be ${max} characters or fewer`,
  alreadyAcknowledged: 'This to-do has already been acknowledged.',
  todoNotFound: 'There is no to-do with this id.',
  searchLabel: 'Name, date of birth or EPR id',
  searchHint: 'For example, Jo Bloggs, 27/03/1985 or the id from your records system',
  searchNoResults: 'No patients you can see match this search.',
} as const;

/**
 * The default text and email telling a patient a letter is in the portal (the GP report's copy,
 * F24), as `messageTemplateDefaults` (the same rules): no clinical detail, not even that it is
 * about their outcome; the letter itself is behind sign-in.
 */
export const letterMessageTemplates = {
  letterAvailable: {
    sms: '{serviceName}: there is a new letter for you in your portal. Sign in at {portalUrl} to read it. If you need help, call {phone}.',
    email: {
      subject: 'A new letter from {serviceName}',
      text: 'There is a new letter for you in your {serviceName} portal.\n\nTo read it, sign in at {portalUrl} and go to Letters.\n\nIf you need help, call {phone}.\n\nThis email was sent automatically. Do not reply to it.',
    },
  },
} as const;

/**
 * The GP report (F24): its page, its PDF and its JSON's outcome sentence (outcomeMessages), and
 * the staff pages that produce it. The same words in the HTML page and the PDF.
 */
export const gpReportMessages = {
  /** The letter's title in the patient's Letters list and the PDF's document title. */
  letterTitle: 'Report to your GP at the end of your treatment',
  heading: 'Report to GP: end of psychological therapy',
  intro: (serviceName: string) =>
    `${serviceName} sends this report to the patient's GP at the end of an episode of care. The patient receives a copy of this report.`,
  patientHeading: 'Patient',
  nameLabel: 'Name',
  dateOfBirthLabel: 'Date of birth',
  referenceLabel: 'Patient reference',
  episodeHeading: 'Episode of care',
  referredLabel: 'Referred',
  dischargedLabel: 'Discharged',
  sessionsLabel: 'Treatment sessions attended',
  casenessLabel: 'At or above the clinical threshold at the start (PHQ-9 10 or more, or GAD-7 8 or more)',
  measuresHeading: 'Symptom measures',
  measuresCaption: 'First and last scores in this episode of care',
  measureHeader: 'Measure',
  firstHeader: 'First score',
  lastHeader: 'Last score',
  measureNames: {
    'phq-9': 'Depression (PHQ-9, 0 to 27)',
    'gad-7': 'Anxiety (GAD-7, 0 to 21)',
    wsas: 'Work and social adjustment (WSAS, 0 to 40)',
  },
  score: (total: number, band: string | null, date: string) =>
    `${total}${band ? ` (${band})` : ''} on ${date}`,
  notCompleted: 'Not completed',
  outcomeHeading: 'Outcome',
  contactHeading: 'Contact',
  contact: (serviceName: string, phone: string) => `${serviceName}, telephone ${phone}`,
  producedOn: (date: string) => `Produced on ${date}.`,
  // The staff patient page and the report's own page.
  produceHeading: 'GP report',
  produceHint:
    'Produce the report for the GP from the last ended episode. The patient gets a copy in their portal and a message saying it is there. A report can be produced once per episode.',
  produceButton: 'Produce the GP report',
  producedBanner: 'GP report produced. The patient will get a message within a few minutes.',
  viewLink: 'View the GP report',
  backTo: (name: string) => `Back to ${name}`,
  downloadLink: 'Download the GP report (PDF)',
  noEndedEpisode: 'This patient has no ended episode of care, so there is no GP report yet.',
  notProduced: 'No GP report has been produced for the last ended episode yet.',
  // The integration API.
  apiNoEndedEpisode: 'The patient has no ended episode of care',
  apiConsentRequired: 'The patient has not given consent to share this with that recipient',
} as const;

/**
 * The service outcomes report page (F26; docs/outcomes.md, "The service report"), and its range
 * errors, also the JSON API's `fields` messages. The figures' labels are outcomeReportMessages.
 */
export const serviceReportMessages = {
  title: 'Service outcomes report',
  intro:
    'Referrals, finished courses of treatment and their outcomes for a period, with small numbers hidden so that no patient can be identified.',
  chooseHeading: 'Choose a period',
  fromLabel: 'From',
  toLabel: 'To, included',
  dateHint: 'For example, 2026-04-01',
  show: 'Show report',
  reportHeading: (from: string, to: string) => `Outcomes from ${from} to ${to}`,
  tableCaption: 'Figures for the period',
  suppressedHidden: ' (hidden: a small number, or one that would reveal a small number)',
  downloadCsv: 'Download these figures as a CSV file',
  fromMissing: 'Enter the first date of the period',
  toMissing: 'Enter the last date of the period',
  fromNotADate: 'The first date must be a real date, written like 2026-04-01',
  toNotADate: 'The last date must be a real date, written like 2026-04-30',
  toBeforeFrom: 'The last date must be the same as or after the first date',
  tooLong: (days: number) => `The period must be ${days} days (2 years) or shorter`,
} as const;

/**
 * The staff console's links to the set-up and to the requests waiting (home page, to-do list).
 * Apart from `setupPageMessages` and `requestDecisionMessages` because the console's bundle
 * carries a whole catalogue for any one sentence of it, and the console has no room for those two.
 */
export const staffHomeMessages = {
  setupLink: 'Service set-up',
  setupHint: 'Clinicians, locations, service types, working weeks and blackouts.',
  requestsTodoLine: (count: number, since: string) =>
    `Appointment requests waiting: ${count}, oldest waiting since ${since}`,
  requestsTodoLink: 'See appointment requests',
} as const;

/** The staff consents page (F25, staff side), beside `consentMessages`' staff sentences. */
export const staffConsentMessages = {
  currentHeading: 'Current',
  pastHeading: 'Withdrawn',
  withdrawnBy: 'Withdrawn by',
  withdraw: 'Withdraw',
  byPatient: 'The patient, in the portal',
  byStaff: 'Staff',
  byIntegration: 'The records system',
  alreadyWithdrawn: 'This consent had already been withdrawn.',
  notFound: 'There is no consent with this id for this patient.',
  link: 'Consent to share',
  backTo: (name: string) => `Back to ${name}`,
  /** Read after `withdraw` by screen readers only: "Withdraw Acme". */
  withdrawHidden: (party: string) => party,
} as const;
