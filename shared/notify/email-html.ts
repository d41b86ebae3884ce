// The HTML part of an email, made from its plain-text part so the two always say the same: a blank
// line starts a paragraph, a line break stays a line break, and a web address becomes a link.
// Plain on purpose, apart from a branded service's header band (F19): its name on its header colour
// and, when the logo is a PNG, the logo by its web address (mail clients show no SVG, and may
// block images, so the name is always there as text). Every value is escaped here. Built as text rather than with preact: this is the notify Lambda's only markup,
// and preact with its renderer is about 8 KiB gzipped of a bundle held under its size limit
// (test/infra/bundles.test.ts). The output is what preact-render-to-string gave.

const WEB_ADDRESS = /https?:\/\/[^\s<>"]+/g;
/** Punctuation that ends a sentence, not the address ("go to https://x.nhs.uk."). */
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;

/** What preact-render-to-string escapes, in text and in attribute values alike. */
const escapeHtml = (value: string): string =>
  value.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));

const withLinks = (line: string): string => {
  let out = '';
  let from = 0;
  for (const match of line.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(TRAILING_PUNCTUATION, '');
    const shown = escapeHtml(address);
    out += `${escapeHtml(line.slice(from, match.index))}<a href="${shown}">${shown}</a>`;
    from = match.index + address.length;
  }
  return out + escapeHtml(line.slice(from));
};

const paragraph = (text: string): string => `<p>${text.split('\n').map(withLinks).join('<br/>')}</p>`;

/** Paragraphs of the plain-text part: split at blank lines, ends of lines trimmed. */
export const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
        .trim(),
    )
    .filter((p) => p !== '');

/** A branded service's header band: colours the config check passed for contrast. */
export interface EmailBrand {
  readonly serviceName: string;
  readonly background: string;
  readonly colour: string;
  /** An absolute https address of a PNG logo, and what it shows. */
  readonly logo?: { readonly url: string; readonly alt: string } | undefined;
}

const header = (brand: EmailBrand): string =>
  `<div style="background-color:${escapeHtml(brand.background)};color:${escapeHtml(brand.colour)};padding:12px 16px;font-size:18px">` +
  (brand.logo
    ? `<img src="${escapeHtml(brand.logo.url)}" alt="${escapeHtml(brand.logo.alt)}" height="40" style="display:block;margin-bottom:4px"/>`
    : '') +
  `${escapeHtml(brand.serviceName)}</div>`;

export const emailHtml = (subject: string, text: string, brand?: EmailBrand): string =>
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"/>' +
  `<title>${escapeHtml(subject)}</title></head>` +
  `<body>${brand ? header(brand) : ''}${paragraphsOf(text).map(paragraph).join('')}</body></html>`;
