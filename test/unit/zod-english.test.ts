import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../../shared/config/runtime-config.js';
import { parseJsonBody } from '../../shared/http/json-body.js';
import type { PortalRequest } from '../../shared/http/request.js';
import { SignInBody } from '../../shared/http/routes/session-api.js';

// The Lambdas validate with zod/mini, which sets no locale of its own: zod's English messages must
// still reach a 400 body and a start-up error. This file imports no classic zod (which would set
// English for the whole process), as in a bundle.

const request = (body: string): PortalRequest => ({
  routeKey: 'POST /x',
  path: '/x',
  pathParameters: {},
  query: {},
  headers: { 'content-type': 'application/json' },
  cookies: {},
  body,
  sourceIp: '192.0.2.1',
  requestId: 'r',
});

describe("zod's English messages under zod/mini", () => {
  it('names what was expected when a JSON body is not an object', () => {
    const result = parseJsonBody(request('[]'), SignInBody);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(JSON.parse(result.response.body as string)).toEqual({
      error: {
        code: 'invalid_request',
        message: expect.any(String),
        fields: { body: 'Invalid input: expected object, received array' },
      },
    });
  });

  it('names what is wrong with the environment when a Lambda starts', () => {
    expect(() =>
      parseRuntimeConfig({ TABLE_NAME: '', SERVICE_CONFIG_PATH: 'x', HMAC_SECRET: 'k'.repeat(32) }),
    ).toThrow(/Too small: expected string to have >=1 characters\s+→ at TABLE_NAME/);
  });
});
