import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lintAs(fixture: string, pretendPath: string) {
  const code = readFileSync(`test/lint-fixtures/${fixture}`, 'utf8');
  const [result] = await eslint.lintText(code, { filePath: pretendPath });
  return (result?.messages ?? []).filter((message) => message.severity === 2);
}

describe('layering lint', () => {
  it('fails when a core file imports electron', async () => {
    const errors = await lintAs('core-imports-electron.ts', 'src/main/core/fixture.ts');
    expect(errors.map((error) => error.ruleId)).toContain('no-restricted-imports');
    expect(errors.some((error) => error.message.includes('src/main/core runs under plain Node'))).toBe(true);
  });

  it('accepts the same import outside core (the Electron entry needs it)', async () => {
    const errors = await lintAs('core-imports-electron.ts', 'src/main/window-fixture.ts');
    expect(errors.filter((error) => error.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  it('fails when the renderer imports Node or main', async () => {
    const errors = await lintAs('renderer-imports-node.ts', 'src/renderer/src/fixture.ts');
    const restricted = errors.filter((error) => error.ruleId === 'no-restricted-imports');
    expect(restricted).toHaveLength(2);
  });

  it('fails when shared code touches Node or the DOM', async () => {
    const errors = await lintAs('shared-uses-dom.ts', 'src/shared/fixture.ts');
    expect(errors.map((error) => error.ruleId).sort()).toEqual(['no-restricted-globals', 'no-restricted-imports']);
  });

  it('fails when a main file other than the IPC binding takes ipcMain', async () => {
    const [result] = await eslint.lintText("import { ipcMain } from 'electron';\nexport const x = ipcMain;\n", {
      filePath: 'src/main/window-fixture.ts',
    });
    expect(result?.messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
  });
});
