import { describe, expect, it } from 'vitest';
import { Branding, brandingContrastProblems } from '../../shared/config/branding.js';
import { parseServiceConfig } from '../../shared/config/service-config.js';
import { contrastRatio, formatRatio } from '../../shared/domain/contrast.js';
import { emailHtml } from '../../shared/notify/email-html.js';
import { renderMessage } from '../../shared/notify/render.js';
import { brandLogoUrl, brandStylesheet } from '../../shared/web/brand.js';
import { testService } from '../support/portal-fixture.js';

// Branding (issue 15, item 7; F19): colours are checked for WCAG 2.2 AA contrast when the config
// is loaded, so a failing colour fails `cdk synth` with its ratio; pages and emails wear them.

const { id, name, phone, timeZone, clinicians, serviceTypes, questionnaires } = testService();
const minimal = { id, name, phone, timeZone, clinicians, serviceTypes, questionnaires };

describe('WCAG contrast', () => {
  it('gives the ratios people quote: black on white 21:1, #767676 on white just over 4.5:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(formatRatio(contrastRatio('#767676', '#ffffff'))).toBe('4.54:1');
    // Symmetric: the order of the two colours does not matter.
    expect(contrastRatio('#005eb8', '#f0f4f5')).toBe(contrastRatio('#f0f4f5', '#005eb8'));
  });

  it('rounds a failing ratio down, so 4.499 never prints as 4.50', () => {
    expect(formatRatio(4.499)).toBe('4.49:1');
  });
});

describe('branding in the service config', () => {
  it('passes NHS colours and refuses a header colour too light for its text, naming the ratio', () => {
    expect(brandingContrastProblems(Branding.parse({}))).toEqual([]);
    const problems = brandingContrastProblems(Branding.parse({ colours: { header: '#7fb3d5' } }));
    expect(problems).toEqual([
      'branding.colours.headerText #ffffff has a contrast ratio of 2.25:1 against branding.colours.header #7fb3d5; WCAG 2.2 AA needs at least 4.5:1. Choose a darker or lighter colour.',
    ]);
  });

  it('checks links against the grey page as well as white cards', () => {
    // #2e8540 passes on white (4.69:1) but not on nhsuk's grey page background.
    const problems = brandingContrastProblems(Branding.parse({ colours: { link: '#2e8540' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('against the page background #f0f4f5');
  });

  it('fails the config load (and so cdk synth) with the ratio, and explains a malformed colour', () => {
    expect(() =>
      parseServiceConfig({ ...minimal, branding: { colours: { button: '#ffcc00' } } }, 'brand-test.json'),
    ).toThrow(/branding\.colours\.buttonText #ffffff has a contrast ratio of 1\.\d\d:1/);
    expect(() =>
      parseServiceConfig({ ...minimal, branding: { colours: { link: 'purple' } } }, 'b.json'),
    ).toThrow('branding.colours.link must be a colour written as #rrggbb');
    expect(() =>
      parseServiceConfig({ ...minimal, branding: { logo: { file: '../secrets.png', alt: 'x' } } }, 'b.json'),
    ).toThrow('branding.logo.file must be an .svg or .png file beside the service config');
  });
});

describe('the brand on pages and emails', () => {
  const branding = Branding.parse({
    logo: { file: 'north/logo.png', alt: 'North Talking Therapies' },
    colours: { header: '#4c2c92', button: '#00703c' },
  });

  it('makes a stylesheet with the colours, and publishes the logo under /assets/brand/', () => {
    const css = brandStylesheet(branding);
    expect(css).toContain('.nhsuk-header{background-color:#4c2c92;color:#ffffff}');
    expect(css).toContain('.nhsuk-button{background-color:#00703c;box-shadow:0 4px 0 #00381e');
    expect(brandLogoUrl(branding)).toBe('/assets/brand/logo.png');
    expect(brandLogoUrl(undefined)).toBeUndefined();
  });

  it("puts a branded service's header band, with a PNG logo by its address, on its emails", () => {
    const service = parseServiceConfig(
      { ...minimal, portalUrl: 'https://north.example.com', branding },
      'north.json',
    );
    const email = renderMessage(service, 'reminder', 'email', { start: '2027-01-05T10:00:00Z' });
    if (email.channel !== 'email') throw new Error('expected an email');
    expect(email.html).toContain('<div style="background-color:#4c2c92;color:#ffffff;');
    expect(email.html).toContain(
      '<img src="https://north.example.com/assets/brand/logo.png" alt="North Talking Therapies"',
    );
    // Without branding the email stays plain.
    expect(emailHtml('Subject', 'Text')).not.toContain('style=');
  });
});
