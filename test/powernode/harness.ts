import type { LookupFunction } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/main/core/clock';
import { dispatch } from '../../src/main/core/dispatch';
import { EventBus } from '../../src/main/core/event-bus';
import type { HandlerMap } from '../../src/main/core/handlers';
import { createJournalService } from '../../src/main/core/journal/journal-service';
import type { Journal } from '../../src/main/core/journal/journal';
import type { JournalPort } from '../../src/main/core/journal/journal-port';
import type { Incident, TimelineEntry } from '../../src/shared/model';
import type { Timeouts } from '../../src/main/core/powernode/http-client';
import { createPowernodeService, type PowernodeService } from '../../src/main/core/powernode/powernode-service';
import { createPostmortemHandlers } from '../../src/main/core/reports/postmortem-service';
import { MemorySecretStore, type SecretStore } from '../../src/main/core/secrets';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import type { ErrorPayload } from '../../src/shared/errors';
import { startFakePowernode, type FakePowernode } from '../fake-powernode/server.mjs';

export interface Harness {
  fake: FakePowernode;
  dataDir: string;
  /** The real SQLite journal, through the port the service writes with, and its whole timelines read at once to check what was journaled. */
  journal: JournalPort & Pick<Journal, 'allEntries'>;
  /** Every entry of every incident, oldest incident first. */
  allJournalEntries(): TimelineEntry[];
  /** Every incident, newest first. */
  incidents(): Incident[];
  /** The post-mortem export (Markdown and HTML) of an incident, as the Post-mortem screen writes it. */
  postmortem(incidentId: string): Promise<{ markdown: string; html: string }>;
  service: PowernodeService;
  pushed: Array<{ name: string; payload: unknown }>;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  fail<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ErrorPayload>;
  addProfile(name: string, email: string, baseUrl?: string): Promise<void>;
  dispose(): Promise<void>;
}

/** The real service over real loopback HTTP against the fake server, called through dispatch (contract parsing included). */
export async function createHarness(
  options: { secrets?: SecretStore; timeouts?: Timeouts; accessTtlSeconds?: number; dnsLookup?: LookupFunction; pollMs?: number; agentCount?: number } = {},
): Promise<Harness> {
  const fake = await startFakePowernode({ accessTtlSeconds: options.accessTtlSeconds, agentCount: options.agentCount });
  const dataDir = mkdtempSync(join(tmpdir(), 'powernode-test-'));
  const events = new EventBus();
  const pushed: Harness['pushed'] = [];
  events.subscribe((name, payload) => pushed.push({ name, payload }));
  const journalService = createJournalService({ dataDir, clock: systemClock, operator: 'test-operator', events });
  const journal: Harness['journal'] = {
    ...journalService.port,
    allEntries: (incidentId) => {
      if (!journalService.journal) throw new Error('the journal is not open');
      return journalService.journal.allEntries(incidentId);
    },
  };
  const service = createPowernodeService({
    dataDir,
    operator: 'test-operator',
    clock: systemClock,
    journal,
    events,
    secrets: options.secrets ?? new MemorySecretStore(),
    timeouts: options.timeouts,
    dnsLookup: options.dnsLookup,
    pollMs: options.pollMs,
  });
  const handlers = { ...service.handlers, ...createPostmortemHandlers({ journal, clock: systemClock, dataDir }) } as HandlerMap;
  const raw = (method: string, input: unknown) => dispatch(handlers, method, input);
  const harness: Harness = {
    fake,
    dataDir,
    journal,
    allJournalEntries: () =>
      journal
        .listIncidents()
        .reverse()
        .flatMap((incident) => journal.allEntries(incident.id)),
    incidents: () => journal.listIncidents(),
    async postmortem(incidentId) {
      const folder = join(dataDir, 'exports', incidentId);
      await harness.call('postmortem.export', { incidentId, folder });
      return { markdown: readFileSync(join(folder, 'postmortem.md'), 'utf8'), html: readFileSync(join(folder, 'postmortem.html'), 'utf8') };
    },
    service,
    pushed,
    async call(method, input) {
      const result = await raw(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
      return result.result as never;
    },
    async fail(method, input) {
      const result = await raw(method, input);
      if (result.ok) throw new Error(`${method} unexpectedly succeeded`);
      return result.error;
    },
    async addProfile(name, email, baseUrl = fake.url) {
      await harness.call('profiles.save', { name, email, baseUrl });
    },
    async dispose() {
      await service.close();
      journalService.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Every file under a folder, as text (for secret scans). */
export function readAllFiles(dir: string): string {
  let all = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    all += statSync(path).isDirectory() ? readAllFiles(path) : readFileSync(path, 'latin1');
  }
  return all;
}
