import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../src/main/core/diagnostics/catalog-loader';
import { checkParam } from '../../src/shared/command-params';
import { KNOWN_COMMAND_IDS } from '../../src/shared/runbook';

/** The runbook's checklist steps open catalog commands pre-filled: ids and parameters must match. */
const catalog = bundledCatalog();
const runbook: unknown = JSON.parse(readFileSync('resources/runbooks/powernode.json', 'utf8'));

function commandRefs(node: unknown, found: Array<{ id: string; params: Record<string, string> }> = []) {
  if (Array.isArray(node)) for (const item of node) commandRefs(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const command = record.command as { id?: string; params?: Record<string, string> } | undefined;
    if (command && typeof command === 'object' && typeof command.id === 'string') found.push({ id: command.id, params: command.params ?? {} });
    for (const value of Object.values(record)) commandRefs(value, found);
  }
  return found;
}

describe('runbook steps and the command catalog', () => {
  it('every id the runbook schema knows is in the catalog', () => {
    const ids = new Set(catalog.commands.map((command) => command.id));
    for (const id of KNOWN_COMMAND_IDS) expect(ids.has(id), id).toBe(true);
  });

  it.each(commandRefs(runbook).map((ref) => [ref.id, ref] as const))('step opening %s names declared, valid parameters', (_id, ref) => {
    const command = catalog.commands.find((candidate) => candidate.id === ref.id);
    expect(command, ref.id).toBeDefined();
    for (const [name, value] of Object.entries(ref.params)) {
      const param = command!.params.find((candidate) => candidate.name === name);
      expect(param, `${ref.id} has no parameter ${name}`).toBeDefined();
      expect(checkParam(param!, value), `${ref.id}.${name}=${value}`).toMatchObject({ ok: true });
    }
  });
});
