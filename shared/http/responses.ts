import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

export type PortalResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export interface ResponseExtras {
  readonly cookies?: string[];
  readonly headers?: Record<string, string>;
}

export const htmlPage = (statusCode: number, page: VNode, extras: ResponseExtras = {}): PortalResponse => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', ...extras.headers },
  cookies: extras.cookies ?? [],
  body: `<!DOCTYPE html>${render(page)}`,
});

/** Post/Redirect/Get: every successful form post answers with 303 to a page. */
export const seeOther = (location: string, extras: ResponseExtras = {}): PortalResponse => ({
  statusCode: 303,
  headers: { location, ...extras.headers },
  cookies: extras.cookies ?? [],
  body: '',
});

export const json = (statusCode: number, body: unknown, extras: ResponseExtras = {}): PortalResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...extras.headers },
  cookies: extras.cookies ?? [],
  body: JSON.stringify(body),
});

export const noContent = (extras: ResponseExtras = {}): PortalResponse => ({
  statusCode: 204,
  headers: { ...extras.headers },
  cookies: extras.cookies ?? [],
  body: '',
});

/**
 * API.md: every error body is `{"error": {"code", "message", "fields"?}}`. `alongside` adds
 * top-level members beside `error` (additions to the contract, such as `urgentHelp`).
 */
export const apiError = (
  statusCode: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
  extras: ResponseExtras & { readonly alongside?: Record<string, unknown> } = {},
): PortalResponse => {
  const { alongside, ...rest } = extras;
  return json(statusCode, { error: { code, message, ...(fields ? { fields } : {}) }, ...alongside }, rest);
};

/**
 * A file to download (a letter's PDF): the exact bytes, base64 in the Lambda's answer as API
 * Gateway asks for binary bodies, and sent as bytes. `no-store`: it is a patient's record.
 */
export const fileDownload = (
  bytes: Uint8Array,
  file: { readonly contentType: string; readonly fileName: string },
  extras: ResponseExtras = {},
): PortalResponse => ({
  statusCode: 200,
  headers: {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'no-store',
    ...extras.headers,
  },
  cookies: extras.cookies ?? [],
  body: Buffer.from(bytes).toString('base64'),
  isBase64Encoded: true,
});
