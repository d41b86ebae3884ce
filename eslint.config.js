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
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as `import * as z from 'zod'` so that bundles tree-shake it.",
        },
      ],
    },
  },
);
