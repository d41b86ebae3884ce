import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';

// Classic zod sets its English messages when its first schema is built; zod/mini sets no locale,
// so an issue without a message of ours would read only "Invalid input" (a body that is not an
// object, say). Set here on first use, as classic does: a top-level call would be dropped with
// this module under "sideEffects": false, and a locale already set is left alone. English alone is
// imported: through z.locales a bundle would carry all of zod's locales.
export const useEnglishIssues = (): void => {
  if (!z.config().localeError) z.config(en());
};
