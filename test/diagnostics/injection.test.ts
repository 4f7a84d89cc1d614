import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock';
import { bundledCatalog } from '../../src/main/core/diagnostics/catalog-loader';
import { planCommand } from '../../src/main/core/diagnostics/command-plan';
import { createDiagnostics } from '../../src/main/core/diagnostics/diagnostics-service';
import { EventBus } from '../../src/main/core/event-bus';
import type { HandlerMap } from '../../src/main/core/handlers';
import { ParamKind, type CatalogCommand, type CommandParam } from '../../src/shared/command-catalog';
import { checkParam } from '../../src/shared/command-params';

const marker = join(mkdtempSync(join(tmpdir(), 'ic-inject-')), 'pwned');
const ATTEMPTS = [
  `x; touch ${marker}`,
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `x' ; touch ${marker}; '`,
  `x" ; touch ${marker}; "`,
  `x\ntouch ${marker}`,
  '-oProxyCommand=touch',
  '--help',
  'a && b',
  'x|y',
  'x > /etc/passwd',
  '../../etc/passwd',
];

const catalog = bundledCatalog();
const everyParam: Array<[string, CommandParam, CatalogCommand]> = catalog.commands.flatMap((command) =>
  command.params.map((param): [string, CommandParam, CatalogCommand] => [`${command.id}.${param.name} (${param.kind})`, param, command]),
);

afterAll(() => rmSync(join(marker, '..'), { recursive: true, force: true }));

describe('parameter injection', () => {
  it('the catalog exercises every parameter kind', () => {
    const kinds = new Set(everyParam.map(([, param]) => param.kind));
    expect([...kinds].sort()).toEqual([...ParamKind.options].sort());
  });

  it.each(everyParam)('%s refuses ; $() backticks quotes newlines and leading -', (_name, param) => {
    for (const attempt of ATTEMPTS) {
      const checked = checkParam(param, attempt);
      expect(checked.ok, `${JSON.stringify(attempt)} accepted`).toBe(false);
    }
  });

  it.each(everyParam)('%s accepts its default', (_name, param) => {
    if (param.default !== undefined) expect(checkParam(param, param.default)).toMatchObject({ ok: true });
  });

  it('a host connection setting is checked like a typed value', () => {
    const host = { name: 'h', target: { kind: 'local' as const }, roles: [], connection: { redisPort: '6379; touch /tmp/x' } };
    expect(() =>
      planCommand(
        catalog.commands.find((c) => c.id === 'redis-ping')!,
        host,
        {},
        new Date(),
      ),
    ).toThrow(/Redis port/);
  });

  it('through the service, every attempt in every parameter is refused and runs nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ic-inject-data-'));
    const diagnostics = createDiagnostics({ dataDir, clock: systemClock, events: new EventBus(), journal: undefined });
    const handlers = diagnostics.handlers as HandlerMap;
    let refused = 0;
    for (const [, param, command] of everyParam) {
      for (const attempt of ATTEMPTS) {
        const run = () =>
          handlers['diagnostics.run']({
            commandId: command.id,
            hostName: 'local',
            params: { [param.name]: attempt },
            confirmed: { host: 'local', effect: command.effect },
          });
        expect(run).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
        refused += 1;
      }
    }
    expect(refused).toBe(everyParam.length * ATTEMPTS.length);
    expect((await handlers['diagnostics.listRuns']({})).runs).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    await diagnostics.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses parameters a command does not declare', () => {
    const command = catalog.commands.find((c) => c.id === 'pg-disk')!;
    expect(() => planCommand(command, { name: 'h', target: { kind: 'local' }, roles: [], connection: {} }, { extra: 'x' }, new Date())).toThrow(
      /takes no parameter "extra"/,
    );
  });
});
