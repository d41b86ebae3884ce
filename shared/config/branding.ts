import * as z from 'zod';
import { AA_TEXT_CONTRAST, contrastRatio, formatRatio, isHexColour } from '../domain/contrast.js';

// A service's look (F19): its logo, its colours and a few words of instructions on the sign-in
// page. Optional: without it the portal wears nhsuk-frontend's own colours. Every colour is
// checked when the config is loaded against the colour it carries text on, so a brand that would
// fail WCAG 2.2 AA contrast fails `cdk synth` with the ratio, before a patient could see it.

const colour = (name: string) =>
  z
    .string({ error: `branding.colours.${name} must be a colour written as #rrggbb, such as #005eb8` })
    .refine(isHexColour, `branding.colours.${name} must be a colour written as #rrggbb, such as #005eb8`);

/** nhsuk-frontend's own colours: what a service without branding wears. */
export const NHS_COLOURS = {
  header: '#005eb8',
  headerText: '#ffffff',
  link: '#005eb8',
  button: '#007f3b',
  buttonText: '#ffffff',
} as const;

/** nhsuk-frontend's page background (grey-5), where links sit; cards are white. */
const PAGE_BACKGROUNDS = { 'the page background #f0f4f5': '#f0f4f5', 'white cards #ffffff': '#ffffff' };

export const Branding = z.strictObject({
  logo: z
    .strictObject({
      /**
       * The logo's file, beside the service's config: `demo/logo.svg` is infra/services/demo/logo.svg.
       * SVG or PNG; it is published with the portal's assets at /assets/brand/<file name>.
       */
      file: z
        .string()
        .regex(
          /^([a-z0-9][a-z0-9_-]*\/)*[a-z0-9][a-z0-9._-]*\.(svg|png)$/,
          'branding.logo.file must be an .svg or .png file beside the service config, such as demo/logo.svg',
        ),
      /** What the logo says, for people who cannot see it (the header link reads it out). */
      alt: z.string().trim().min(1, 'branding.logo.alt must say what the logo shows').max(100),
    })
    .optional(),
  colours: z
    .strictObject({
      header: colour('header').default(NHS_COLOURS.header),
      headerText: colour('headerText').default(NHS_COLOURS.headerText),
      link: colour('link').default(NHS_COLOURS.link),
      button: colour('button').default(NHS_COLOURS.button),
      buttonText: colour('buttonText').default(NHS_COLOURS.buttonText),
    })
    .prefault({}),
  /** A few words on the sign-in page, such as where the Secure ID is found. */
  instructions: z.string().trim().min(1).max(600).optional(),
});
export type Branding = z.infer<typeof Branding>;

/** Each colour pair that fails WCAG 2.2 AA, as a sentence with the ratio; empty when all pass. */
export const brandingContrastProblems = (branding: Branding): string[] => {
  const { colours } = branding;
  const problems: string[] = [];
  const check = (what: string, foreground: string, against: string, background: string) => {
    const ratio = contrastRatio(foreground, background);
    if (ratio < AA_TEXT_CONTRAST) {
      problems.push(
        `${what} ${foreground} has a contrast ratio of ${formatRatio(ratio)} against ${against} ${background}; ` +
          `WCAG 2.2 AA needs at least ${AA_TEXT_CONTRAST}:1. Choose a darker or lighter colour.`,
      );
    }
  };
  check('branding.colours.headerText', colours.headerText, 'branding.colours.header', colours.header);
  check('branding.colours.buttonText', colours.buttonText, 'branding.colours.button', colours.button);
  for (const [where, background] of Object.entries(PAGE_BACKGROUNDS)) {
    check('branding.colours.link', colours.link, where.split(' #')[0] ?? where, background);
  }
  return problems;
};
