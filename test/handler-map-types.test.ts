import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CONTRACT = 'src/shared/contract.ts';
const COMPOSE_CORE = 'src/main/core/compose-core.ts';
const COMMS_SERVICE = 'src/main/core/comms/comms-service.ts';

/**
 * Type-checks the real core (main's tsconfig) against a contract with `extra` methods added after
 * the last one, as a newcomer would add a capability; answers the errors per file.
 */
function typecheckCoreWithMethods(extra: string): Map<string, string[]> {
  const { config } = ts.readConfigFile('tsconfig.node.json', ts.sys.readFile);
  const { options, fileNames } = ts.parseJsonConfigFileContent(config, ts.sys, process.cwd());
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const anchor = "  'postmortem.export':";
  host.readFile = (fileName) => {
    const text = readFile(fileName);
    if (text === undefined || !fileName.endsWith(CONTRACT)) return text;
    if (!text.includes(anchor)) throw new Error(`${CONTRACT} no longer has ${anchor.trim()}; update this test's anchor`);
    return text.replace(anchor, `${extra}\n${anchor}`);
  };
  // The core as its tsconfig compiles it: compose-core and the ambient declarations it relies on (`?raw` imports).
  const program = ts.createProgram([COMPOSE_CORE, ...fileNames.filter((name) => name.endsWith('.d.ts'))], { ...options, noEmit: true }, host);
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? relative(process.cwd(), resolve(diagnostic.file.fileName)) : '(global)';
    errors.set(file, [...(errors.get(file) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')]);
  }
  return errors;
}

describe('the handler map is complete by type', () => {
  it('a contract method no service handles, or one its service leaves out, does not compile', () => {
    const errors = typecheckCoreWithMethods(
      [
        "  'statusPage.publish': method('Publish the incident on the status page', IncidentRef, SavedFile),",
        "  'comms.digest': method('A digest of every update posted', IncidentRef, SavedFile),",
      ].join('\n'),
    );
    // No service serves the new namespace: composing the core fails, naming the method.
    expect(errors.get(COMPOSE_CORE)).toContainEqual(expect.stringMatching(/does not satisfy the expected type 'HandlerMap'[\s\S]*"statusPage\.publish"/));
    // The comms service serves every comms.* method: one it lacks is its own compile error.
    expect(errors.get(COMMS_SERVICE)).toContainEqual(expect.stringContaining('Property \'"comms.digest"\' is missing'));
    // And nothing else: the core as it is compiles.
    expect([...errors.keys()].sort()).toEqual([COMMS_SERVICE, COMPOSE_CORE].sort());
  }, 120_000);
});
