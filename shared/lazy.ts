/**
 * Built on first call, then kept. For module-level zod schemas: building one costs at import, that
 * is on every cold start, while a request uses only a few of a Lambda's schemas.
 */
export const lazy = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};
