import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock';
import { bundledCatalog } from '../../src/main/core/diagnostics/catalog-loader';
import { createDiagnostics, type Diagnostics } from '../../src/main/core/diagnostics/diagnostics-service';
import { EventBus } from '../../src/main/core/event-bus';
import type { HandlerMap } from '../../src/main/core/handlers';
import type { CommandCatalog } from '../../src/shared/command-catalog';
import type { EventPayload } from '../../src/shared/contract';
import type { HostInput, RunSummary } from '../../src/shared/diagnostics-schemas';
import { Journal } from '../../src/main/core/journal/journal';
import { startPostgres, type TestPostgres } from '../support/postgres-server';
import { startRedis, type TestRedis } from '../support/redis-server';
import { startSshd, type TestSshd } from '../support/sshd-server';

/**
 * The runbook's commands against real services on loopback, through both paths: run locally,
 * and over a real sshd with the system OpenSSH client.
 */
let sshd: TestSshd;
let redis: TestRedis;
let pg: TestPostgres;
let blackhole: Server;
let blackholePort: number;
const openSockets = new Set<Socket>();
let dataDir: string;
let backupDir: string;
const events: Array<{ name: string; payload: unknown }> = [];
let journal: Journal;
let diagnostics: Diagnostics;
let handlers: HandlerMap;

beforeAll(async () => {
  [sshd, redis, pg] = await Promise.all([startSshd(), startRedis(), startPostgres()]);
  // Accepts connections and never answers: a hung Redis.
  blackhole = createServer((socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  blackholePort = (blackhole.address() as { port: number }).port;

  dataDir = mkdtempSync(join(tmpdir(), 'ic-diag-'));
  // The real SQLite journal: runs are appended to its hash chain like in the app.
  journal = new Journal({ path: join(dataDir, 'journal.sqlite'), clock: systemClock, author: 'test-operator' });
  backupDir = mkdtempSync(join(tmpdir(), 'ic-backups-'));
  const bus = new EventBus();
  bus.subscribe((name, payload) => events.push({ name, payload }));
  diagnostics = createDiagnostics({ dataDir, clock: systemClock, events: bus, journal, catalog: catalogWithBackupDir(backupDir) });
  handlers = diagnostics.handlers as HandlerMap;
  const connection = {
    redisHost: '127.0.0.1',
    redisPort: String(redis.port),
    pgHost: '127.0.0.1',
    pgPort: String(pg.port),
    pgUser: pg.user,
    pgDatabase: pg.database,
  };
  await handlers['diagnostics.saveHost']({ host: parseHost({ name: 'local', target: { kind: 'local' }, roles: ['db', 'redis'], connection }) });
  await handlers['diagnostics.saveHost']({ host: parseHost({ name: 'via-ssh', target: sshd.target(), roles: ['db', 'redis'], connection }) });
}, 90_000);

afterAll(async () => {
  await diagnostics?.close();
  journal?.close();
  for (const socket of openSockets) socket.destroy();
  blackhole?.close();
  await Promise.all([sshd?.stop(), redis?.stop(), pg?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(backupDir, { recursive: true, force: true });
});

function parseHost(host: HostInput) {
  return { roles: [], connection: {}, ...host } as Parameters<HandlerMap['diagnostics.saveHost']>[0]['host'];
}

function catalogWithBackupDir(dir: string): CommandCatalog {
  const catalog = structuredClone(bundledCatalog());
  for (const command of catalog.commands) {
    for (const param of command.params) if (param.name === 'backupDir') param.allowed = [dir];
  }
  return catalog;
}

async function runToEnd(input: Parameters<HandlerMap['diagnostics.run']>[0]): Promise<{ run: RunSummary; output: string; live: string }> {
  const started = await handlers['diagnostics.run'](input);
  const run = await diagnostics.whenFinished(started.runId);
  const detail = await handlers['diagnostics.getRun']({ runId: started.runId });
  const live = events
    .filter((event) => event.name === 'diagnostics.output' && (event.payload as EventPayload<'diagnostics.output'>).runId === started.runId)
    .map((event) => (event.payload as EventPayload<'diagnostics.output'>).text)
    .join('');
  return { run, output: detail.output, live };
}

function openIncident(): string {
  return journal.createIncident({ title: 'API returning 5xx', detectedBy: 'alert' }).id;
}

function journaled(incidentId: string, runId: string) {
  const entry = journal.allEntries(incidentId).find((candidate) => (candidate.data as { runId?: string } | null)?.runId === runId);
  expect(entry, 'journal entry for the run').toBeDefined();
  expect(journal.verify(incidentId).ok).toBe(true);
  return entry!;
}

describe.each(['local', 'via-ssh'])('on host %s', (hostName) => {
  it('redis PING answers PONG and is journaled with host, argv, exit code and output', async () => {
    const incidentId = openIncident();
    const { run, output, live } = await runToEnd({ commandId: 'redis-ping', hostName, params: {}, incidentId });
    expect(run.status, output).toBe('succeeded');
    expect(output.trim()).toBe('PONG');
    expect(live.trim()).toBe('PONG');
    const entry = journaled(incidentId, run.runId);
    expect(entry.kind).toBe('command_run');
    expect(entry.author).toBe('test-operator');
    expect(entry.data).toMatchObject({
      commandId: 'redis-ping',
      argv: ['redis-cli', '-h', '127.0.0.1', '-p', String(redis.port), '-n', '1', 'PING'],
      exitCode: 0,
      outcome: 'succeeded',
      output: 'PONG\n',
      outputTruncated: false,
    });
    expect((entry.data as { host: string }).host).toContain(hostName);
  });

  it('LLEN gives the real queue depth', async () => {
    const key = `queue:reports-${hostName}`;
    redis.cli('-n', '1', 'DEL', key);
    redis.cli('-n', '1', 'RPUSH', key, 'a', 'b', 'c', 'd');
    const { run, output } = await runToEnd({ commandId: 'redis-queue-depth', hostName, params: { queue: key } });
    expect(run.status, output).toBe('succeeded');
    expect(output.trim()).toBe('4');
  });

  it('psql SELECT now() answers with the server time', async () => {
    const before = pg.psql("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
    const { run, output } = await runToEnd({ commandId: 'pg-connection', hostName, params: {} });
    expect(run.status, output).toBe('succeeded');
    expect(output).toMatch(/\bnow\b/);
    expect(output).toContain(before);
    expect(output).toContain('(1 row)');
  });

  it('pg_stat_activity by state counts the live sessions', async () => {
    const { run, output } = await runToEnd({ commandId: 'pg-activity-by-state', hostName, params: {} });
    expect(run.status, output).toBe('succeeded');
    // The psql session running the query is itself active.
    expect(output).toMatch(/\d+\s*\|\s*active/);
  });

  it('a hung command is stopped at its timeout and journaled as timed_out', async () => {
    const incidentId = openIncident();
    const { run } = await runToEnd({ commandId: 'redis-ping', hostName, params: { redisPort: String(blackholePort) }, incidentId, timeoutSeconds: 2 });
    expect(run.status).toBe('timed_out');
    expect(run.durationMs).toBeGreaterThanOrEqual(1900);
    const entry = journaled(incidentId, run.runId);
    expect(entry.data).toMatchObject({ outcome: 'timed_out' });
    expect(entry.text).toContain('timed out');
    // Nothing is left hanging on the host either (over SSH the remote watchdog stops it).
    await waitUntil(() => !processRunning(`redis-cli -h 127.0.0.1 -p ${blackholePort}`));
  });

  it('secrets in the output (query texts in pg_stat_activity) never reach the journal or the live stream', async () => {
    const secrets = {
      password: 'hunter2-planted',
      url: 'postgres://app:s3cr3t-planted@db.internal/app',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlLXBsYW50ZWQ',
      aws: 'AKIAPLANTEDEXAMPLE12',
    };
    const holder = startPsqlSleeper(pg, `/* password=${secrets.password} ${secrets.url} Bearer ${secrets.jwt} ${secrets.aws} */`);
    try {
      await waitUntil(() => pg.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep%planted%' AND pid <> pg_backend_pid()") !== '0');
      const incidentId = openIncident();
      const { run, output, live } = await runToEnd({ commandId: 'pg-waiting-queries', hostName, params: {}, incidentId });
      expect(run.status, output).toBe('succeeded');
      expect(output).toContain('pg_sleep');
      expect(output).toContain('[REDACTED');
      const stored = JSON.stringify(journaled(incidentId, run.runId));
      for (const secret of [secrets.password, 's3cr3t-planted', secrets.jwt, secrets.aws, 'c2lnbmF0dXJlLXBsYW50ZWQ']) {
        expect(output).not.toContain(secret);
        expect(live).not.toContain(secret);
        expect(stored).not.toContain(secret);
      }
    } finally {
      holder.kill();
    }
  });
});

describe('runs', () => {
  it('several runs go at once, and cancel stops one of them', async () => {
    const slow = await handlers['diagnostics.run']({
      commandId: 'redis-ping',
      hostName: 'local',
      params: { redisPort: String(blackholePort) },
      timeoutSeconds: 60,
    });
    const quick = await runToEnd({ commandId: 'redis-ping', hostName: 'via-ssh', params: {} });
    expect(quick.run.status).toBe('succeeded');
    const listed = await handlers['diagnostics.listRuns']({});
    expect(listed.runs.find((run) => run.runId === slow.runId)?.status).toBe('running');
    await handlers['diagnostics.cancel']({ runId: slow.runId });
    const ended = await diagnostics.whenFinished(slow.runId);
    expect(ended.status).toBe('cancelled');
  });

  it('a command that changes a system is refused without a confirmation naming the host, and runs with one', async () => {
    const input = { commandId: 'pg-backup', hostName: 'via-ssh', params: { label: 'evidence', backupDir } };
    expect(() => handlers['diagnostics.run'](input)).toThrow(expect.objectContaining({ code: 'CONFIRMATION_REQUIRED' }));
    expect(() => handlers['diagnostics.run']({ ...input, confirmed: { host: 'local', effect: 'change' } })).toThrow(
      expect.objectContaining({ code: 'CONFIRMATION_REQUIRED' }),
    );
    expect(readdirSync(backupDir)).toEqual([]);
    const incidentId = openIncident();
    const { run, output } = await runToEnd({ ...input, incidentId, confirmed: { host: 'via-ssh', effect: 'change' } });
    expect(run.status, output).toBe('succeeded');
    const files = readdirSync(backupDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^evidence_\d{8}_\d{6}\.dump$/);
    expect(existsSync(join(backupDir, files[0]!))).toBe(true);
    expect(journaled(incidentId, run.runId).data).toMatchObject({ effect: 'change', argv: expect.arrayContaining(['pg_dump', '-Fc']) });
  });

  it('an unreachable SSH host fails fast with a clear reason (BatchMode, ConnectTimeout)', async () => {
    const target = { ...sshd.target(), port: blackholePort, connectTimeoutSeconds: 2 };
    await handlers['diagnostics.saveHost']({ host: parseHost({ name: 'dead-host', target }) });
    const { run } = await runToEnd({ commandId: 'redis-ping', hostName: 'dead-host', params: {}, timeoutSeconds: 30 });
    expect(run.status).toBe('failed');
    expect(run.exitCode).toBe(255);
    expect(run.errorMessage).toContain('ssh');
  });
});

function startPsqlSleeper(server: TestPostgres, comment: string) {
  // A session that waits (wait_event PgSleep) with secrets in its query text.
  return spawn(
    'psql',
    ['-X', '-w', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-d', 'postgres', '-c', `SELECT pg_sleep(60) ${comment};`],
    {
      stdio: 'ignore',
    },
  );
}

async function waitUntil(probe: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition never met');
}

/** Whether a process whose command line contains these words is running (read from /proc, no pgrep needed). */
function processRunning(commandLine: string): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(commandLine)) return true;
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}
