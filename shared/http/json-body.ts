import * as z from 'zod/mini';
import { messages } from '../web/messages.js';
import { useEnglishIssues } from '../zod-english.js';
import type { PortalRequest } from './request.js';
import { apiError, type PortalResponse } from './responses.js';

// JSON request bodies: parsed and validated at the edge, so a route only ever sees a typed value.
// Every problem becomes a 400 `invalid_request` with one message per field (API.md); the values
// people sent are never echoed, since they may be personal data.

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: PortalResponse };

const MAX_BODY_CHARS = 16_384;

/** Field path -> message, for the `fields` of an error body. */
export const fieldMessages = (error: z.core.$ZodError): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= messages.api.unknownField;
      continue;
    }
    const path = issue.path.join('.') || 'body';
    fields[path] ??= issue.message;
  }
  return fields;
};

export const parseJsonBody = <S extends z.core.$ZodType>(
  req: PortalRequest,
  schema: S,
): Parsed<z.output<S>> => {
  const type = req.headers['content-type'] ?? '';
  // Requiring JSON also keeps cross-site form posts out of cookie-authenticated JSON routes.
  if (!type.toLowerCase().startsWith('application/json')) {
    return {
      ok: false,
      response: apiError(415, 'unsupported_media_type', messages.api.unsupportedMediaType),
    };
  }
  if (req.body.length > MAX_BODY_CHARS) {
    return {
      ok: false,
      response: apiError(400, 'invalid_request', messages.api.invalidRequest, {
        body: messages.fields.tooLong(MAX_BODY_CHARS),
      }),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(req.body);
  } catch {
    return { ok: false, response: apiError(400, 'invalid_request', messages.api.invalidJson) };
  }
  useEnglishIssues();
  const parsed = z.safeParse(schema, raw);
  if (!parsed.success) {
    return {
      ok: false,
      response: apiError(400, 'invalid_request', messages.api.invalidRequest, fieldMessages(parsed.error)),
    };
  }
  return { ok: true, value: parsed.data };
};
