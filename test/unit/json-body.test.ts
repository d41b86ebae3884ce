import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../shared/http/json-body.js';
import type { PortalRequest } from '../../shared/http/request.js';
import { createPatientBody } from '../../shared/http/routes/patients-api.js';
import { SignInBody } from '../../shared/http/routes/session-api.js';

const request = (body: string, type = 'application/json'): PortalRequest => ({
  routeKey: 'POST /x',
  path: '/x',
  pathParameters: {},
  query: {},
  headers: { 'content-type': type },
  cookies: {},
  body,
  sourceIp: '192.0.2.1',
  requestId: 'r',
});

const errorOf = (result: ReturnType<typeof parseJsonBody>) => {
  if (result.ok) throw new Error('expected an error');
  return { status: result.response.statusCode, body: JSON.parse(result.response.body as string) };
};

describe('parseJsonBody', () => {
  it('answers malformed JSON with 400 invalid_request', () => {
    expect(errorOf(parseJsonBody(request('{"secureId":'), SignInBody))).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
  });

  it('names unknown fields, wrong types and over-long strings, without echoing values', () => {
    const { status, body } = errorOf(
      parseJsonBody(
        request(JSON.stringify({ secureId: 'A'.repeat(41), dateOfBirth: 19850327, admin: true })),
        SignInBody,
      ),
    );
    expect(status).toBe(400);
    expect(Object.keys(body.error.fields).sort()).toEqual(['admin', 'dateOfBirth', 'secureId']);
    expect(JSON.stringify(body)).not.toContain('AAAA');
    expect(JSON.stringify(body)).not.toContain('19850327');
  });

  it('refuses a body that is not JSON by its content type', () => {
    expect(
      errorOf(parseJsonBody(request('secureId=x', 'application/x-www-form-urlencoded'), SignInBody)).status,
    ).toBe(415);
  });

  it('gives a value or a 400, never a crash, for any body', () => {
    const schema = createPatientBody('2026-11-23');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (body) => {
          const result = parseJsonBody(request(body), schema);
          if (!result.ok) expect(result.response.statusCode).toBe(400);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('checks a patient’s date of birth is real and not in the future', () => {
    const schema = createPatientBody('2026-11-23');
    const base = {
      givenName: 'A',
      familyName: 'B',
      contactPreference: 'email',
      email: 'a@example.com',
      stage: 'treatment',
    };
    for (const dateOfBirth of ['2023-02-30', '2026-11-24', '1985-3-27']) {
      const { body } = errorOf(parseJsonBody(request(JSON.stringify({ ...base, dateOfBirth })), schema));
      expect(body.error.fields).toHaveProperty('dateOfBirth');
    }
    expect(parseJsonBody(request(JSON.stringify({ ...base, dateOfBirth: '2026-11-23' })), schema).ok).toBe(
      true,
    );
  });
});
