import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { createMetricsHandlers } from '../../src/main/core/reports/metrics-service';
import { createTriageService } from '../../src/main/core/runbook/triage-service';
import { incidentFigures } from '../../src/shared/incident-metrics';
import type { MetricsReport } from '../../src/shared/metrics-schemas';
import { METRICS_CLOCK_START, METRICS_PERIOD, writeMetricsJournal } from '../support/metrics-journal';

const min = 60_000;
let dir: string;
let journal: Journal;
let clock: AdjustableClock;
let ids: ReturnType<typeof writeMetricsJournal>;
let metrics: ReturnType<typeof createMetricsHandlers>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'incident-console-metrics-'));
  clock = AdjustableClock.frozen(METRICS_CLOCK_START);
  journal = new Journal({ path: join(dir, 'journal.sqlite'), clock, author: 'alice' });
  ids = writeMetricsJournal(journal, clock);
  const levels = createTriageService({ clock, journal }).activeRunbook().severities;
  metrics = createMetricsHandlers({ journal, clock, dataDir: dir, levels: () => levels });
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const compute = (period = METRICS_PERIOD) => metrics['metrics.compute'](period) as MetricsReport;
const none = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };

describe('metrics across incidents, computed from the journals', () => {
  it('gives each incident of the period its figures, as worked out by hand; the drill and the day before are left out', () => {
    const report = compute();
    expect(report.incidents.map((figure) => figure.incidentId)).toEqual([ids.a, ids.b, ids.c]);
    expect(report.drillsLeftOut).toBe(1);
    const [a, b, c] = report.incidents;
    expect(a).toMatchObject({ severity: 'SEV1', status: 'resolved', ttaMs: 4 * min, ttmMs: 20 * min, ttrMs: 60 * min, halts: 1 });
    expect(a!.timeInMs).toEqual({ ...none, SEV1: 28 * min, SEV3: 30 * min });
    // No acknowledgement before mitigation: moving the status on acknowledges it then.
    expect(b).toMatchObject({ severity: 'SEV2', ttaMs: 40 * min, ttmMs: 40 * min, ttrMs: 70 * min, halts: 0, timeInMs: { ...none, SEV2: 60 * min } });
    // Open: no mitigation or resolution yet; its severity counts up to main's now (13:00).
    expect(c).toMatchObject({ severity: 'SEV2', status: 'acknowledged', ttaMs: 15 * min, ttmMs: null, ttrMs: null, timeInMs: { ...none, SEV2: 55 * min } });
  });

  it('per severity (the worst each reached) and over all: means over the incidents that got that far, total time in each severity', () => {
    const rows = compute().rows;
    expect(rows.map((row) => row.group)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4', 'all']);
    expect(rows[0]).toEqual({
      group: 'SEV1',
      incidents: 1,
      mtta: { ms: 4 * min, of: 1 },
      mttm: { ms: 20 * min, of: 1 },
      mttr: { ms: 60 * min, of: 1 },
      timeInMs: { ...none, SEV1: 28 * min, SEV3: 30 * min },
      halts: 1,
    });
    expect(rows[1]).toEqual({
      group: 'SEV2',
      incidents: 2,
      mtta: { ms: 27.5 * min, of: 2 },
      mttm: { ms: 40 * min, of: 1 },
      mttr: { ms: 70 * min, of: 1 },
      timeInMs: { ...none, SEV2: 115 * min },
      halts: 0,
    });
    expect(rows[2]).toMatchObject({ group: 'SEV3', incidents: 0, mtta: { ms: null, of: 0 } });
    expect(rows[4]).toEqual({
      group: 'all',
      incidents: 3,
      mtta: { ms: (59 / 3) * min, of: 3 },
      mttm: { ms: 30 * min, of: 2 },
      mttr: { ms: 65 * min, of: 2 },
      timeInMs: { ...none, SEV1: 28 * min, SEV2: 115 * min, SEV3: 30 * min },
      halts: 1,
    });
  });

  it('gives the figures the whole timeline gives, from the kinds they are derived from alone, notes and backdated entries among them', () => {
    for (const incidentId of [ids.a, ids.c]) {
      for (let index = 0; index < 30; index += 1) journal.append(incidentId, { kind: 'note', text: `Note ${index}`, data: {} });
      journal.append(incidentId, { kind: 'note', text: 'Saw it first at 11:50', data: {}, occurredAt: '2026-03-10T11:50:00.000Z' });
    }
    const levels = createTriageService({ clock, journal }).activeRunbook().severities;
    const report = compute();
    const fromEveryEntry = report.incidents.map((figure) =>
      incidentFigures(journal.getIncident(figure.incidentId), journal.allEntries(figure.incidentId), levels, clock.now()),
    );
    expect(report.incidents).toEqual(fromEveryEntry);
    expect(report.incidents[0]).toMatchObject({ ttaMs: 4 * min, ttrMs: 60 * min, halts: 1 });
  });

  it('counts only the incidents that started within the chosen period', () => {
    expect(compute({ from: '2026-03-10T09:30:00.000Z', to: '2026-03-10T12:00:00.000Z' }).incidents.map((figure) => figure.incidentId)).toEqual([ids.b]);
    expect(compute({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' }).incidents.map((figure) => figure.incidentId)).toEqual([ids.before]);
  });

  it('writes the same figures as CSV, private to the operator, titles that look like formulas kept as text', () => {
    journal.createIncident({ title: '=HYPERLINK("http://x")', detectedBy: 'alert' });
    const { path } = metrics['metrics.exportCsv']({ ...METRICS_PERIOD }) as { path: string };
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'group,incidents,mtta_min,mtta_of,mttm_min,mttm_of,mttr_min,mttr_of,time_in_SEV1_min,time_in_SEV2_min,time_in_SEV3_min,time_in_SEV4_min,halts',
    );
    expect(lines[1]).toBe('SEV1,1,4.00,1,20.00,1,60.00,1,28.00,0.00,30.00,0.00,1');
    expect(lines[2]).toBe('SEV2,2,27.50,2,40.00,1,70.00,1,0.00,115.00,0.00,0.00,0');
    expect(lines[5]).toBe('all,4,19.67,3,30.00,2,65.00,2,28.00,115.00,30.00,0.00,1');
    expect(lines).toContainEqual(expect.stringContaining(`${ids.a},A: checkout down,SEV1,resolved,2026-03-10T09:00:00.000Z,2026-03-10T09:04:00.000Z`));
    expect(lines).toContainEqual(expect.stringContaining(`,"'=HYPERLINK(""http://x"")",`));
  });
});
