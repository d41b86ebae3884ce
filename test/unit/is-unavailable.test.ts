import { describe, expect, it } from 'vitest';
import { isUnavailable } from '../../shared/data/dynamo.js';

// Which failures the edge answers 503 "try again" (shared/http/middlewares.ts): the store did not
// answer or said "not now". Everything else stays what it was: an expected outcome the route
// handles, or a 500 worth a person's look.

const sdkError = (name: string, httpStatusCode?: number, attempts = 1) =>
  Object.assign(new Error('x'), { name, $metadata: { httpStatusCode, attempts } });
const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('isUnavailable', () => {
  it.each([
    ['a request timeout', sdkError('TimeoutError')],
    ['a refused connection', networkError('ECONNREFUSED')],
    ['a reset connection', networkError('ECONNRESET')],
    ['throttling', sdkError('ThrottlingException', 400)],
    ['provisioned throughput exceeded', sdkError('ProvisionedThroughputExceededException', 400)],
    ['a 503 on the way', sdkError('ServiceUnavailable', 503)],
    ['a 502 from a proxy, retried until the attempts ran out', sdkError('UnknownError', 502, 3)],
    ["DynamoDB's own 500, retried until the attempts ran out", sdkError('InternalServerError', 500, 3)],
  ])('is true for %s', (_, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a failed condition', sdkError('ConditionalCheckFailedException', 400)],
    ['a cancelled transaction', sdkError('TransactionCanceledException', 400)],
    ["DynamoDB's own 500 on a single attempt", sdkError('InternalServerError', 500)],
    ['a validation error', sdkError('ValidationException', 400)],
    ['a programming error', new TypeError('undefined is not a function')],
    ['no error object at all', 'text'],
    ['undefined', undefined],
  ])('is false for %s', (_, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
