import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';

// The HTML part of an email, made from its plain-text part so the two always say the same: a blank
// line starts a paragraph, a line break stays a line break, and a web address becomes a link.
// Plain on purpose: no inline styles and no images, which mail clients block or strip; preact
// escapes every value. Branding is left to a later change.

const WEB_ADDRESS = /https?:\/\/[^\s<>"]+/g;
/** Punctuation that ends a sentence, not the address ("go to https://x.nhs.uk."). */
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;

const withLinks = (line: string): ComponentChildren[] => {
  const out: ComponentChildren[] = [];
  let from = 0;
  for (const match of line.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(TRAILING_PUNCTUATION, '');
    out.push(line.slice(from, match.index), <a href={address}>{address}</a>);
    from = match.index + address.length;
  }
  out.push(line.slice(from));
  return out.filter((part) => part !== '');
};

const Paragraph = ({ text }: { text: string }) => (
  <p>{text.split('\n').flatMap((line, i) => (i === 0 ? withLinks(line) : [<br />, ...withLinks(line)]))}</p>
);

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

export const emailHtml = (subject: string, text: string): string =>
  `<!DOCTYPE html>${render(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{subject}</title>
      </head>
      <body>
        {paragraphsOf(text).map((p) => (
          <Paragraph text={p} />
        ))}
      </body>
    </html>,
  )}`;
