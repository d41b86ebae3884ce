import { render } from 'preact-render-to-string';
import type { OutboxEntry } from '../shared/notify/sms-outbox.js';
import { assetSources } from '../shared/web/assets.js';

// The local SMS outbox (`npm start` prints its address): what would have reached patients'
// phones, newest first. A local developer page, not a portal route, so it is outside the route
// table and never deployed. Rendered with preact, so every value is escaped.

export const smsOutboxPage = (messages: readonly OutboxEntry[]): string =>
  `<!DOCTYPE html>${render(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>SMS outbox - local portal</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <link rel="stylesheet" href={assetSources.stylesheet.url} />
      </head>
      <body>
        <div class="nhsuk-width-container">
          <main class="nhsuk-main-wrapper" id="maincontent">
            <h1>SMS outbox</h1>
            <p>
              Text messages the local portal has sent, newest first (also as{' '}
              <a href="/local/sms-outbox.json">JSON</a>). Emails are in the SES emulator's inbox.
            </p>
            {messages.length === 0 ? (
              <p>No messages yet. The reminder scan runs every minute.</p>
            ) : (
              <table class="nhsuk-table">
                <thead class="nhsuk-table__head">
                  <tr class="nhsuk-table__row">
                    <th scope="col" class="nhsuk-table__header">
                      Sent
                    </th>
                    <th scope="col" class="nhsuk-table__header">
                      To
                    </th>
                    <th scope="col" class="nhsuk-table__header">
                      From
                    </th>
                    <th scope="col" class="nhsuk-table__header">
                      Message
                    </th>
                  </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                  {[...messages].reverse().map((m) => (
                    <tr class="nhsuk-table__row" key={m.messageId}>
                      <td class="nhsuk-table__cell">{m.at}</td>
                      <td class="nhsuk-table__cell">{m.to}</td>
                      <td class="nhsuk-table__cell">{m.senderId}</td>
                      <td class="nhsuk-table__cell">{m.text}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </main>
        </div>
      </body>
    </html>,
  )}`;
