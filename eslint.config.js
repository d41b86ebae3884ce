// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ESLint with typescript-eslint's recommended rules. Formatting is Prettier's (npm run lint runs both).
export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // `_name` marks a value left out on purpose, as in `const { secret: _, ...rest } = x`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'off',
      // `import { z } from 'zod'` bundles all of zod (443 KiB with its 60 locales, half a Lambda
      // bundle); the namespace import lets esbuild keep only what is used (83 KiB).
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value=/^zod(\\/mini)?$/] > ImportSpecifier[imported.name='z']",
          message: "Import zod as `import * as z from 'zod'` (or 'zod/mini') so that bundles tree-shake it.",
        },
      ],
    },
  },
  {
    // What a Lambda runs validates with zod/mini: classic zod's classes carry every method and
    // string format into each bundle (~97 KiB minified, and import time). Only the schemas that
    // run at synth (the service config, its message templates and the questionnaire definitions)
    // may use classic zod.
    files: ['shared/**/*.{ts,tsx}'],
    ignores: [
      'shared/config/service-config.ts',
      'shared/config/service-questionnaires.ts',
      'shared/config/message-templates.ts',
      'shared/config/branding.ts',
      'shared/domain/questionnaires/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // 'zod/v4' and 'zod/v3' are the classic API under other names.
          paths: ['zod', 'zod/v4', 'zod/v3'].map((name) => ({
            name,
            message:
              "Code under shared/ runs in a Lambda: import * as z from 'zod/mini' (classic zod is for synth-time schemas only).",
          })),
        },
      ],
    },
  },
);
