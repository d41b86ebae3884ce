// The calendar file sent with an approval's confirmation (F14): one event, built with the `ics`
// package. Only the Lambda that approves requests imports this file, so notify, which sends the
// finished attachment, never carries the package. Even there it is not bundled: `ics` and its
// validator (yup) weigh 24 KiB gzipped, which would take the Lambda over the 130 KiB limit, so
// the package ships beside the bundle (infra/bundling.ts, `lazyModules`) and is imported on the
// first approval, never on the cold start of a page view.
//
// Times are UTC instants (`DTSTART:20270329T080000Z`), not a TZID with local times: an event
// with a TZID must carry that zone's VTIMEZONE rules (RFC 5545, 3.6.5), which the package does not
// write, and calendars read a UTC instant unambiguously. The patient's calendar shows it in their
// own zone, which for a patient of the service is the service's: an appointment at 09:00 London
// time on 29 March 2027, the day after the clocks go forward, is 08:00Z, and shows as 09:00; one
// on 26 March, before the change, is 09:00Z and shows as 09:00 too. The wall time in the
// service's zone is in the event's description and in the email itself.

export interface AppointmentEvent {
  /** The appointment's id: with the service's id it makes the UID, stable for this appointment. */
  readonly appointmentId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly serviceTypeName: string;
  readonly locationName?: string | undefined;
  /** UTC ISO instants. */
  readonly start: string;
  readonly end: string;
  /** The start as the service's clock reads it (e.g. "Monday 29 March at 9am"), for the description. */
  readonly localStart: string;
}

export class CalendarFileError extends Error {
  override name = 'CalendarFileError';
  constructor(readonly appointmentId: string) {
    super(`The calendar file for appointment ${appointmentId} could not be built`);
  }
}

/** The UID a calendar matches updates by: the same for every file about this appointment. */
export const appointmentUid = (appointmentId: string, serviceId: string): string =>
  `${appointmentId}@${serviceId}`;

/** The .ics text of one appointment (CRLF lines, as RFC 5545 wants). */
export const appointmentIcs = async (event: AppointmentEvent): Promise<string> => {
  const { createEvent } = await import('ics');
  const { error, value } = createEvent({
    productId: `-//${event.serviceId}//appointments//EN`,
    method: 'PUBLISH',
    uid: appointmentUid(event.appointmentId, event.serviceId),
    title: `${event.serviceName}: ${event.serviceTypeName}`,
    description: event.localStart,
    ...(event.locationName ? { location: event.locationName } : {}),
    start: Date.parse(event.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(event.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
  });
  if (error || !value) throw new CalendarFileError(event.appointmentId);
  return value;
};
