import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src/main/serve';
import type { CommandCatalog } from '../../src/shared/command-catalog';
import type { RunDetail, RunSummary } from '../../src/shared/diagnostics-schemas';
import { createTestConsole, type TestConsole } from '../support/console';
import { rawRequest } from '../support/http';
import { LOOK_ALIKES, SECRET_CORPUS, leakedFragments, secretWindows } from '../support/secret-corpus';

/**
 * The whole path, as an operator meets it: a real local command prints the corpus (in many pipe
 * reads, on stdout and stderr, across the 64 KiB head cut, through a line far longer than the
 * long-line cut, and in the kept tail); it is run, journaled and exported through browser
 * mode's HTTP transport. None of the corpus may reach the screen (SSE and RPC answers), the event
 * bus, the journal file or its WAL, the export, or anything written to the console's log.
 */
const windows = secretWindows(SECRET_CORPUS);
const corpus = SECRET_CORPUS.map((item) => item.text).join('\n');
const oneLineCorpus = SECRET_CORPUS.filter((item) => !item.text.includes('\n') && !item.text.startsWith('password = '))
  .map((item) => item.text)
  .join(' x ');

function logLines(bytes: number): string {
  let text = '';
  for (let line = 0; text.length < bytes; line += 1)
    text += `Mar 15 09:29:${String(line % 60).padStart(2, '0')} api-1 app[42]: GET /api/v1/health 200 in 3ms\n`;
  return text;
}

/** stdout of the command: corpus at the start, across 64 KiB, in a 150 KiB line, and at the end. */
const printedStdout = [
  `${corpus}\n${LOOK_ALIKES.join('\n')}\n`,
  logLines(64 * 1024 - 6000),
  `${corpus}\n`,
  `${'x '.repeat(25_000)}${oneLineCorpus}${' y'.repeat(40_000)} ${oneLineCorpus}\n`,
  logLines(200 * 1024),
  `${corpus}\n${LOOK_ALIKES.join('\n')}\n`,
].join('');
const printedStderr = `warning: retrying\n${corpus}\n`;

/** Writes its files in pieces of 1 to 3000 bytes with pauses, so the console reads many chunks. */
const PRINTER = `
const { readFileSync } = require('node:fs');
const [outFile, errFile] = process.argv.slice(1);
const pieces = [];
for (const [stream, file] of [[process.stdout, outFile], [process.stderr, errFile]]) {
  const text = readFileSync(file);
  let seed = 7;
  for (let at = 0; at < text.length; ) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const size = 1 + (seed % 3000);
    pieces.push([stream, text.subarray(at, at + size)]);
    at += size;
  }
}
let index = 0;
function next() {
  for (let burst = 0; burst < 8 && index < pieces.length; burst += 1, index += 1) pieces[index][0].write(pieces[index][1]);
  if (index < pieces.length) setTimeout(next, 1);
}
next();
`;

let app: TestConsole;
let server: BrowserServer;
let workDir: string;
const logged: string[] = [];
const busEvents: string[] = [];
const restorers: Array<() => void> = [];

function captureLogs(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original.apply(console, args);
    };
    restorers.push(() => (console[method] = original));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return original(chunk, ...rest);
    }) as typeof stream.write;
    restorers.push(() => (stream.write = original));
  }
  console.info('[secrets end-to-end] capturing what the console logs');
}

function catalog(outFile: string, errFile: string): CommandCatalog {
  return {
    version: 1,
    commands: [
      {
        id: 'print-config',
        title: 'Print the service configuration',
        group: 'Test',
        description: 'Prints configuration files, secrets included, as a careless script would',
        argv: [process.execPath, '-e', PRINTER, '{outFile}', '{errFile}'],
        params: [
          { name: 'outFile', label: 'stdout file', kind: 'path', allowed: [outFile] },
          { name: 'errFile', label: 'stderr file', kind: 'path', allowed: [errFile] },
        ],
        effect: 'read',
        roles: [],
        timeoutSeconds: 120,
      },
    ],
  };
}

async function rpc<T>(method: string, input: unknown): Promise<T> {
  const response = await rawRequest({
    port: server.port,
    path: `/rpc/${method}`,
    method: 'POST',
    headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  screen.push(response.body);
  const body = JSON.parse(response.body) as { ok: boolean; result: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Everything the browser page received: RPC answers and the raw event stream. */
const screen: string[] = [];
let eventStream = '';
let closeEventStream: () => void = () => {};

function openEventStream(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: '/events', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}` } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (eventStream += chunk));
        resolve();
      },
    );
    req.on('error', reject);
    req.end();
    closeEventStream = () => req.destroy();
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Each file's leaks, read as bytes (so SQLite pages and the WAL are read as they lie on disk). */
function leaksInFiles(dir: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of filesUnder(dir)) {
    const leaks = leakedFragments(readFileSync(file).toString('latin1'), windows);
    if (leaks.length > 0) found[file] = leaks;
  }
  return found;
}

let detail: RunDetail;
let incidentId: string;
let exportFolder: string;
let filesWhileOpen: string[];
let stopped = false;
let leaksWhileOpen: Record<string, string[]>;

beforeAll(async () => {
  captureLogs();
  workDir = mkdtempSync(join(tmpdir(), 'ic-secrets-e2e-'));
  const outFile = join(workDir, 'stdout.txt');
  const errFile = join(workDir, 'stderr.txt');
  writeFileSync(outFile, printedStdout);
  writeFileSync(errFile, printedStderr);
  app = await createTestConsole(undefined, { deps: { diagnosticsCatalog: catalog(outFile, errFile) } });
  app.core.events.subscribe((name, payload) => busEvents.push(`${name} ${JSON.stringify(payload)}`));
  server = await startBrowserServer({
    core: app.core,
    staticDir: workDir,
    port: 0,
    onInternalError: (method, error) => console.error(`[${method}]`, error instanceof Error ? error.message : error),
  });
  await openEventStream();

  const finished = new Promise<void>((resolve) =>
    app.core.events.subscribe((name, payload) => {
      if (name === 'diagnostics.run' && (payload as RunSummary).journalEntryId) resolve();
    }),
  );
  incidentId = (await rpc<{ id: string }>('incidents.create', { title: 'Reports worker leaking config', detectedBy: 'alert' })).id;
  const started = await rpc<{ runId: string }>('diagnostics.run', {
    commandId: 'print-config',
    hostName: 'local',
    params: { outFile, errFile },
    incidentId,
  });
  await finished;
  detail = await rpc<RunDetail>('diagnostics.getRun', { runId: started.runId });
  await rpc('journal.append', { incidentId, kind: 'pin', text: '', refersTo: detail.run.journalEntryId });
  await rpc('journal.entries', { incidentId });
  exportFolder = (await rpc<{ folder: string }>('postmortem.export', { incidentId })).folder;
  // Let the last events reach the stream before it is read.
  await rpc('app.info', {});
  filesWhileOpen = filesUnder(app.dataDir).map((file) => file.slice(app.dataDir.length + 1));
  leaksWhileOpen = leaksInFiles(app.dataDir);
}, 120_000);

afterAll(async () => {
  closeEventStream();
  if (stopped) rmSync(app.dataDir, { recursive: true, force: true });
  else {
    await server?.close();
    await app?.dispose();
  }
  for (const restore of restorers.reverse()) restore();
  rmSync(workDir, { recursive: true, force: true });
});

describe('no secret of the corpus leaves the diagnostics path', () => {
  it('the command really printed the corpus, in many reads, and the stored copy was cut', () => {
    expect(detail.run.status).toBe('succeeded');
    expect(detail.run.outputBytes).toBeGreaterThan(Buffer.byteLength(printedStdout) + Buffer.byteLength(printedStderr) - 64 * 1024);
    expect(detail.outputTruncated).toBe(true);
    expect(detail.output).toContain('bytes of output dropped here');
    expect(detail.output).toContain('[REDACTED');
    for (const item of SECRET_CORPUS) expect(printedStdout, item.kind).toContain(item.secrets[0]);
  });

  it('ordinary output survives in the head and the tail', () => {
    for (const line of LOOK_ALIKES) expect(detail.output).toContain(`${line}\n`);
  });

  it('nothing reached the screen: RPC answers and the event stream', () => {
    expect(eventStream).toContain('event: diagnostics.output');
    expect(eventStream).toContain('event: journal.appended');
    expect(leakedFragments(screen.join('\n'), windows)).toEqual([]);
    expect(leakedFragments(eventStream, windows)).toEqual([]);
  });

  it('nothing went through the event bus', () => {
    expect(busEvents.some((event) => event.startsWith('diagnostics.output'))).toBe(true);
    expect(leakedFragments(busEvents.join('\n'), windows)).toEqual([]);
  });

  it('nothing is in the journal file, its WAL or shm, while the console runs', () => {
    expect(filesWhileOpen).toEqual(expect.arrayContaining(['journal.sqlite', 'journal.sqlite-wal']));
    expect(leaksWhileOpen).toEqual({});
  });

  it('nothing is in the export (Markdown, HTML, bundle)', () => {
    const files = filesUnder(exportFolder);
    expect(files.map((file) => file.slice(exportFolder.length + 1)).sort()).toEqual(
      expect.arrayContaining(['postmortem.html', 'postmortem.md', 'timeline-bundle.json']),
    );
    expect(readFileSync(join(exportFolder, 'timeline-bundle.json'), 'utf8')).toContain('[REDACTED');
    expect(leaksInFiles(exportFolder)).toEqual({});
  });

  it('nothing was logged', () => {
    expect(logged.join('\n')).toContain('capturing what the console logs');
    expect(leakedFragments(logged.join('\n'), windows)).toEqual([]);
  });

  it('nothing is in any file of the data dir after a clean stop (WAL checkpointed into the main file)', async () => {
    closeEventStream();
    await server.close();
    await app.core.close();
    stopped = true;
    expect(leaksInFiles(app.dataDir)).toEqual({});
    expect(readFileSync(join(app.dataDir, 'journal.sqlite')).toString('latin1')).toContain('[REDACTED');
  });
});
