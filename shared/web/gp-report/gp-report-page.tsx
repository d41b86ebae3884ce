import { SummaryList } from '../components.js';
import type { GpReportDocument } from './gp-report-document.js';

// The GP report as an accessible HTML page (F24): one h1, a heading per part, details as nhsuk
// summary lists, the scores as a table with a caption and header cells scoped to their column or
// row, so a screen reader announces "First score" and the measure with each value. The staff page
// wraps it in its layout, with the PDF link beside it.

export const GpReportBody = ({ report }: { report: GpReportDocument }) => (
  <article>
    <h1>{report.heading}</h1>
    <p>{report.intro}</p>
    {report.sections.map((section) => (
      <section key={section.heading}>
        <h2>{section.heading}</h2>
        <SummaryList rows={section.rows.map((r) => ({ key: r.label, value: r.value }))} />
      </section>
    ))}
    <section>
      <h2>{report.measures.heading}</h2>
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption">{report.measures.caption}</caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            {report.measures.headers.map((h) => (
              <th scope="col" class="nhsuk-table__header" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {report.measures.rows.map(([name, first, last]) => (
            <tr class="nhsuk-table__row" key={name}>
              <th scope="row" class="nhsuk-table__header">
                {name}
              </th>
              <td class="nhsuk-table__cell">{first}</td>
              <td class="nhsuk-table__cell">{last}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
    <section>
      <h2>{report.outcome.heading}</h2>
      <p>{report.outcome.text}</p>
    </section>
    <section>
      <h2>{report.contact.heading}</h2>
      <p>{report.contact.text}</p>
      <p>{report.produced}</p>
    </section>
  </article>
);
