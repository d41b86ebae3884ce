/**
 * Built on first call, then kept. For module-level zod schemas: building one costs at import, that
 * is on every cold start, while a request uses only a few of a Lambda's schemas.
 */
export const lazy = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

/**
 * Started on first call and kept once it succeeds; a failure is not kept, so the next call starts
 * again. For what a Lambda loads on demand (an SDK client's import, the identity provider's
 * discovery): one attempt at a time, and a passing fault does not stay for the container's life.
 */
export const lazyUntilFailure = <T>(start: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= start().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
};
