import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of DESIGN.md, checked twice: the lint allow-list (eslint/layers.js) and one tsconfig
 * per environment. Each fixture is linted as if it sat in a layer's folder, and each crossing the
 * design forbids must be reported; allowed imports must not be.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function lintAs(fixture: string, pretendPath: string) {
  const code = readFileSync(`test/lint-fixtures/${fixture}`, 'utf8');
  const [result] = await eslint.lintText(code, { filePath: pretendPath });
  return (result?.messages ?? []).filter((message) => message.severity === 2);
}

const importErrors = (errors: Awaited<ReturnType<typeof lintAs>>) => errors.filter((error) => error.ruleId === 'layers/allowed-imports');

describe('layering lint: each layer imports only what its allow-list names', () => {
  it('shared may not import better-sqlite3 or undici', async () => {
    const errors = importErrors(await lintAs('shared-imports-native-and-http.ts', 'src/shared/fixture.ts'));
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining('src/shared/ (main, preload and renderer alike) may not import "better-sqlite3"'),
      expect.stringContaining('may not import "undici"'),
    ]);
  });

  it('shared may not import Node built-ins, nor use DOM globals', async () => {
    const errors = await lintAs('shared-uses-dom.ts', 'src/shared/fixture.ts');
    expect(errors.map((error) => error.ruleId).sort()).toEqual(['layers/allowed-imports', 'no-restricted-globals']);
  });

  it('the renderer may not import the keychain binding', async () => {
    const errors = importErrors(await lintAs('renderer-imports-keychain.ts', 'src/renderer/src/fixture.ts'));
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('src/renderer/ (the sandboxed web page) may not import "@github/keytar"')]);
  });

  it('the renderer may not import Node built-ins or main', async () => {
    const errors = importErrors(await lintAs('renderer-imports-node.ts', 'src/renderer/src/fixture.ts'));
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining('may not import the Node built-in "node:fs"'),
      expect.stringContaining('may not import src/main/core/compose-core (layer src/main/core/)'),
    ]);
  });

  it('the renderer may not use Node globals', async () => {
    const errors = await lintAs('renderer-uses-process.ts', 'src/renderer/src/fixture.ts');
    expect(errors.map((error) => `${error.ruleId}: ${error.message}`)).toEqual([expect.stringMatching(/^no-restricted-globals: Unexpected use of 'process'/)]);
  });

  it('the preload may not import main/core', async () => {
    const errors = importErrors(await lintAs('preload-imports-core.ts', 'src/preload/fixture.ts'));
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining('src/preload/ (the sandboxed preload) may not import src/main/core/compose-core'),
    ]);
  });

  it('core may not import electron, nor reach up into the Electron shell', async () => {
    const electron = importErrors(await lintAs('core-imports-electron.ts', 'src/main/core/fixture.ts'));
    expect(electron.map((error) => error.message)).toEqual([
      expect.stringContaining('src/main/core/ (plain Node (tests, browser mode, the Electron main process)) may not import "electron"'),
    ]);
    const window = importErrors(await lintAs('core-imports-window.ts', 'src/main/core/fixture.ts'));
    expect(window.map((error) => error.message)).toEqual([expect.stringContaining('may not import src/main/window (layer src/main/)')]);
  });

  it('core may not use the DOM `window`', async () => {
    const errors = await lintAs('core-uses-window-global.ts', 'src/main/core/fixture.ts');
    expect(errors.map((error) => `${error.ruleId}: ${error.message}`)).toEqual([expect.stringMatching(/^no-restricted-globals: Unexpected use of 'window'/)]);
  });

  it('a source file in no layer is itself an error', async () => {
    const errors = await lintAs('layer-allowed-imports.ts', 'src/tools/fixture.ts');
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('src/tools/fixture.ts is in no layer')]);
  });

  it('accepts what the allow-lists name: core with Node, its packages, zod, shared and itself; main with electron', async () => {
    expect(await lintAs('layer-allowed-imports.ts', 'src/main/core/fixture.ts')).toEqual([]);
    expect(importErrors(await lintAs('core-imports-electron.ts', 'src/main/window-fixture.ts'))).toEqual([]);
    const [renderer] = await eslint.lintText(
      "import { useState } from 'react';\nimport { createRoot } from 'react-dom/client';\nimport { ConsoleError } from '../../shared/errors';\nexport const all = [useState, createRoot, ConsoleError];\n",
      {
        filePath: 'src/renderer/src/fixture.ts',
      },
    );
    expect(renderer?.messages).toEqual([]);
    const [preload] = await eslint.lintText(
      "import { contextBridge } from 'electron';\nimport { methodNames } from '../shared/contract';\nexport const all = [contextBridge, methodNames];\n",
      {
        filePath: 'src/preload/fixture.ts',
      },
    );
    expect(preload?.messages).toEqual([]);
  });

  it('only the IPC binding takes ipcMain', async () => {
    const [result] = await eslint.lintText("import { ipcMain } from 'electron';\nexport const x = ipcMain;\n", { filePath: 'src/main/window-fixture.ts' });
    expect(result?.messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
  });
});

/** Type-checks one fixture with the compiler options of one of the layer tsconfigs. */
function typecheckAs(config: string, fixture: string): string[] {
  const { config: json } = ts.readConfigFile(config, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(json, ts.sys, process.cwd());
  const program = ts.createProgram([`test/lint-fixtures/${fixture}`], { ...options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('layering types: one tsconfig per environment', () => {
  it('shared has no DOM: `window` is a type error', () => {
    expect(typecheckAs('tsconfig.shared.json', 'shared-uses-dom.ts')).toContainEqual(expect.stringContaining("Cannot find name 'window'"));
  });

  it('main, core and preload have no DOM', () => {
    expect(typecheckAs('tsconfig.node.json', 'core-uses-window-global.ts')).toContainEqual(expect.stringContaining("Cannot find name 'window'"));
  });

  it('the renderer has no Node: `process` is a type error', () => {
    expect(typecheckAs('tsconfig.web.json', 'renderer-uses-process.ts')).toContainEqual(expect.stringContaining("Cannot find name 'process'"));
  });

  it('the same code is fine where its environment exists', () => {
    expect(typecheckAs('tsconfig.node.json', 'renderer-uses-process.ts')).toEqual([]);
    expect(typecheckAs('tsconfig.web.json', 'core-uses-window-global.ts')).toEqual([]);
  });
});
