// LOINC's own display names (its Long Common Names) for the codes the built-in measures use, so a
// Coding says what LOINC says the code means. The patient-facing wording stays in `text`; a
// receiving system that checks displays against LOINC (a FHIR validator, a terminology server)
// finds LOINC's. Checked against loinc.org (answer lists LL358-3 and LL359-1) and HL7's published
// examples. Several PHQ items carry "[Reported.PHQ]" and others do not: that is LOINC's naming, as
// is 69689-8's "in last 4 weeks" (the code comes from the PHQ, whose item asks about 4 weeks).
//
// A code missing here (a service's own definition may use others) is exported without a display:
// FHIR makes display optional, and a made-up one would be wrong.

export const LOINC_DISPLAYS: Readonly<Record<string, string>> = {
  // PHQ-9
  '44249-1': 'PHQ-9 quick depression assessment panel [Reported.PHQ]',
  '44261-6': 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
  '44250-9': 'Little interest or pleasure in doing things in last 2 weeks',
  '44255-8': 'Feeling down, depressed, or hopeless in last 2 weeks',
  '44259-0': 'Trouble falling or staying asleep, or sleeping too much in last 2 weeks [Reported.PHQ]',
  '44254-1': 'Feeling tired or having little energy in last 2 weeks [Reported.PHQ]',
  '44251-7': 'Poor appetite or overeating in last 2 weeks [Reported.PHQ]',
  '44258-2':
    'Feeling bad about yourself - or that you are a failure or have let yourself or your family down in last 2 weeks [Reported.PHQ]',
  '44252-5':
    'Trouble concentrating on things, such as reading the newspaper or watching television in last 2 weeks [Reported.PHQ]',
  '44253-3':
    'Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual in last 2 weeks [Reported.PHQ]',
  '44260-8':
    'Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 weeks [Reported.PHQ]',
  '69722-7':
    'How difficult have these made it for you to do your work, take care of things at home, or get along with other people [Reported.PHQ]',
  // GAD-7
  '69737-5': 'Generalized anxiety disorder 7 item (GAD-7)',
  '70274-6': 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
  '69725-0': 'Feeling nervous, anxious or on edge in last 2 weeks',
  '68509-9': 'Not able to stop or control worrying in the last 2 weeks',
  '69733-4': 'Worrying too much about different things in last 2 weeks [Reported.PHQ]',
  '69734-2': 'Trouble relaxing in last 2 weeks [Reported.PHQ]',
  '69735-9': 'Being so restless that it is hard to sit still in last 2 weeks [Reported.PHQ]',
  '69689-8': 'Becoming easily annoyed or irritable in last 4 weeks [Reported.PHQ]',
  '69736-7': 'Feeling afraid as if something awful might happen in last 2 weeks [Reported.PHQ]',
  // Answers (LL358-3: PHQ-9 and GAD-7; LL359-1: the PHQ-9 difficulty question)
  'LA6568-5': 'Not at all',
  'LA6569-3': 'Several days',
  'LA6570-1': 'More than half the days',
  'LA6571-9': 'Nearly every day',
  'LA6572-7': 'Not difficult at all',
  'LA6573-5': 'Somewhat difficult',
  'LA6575-0': 'Very difficult',
  'LA6574-3': 'Extremely difficult',
};

/** LOINC's display for a code, or undefined when the portal does not hold it. */
export const loincDisplay = (code: string): string | undefined =>
  Object.hasOwn(LOINC_DISPLAYS, code) ? LOINC_DISPLAYS[code] : undefined;
