import type { PDFFont, PDFPage } from 'pdf-lib';
import type { GpReportDocument } from './gp-report-document.js';

// The GP report as a PDF (F24), drawn with pdf-lib from the same document as the HTML page.
//
// pdf-lib is large (about 100 KiB gzipped with its fonts' metrics), so it ships beside the bundle
// (infra/bundling.ts, `lazyModules`) and is imported here, on the first report only: the Lambdas'
// cold starts never load it.
//
// Accessibility, as far as the library allows: the document's title (shown in the window title
// bar rather than the file name) and its language (/Lang en-GB) are set, the text is real text in
// reading order (selectable, searchable, read aloud by readers that follow the content stream), and
// the layout is one column. pdf-lib cannot write a structure tree (tags, /MarkInfo), so the PDF is
// not a tagged PDF (PDF/UA); the HTML page is the accessible format, and docs/outcomes.md says so.
//
// The standard fonts (Helvetica) cover Windows-1252 only; a character outside it is written
// without its accent where that leaves one inside it (ő becomes o) and as "?" otherwise (Ł, 李),
// rather than failing the report. docs/outcomes.md lists this limit: embedding a Unicode font
// would need fontkit and a font file in the Lambda.

const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = 56;
const SIZES = { heading: 17, subheading: 13, body: 10.5 } as const;
const LEADING = 1.35;

/** The PDF metadata's dates: the instant the report was produced, so the bytes say when. */
export interface PdfOptions {
  readonly producedAt: Date;
  readonly author: string;
}

export const renderGpReportPdf = async (
  report: GpReportDocument,
  options: PdfOptions,
): Promise<Uint8Array> => {
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(report.title, { showInWindowTitleBar: true });
  pdf.setLanguage('en-GB');
  pdf.setAuthor(options.author);
  pdf.setSubject(report.heading);
  pdf.setCreator(options.author);
  pdf.setProducer(options.author);
  pdf.setCreationDate(options.producedAt);
  pdf.setModificationDate(options.producedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const black = rgb(0.05, 0.05, 0.05);
  const rule = rgb(0.7, 0.7, 0.7);
  const width = A4.width - 2 * MARGIN;

  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const room = (height: number) => {
    if (y - height >= MARGIN) return;
    page = pdf.addPage([A4.width, A4.height]);
    y = A4.height - MARGIN;
  };

  const writable = (font: PDFFont, text: string): string => {
    const supported = new Set(font.getCharacterSet());
    return [...text]
      .map((ch) => {
        if (supported.has(ch.codePointAt(0) ?? 0)) return ch;
        const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '');
        return [...plain].every((c) => supported.has(c.codePointAt(0) ?? 0)) && plain ? plain : '?';
      })
      .join('');
  };

  const wrap = (font: PDFFont, size: number, text: string, maxWidth: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of writable(font, text).split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    return lines;
  };

  const paragraph = (
    text: string,
    font = regular,
    size: number = SIZES.body,
    x = MARGIN,
    maxWidth = width,
  ) => {
    for (const line of wrap(font, size, text, maxWidth)) {
      room(size * LEADING);
      y -= size * LEADING;
      page.drawText(line, { x, y, size, font, color: black });
    }
  };

  const heading = (text: string, size: number) => {
    room(size * LEADING * 3);
    y -= size * 0.6;
    paragraph(text, bold, size);
    y -= size * 0.3;
  };

  heading(report.heading, SIZES.heading);
  paragraph(report.intro);

  for (const section of report.sections) {
    heading(section.heading, SIZES.subheading);
    for (const row of section.rows) {
      paragraph(row.label, bold);
      paragraph(row.value);
      y -= 3;
    }
  }

  heading(report.measures.heading, SIZES.subheading);
  paragraph(report.measures.caption);
  y -= 4;
  const columns = [0, width * 0.4, width * 0.7];
  const columnWidth = (i: number) => (columns[i + 1] ?? width) - (columns[i] ?? 0) - 6;
  const tableRow = (cells: readonly string[], font: PDFFont) => {
    const wrapped = cells.map((cell, i) => wrap(font, SIZES.body, cell, columnWidth(i)));
    const lines = Math.max(...wrapped.map((w) => w.length));
    const height = lines * SIZES.body * LEADING + 6;
    room(height);
    wrapped.forEach((cellLines, i) =>
      cellLines.forEach((line, n) =>
        page.drawText(line, {
          x: MARGIN + (columns[i] ?? 0),
          y: y - (n + 1) * SIZES.body * LEADING,
          size: SIZES.body,
          font,
          color: black,
        }),
      ),
    );
    y -= height;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + width, y }, thickness: 0.5, color: rule });
  };
  tableRow(report.measures.headers, bold);
  for (const row of report.measures.rows) tableRow(row, regular);

  heading(report.outcome.heading, SIZES.subheading);
  paragraph(report.outcome.text);
  heading(report.contact.heading, SIZES.subheading);
  paragraph(report.contact.text);
  y -= 4;
  paragraph(report.produced);

  // No object streams: a plain cross-reference table, which more (and older) readers open.
  return pdf.save({ useObjectStreams: false });
};
