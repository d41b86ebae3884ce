import type { CalendarDateProblem } from '../domain/calendar-date.js';

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
  signIn: {
    // The same words whichever of the two was wrong (F2).
    invalidCredentials:
      'We could not sign you in with the Secure ID and date of birth you entered. Check them and try again.',
    locked: 'You cannot sign in for now because there have been too many attempts.',
    disabled:
      'Your Secure ID has been locked because there have been too many attempts. Call the service to get a new Secure ID.',
    formExpired: 'The page was open for too long. Enter your details again.',
  },
  session: {
    unauthenticated: 'Sign in to continue.',
  },
  api: {
    invalidJson: 'The request body must be valid JSON.',
    invalidRequest: 'The request has errors. See the fields for what to change.',
    unknownField: 'This field is not accepted here.',
    unauthorized: 'A valid integration key is required in the Authorization header.',
    notFound: 'There is nothing here.',
    internal: 'Sorry, something went wrong on our side. Try again later.',
    unsupportedMediaType: 'Send the request body as application/json.',
    patientNotFound: 'No patient has this id.',
    noAddressForPreference: 'The patient needs an address for the contact preference they chose.',
    changedMeanwhile: 'The patient was changed by another request at the same time. Try again.',
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
