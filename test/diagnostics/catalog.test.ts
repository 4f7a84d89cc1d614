import { describe, expect, it } from 'vitest';
import { bundledCatalog, parseCatalog } from '../../src/main/core/diagnostics/catalog-loader';
import { ConsoleError } from '../../src/shared/errors';
import { templatesOf } from '../../src/shared/command-catalog';

const catalog = bundledCatalog();
const byId = (id: string) => catalog.commands.find((command) => command.id === id)!;

describe('the Powernode command catalog', () => {
  it('holds every command the runbook names, under stable ids', () => {
    const ids = catalog.commands.map((command) => command.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'service-status',
        'backend-logs',
        'recent-deploys',
        'migration-status',
        'redis-ping',
        'redis-queue-depth',
        'redis-dead-set',
        'worker-status',
        'worker-stop-start',
        'pg-connection',
        'pg-activity-by-state',
        'pg-waiting-queries',
        'pg-disk',
        'pg-backup',
      ]),
    );
  });

  it('follows the runbook text where the server agrees', () => {
    expect(byId('backend-logs').argv).toEqual(['journalctl', '-u', '{unit}', '-n', '{lines}', '--no-pager']);
    expect(byId('recent-deploys').argv).toContain('--since={since}');
    expect(byId('pg-connection').argv).toContain('SELECT now();');
    expect(byId('pg-activity-by-state').argv).toContain('SELECT count(*), state FROM pg_stat_activity GROUP BY state;');
    expect(byId('pg-disk').argv).toEqual(['df', '-h', '{path}']);
  });

  it('stops, waits 30 s and starts the worker, never restart', () => {
    const command = byId('worker-stop-start');
    expect(command.effect).toBe('change');
    expect(command.steps?.map((step) => ('run' in step ? step.run.slice(2, 4).join(' ') : `wait ${step.waitSeconds}`))).toEqual([
      'systemctl stop',
      'wait 30',
      'systemctl start',
    ]);
    for (const item of catalog.commands) for (const template of templatesOf(item)) expect(template).not.toContain('restart');
  });

  it('backs up with pg_dump -Fc and a label (there is no backup-database.sh)', () => {
    const command = byId('pg-backup');
    expect(command.effect).toBe('change');
    expect(command.argv?.slice(0, 2)).toEqual(['pg_dump', '-Fc']);
    expect(command.argv).toContain('{backupDir}/{label}_{timestamp}.dump');
    expect(JSON.stringify(catalog)).not.toMatch(/backup-database\.sh"/);
  });

  it('every change says what it changes', () => {
    for (const command of catalog.commands.filter((item) => item.effect === 'change')) expect(command.changeDescription).toBeTruthy();
  });

  it('refuses a catalog with an undeclared placeholder or a path without allow-list', () => {
    expect(() =>
      parseCatalog({ version: 1, commands: [{ id: 'bad', title: 't', group: 'g', description: 'd', argv: ['echo', '{nope}'], effect: 'read' }] }),
    ).toThrow(/nope/);
    expect(() =>
      parseCatalog({
        version: 1,
        commands: [
          { id: 'bad', title: 't', group: 'g', description: 'd', argv: ['ls', '{p}'], params: [{ name: 'p', label: 'P', kind: 'path' }], effect: 'read' },
        ],
      }),
    ).toThrow(/allow-list/);
  });

  it("a refused catalog is the console's own failure, CATALOG_INVALID, naming the field at fault", () => {
    let thrown: unknown;
    try {
      parseCatalog({ version: 1, commands: [{ id: 'bad', title: '', group: 'g', description: 'd', argv: ['true'], effect: 'read' }] }, 'test catalog');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConsoleError);
    expect(thrown).toMatchObject({ code: 'CATALOG_INVALID', issues: [expect.objectContaining({ path: 'commands.0.title' })] });
    expect((thrown as Error).message).toMatch(/^Invalid test catalog: commands\.0\.title: /);
  });
});
