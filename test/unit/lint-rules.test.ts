import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules that keep classic zod out of the Lambdas (eslint.config.js): run on snippets as if
// they were files at the given paths, so a rule that stopped matching would fail here.

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../..', import.meta.url)) });

const rulesBroken = async (code: string, filePath: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
};

const classic = "import * as z from 'zod';\nexport const S = z.string();\n";
const mini = "import * as z from 'zod/mini';\nexport const S = z.string();\n";

describe('zod imports', () => {
  it.each([
    'shared/data/new-entity.ts',
    'shared/http/routes/new-api.ts',
    'shared/config/runtime-config.ts',
    'shared/messages/new-message.ts',
  ])('refuses classic zod in %s, which a Lambda may reach', async (path) => {
    expect(await rulesBroken(classic, path)).toEqual(['no-restricted-imports']);
    expect(await rulesBroken(classic.replace("'zod'", "'zod/v4'"), path)).toEqual(['no-restricted-imports']);
    expect(await rulesBroken(mini, path)).toEqual([]);
  });

  it.each([
    'shared/config/service-config.ts',
    'shared/config/service-questionnaires.ts',
    'shared/domain/questionnaires/definition.ts',
    'infra/new-construct.ts',
    'local/new-tool.ts',
    'test/unit/new.test.ts',
  ])('allows classic zod in %s, which runs at synth, locally or in tests', async (path) => {
    expect(await rulesBroken(classic, path)).toEqual([]);
  });

  it('refuses the named import `{ z }` from either API, which defeats tree shaking', async () => {
    for (const source of ["'zod'", "'zod/mini'"]) {
      const code = `import { z } from ${source};\nexport const S = z.string();\n`;
      expect(await rulesBroken(code, 'infra/new-construct.ts')).toContain('no-restricted-syntax');
    }
  });
});
