import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type ConsoleApp } from './fixtures/app';
import { rpc } from './fixtures/powernode';

/** The journal of test/support/metrics-journal.ts (three incidents worked out by hand, a drill, one the day before). */
function seedMetrics(app: ConsoleApp): Record<'a' | 'b' | 'c' | 'drill' | 'before', string> {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-metrics-journal.ts', app.dataDir], { encoding: 'utf8' }));
}

test.describe('metrics across incidents, and drills', () => {
  // Main's clock stands where the seeded journal ends (13:00 UTC), and the page reads UTC, so the day typed is the day seeded.
  test.use({ appArgs: ['--clock-start', '2026-03-10T13:00:00.000Z'], appTimezone: 'UTC' });
  test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name === 'electron', "reads the journal through browser mode's /rpc"));

  test('the metrics match the figures worked out by hand on a seeded journal, as a chart, a table and a CSV', async ({ app }, testInfo) => {
    const ids = seedMetrics(app);
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: /^Metrics/ }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-10');

    const row = (group: string) => page.getByTestId(`metrics-row-${group}`).locator('td');
    // SEV1: A only (the drill, also SEV1, is not counted). Columns: incidents, MTTA, to mitigate, MTTR, time in SEV1…SEV4, halts.
    await expect(row('SEV1')).toHaveText(['1', '4m 00s (1 of 1)', '20m 00s (1 of 1)', '1h 00m (1 of 1)', '28m 00s', '—', '30m 00s', '—', '1']);
    // SEV2: B (resolved) and C (open): C's 55 minutes run on main's clock, so only the whole minutes are compared.
    await expect(row('SEV2')).toHaveText(['2', '27m 30s (2 of 2)', '40m 00s (1 of 2)', '1h 10m (1 of 2)', '—', '1h 55m', '—', '—', '0']);
    await expect(row('SEV3')).toHaveText(['0', '—', '—', '—', '—', '—', '—', '—', '0']);
    await expect(row('all')).toHaveText(['3', '19m 40s (3 of 3)', '30m 00s (2 of 3)', '1h 05m (2 of 3)', '28m 00s', '1h 55m', '30m 00s', '—', '1']);
    await expect(page.getByText('1 drill is left out.')).toBeVisible();
    const incidents = page.getByRole('table', { name: 'Incidents in the period' });
    await expect(incidents.getByRole('row')).toHaveCount(4);
    await expect(incidents).not.toContainText('Drill: halt staging');
    await expect(incidents).not.toContainText('Yesterday: search slow');
    const chart = page.locator('svg.metrics-chart');
    await expect(chart).toHaveAttribute('aria-label', /SEV1: MTTA 4m 00s, Time to mitigate 20m 00s, MTTR 1h 00m/);
    await expect(chart.locator('g[data-group="SEV3"]')).toContainText('no incident');
    await page.screenshot({ path: testInfo.outputPath('metrics.png'), fullPage: true });

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const saved = (await page.getByTestId('metrics-csv').locator('.mono').textContent())!;
    const csv = readFileSync(saved, 'utf8').split('\n');
    expect(csv[1]).toBe('SEV1,1,4.00,1,20.00,1,60.00,1,28.00,0.00,30.00,0.00,1');
    expect(csv[2]).toMatch(/^SEV2,2,27\.50,2,40\.00,1,70\.00,1,0\.00,115\.\d\d,0\.00,0\.00,0$/);
    expect(csv.some((line) => line.startsWith(`${ids.a},A: checkout down,SEV1,resolved`))).toBe(true);
    expect(csv.some((line) => line.startsWith(ids.drill))).toBe(false);
  });

  test('a drill carries its badge everywhere, is left out of the metrics, and is cleaned up in one step while real incidents stay verified', async ({
    app,
  }, testInfo) => {
    const ids = seedMetrics(app);
    const { page } = app;
    await page.reload();

    // Opened as a drill from the Incidents screen: the banner on every screen, the badge in the lists.
    await page.getByRole('button', { name: /^Incidents/ }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Game day: halt the fake Powernode');
    await page.getByRole('combobox', { name: 'How it was detected' }).fill('game day');
    await page.getByRole('checkbox', { name: /This is a drill/ }).check();
    await page.getByRole('button', { name: 'Open drill', exact: true }).click();
    await expect(page.getByTestId('drill-banner')).toContainText('This is an exercise, not an incident');
    await expect(page.getByTestId('incident-slot')).toContainText('DRILL');
    await page.getByLabel('Quick capture').fill('rehearsing the halt');
    await page.getByLabel('Quick capture').press('Enter');
    for (const screen of ['Triage', 'Comms', 'Post-mortem', 'Metrics']) {
      await page.getByRole('button', { name: new RegExp(`^${screen}`) }).click();
      await expect(page.getByTestId('drill-banner')).toBeVisible();
    }
    await page.getByRole('button', { name: /^Incidents/ }).click();
    await expect(page.getByTestId('incident-row').filter({ hasText: 'Game day: halt' })).toContainText('DRILL');
    await expect(page.getByTestId('incident-row').filter({ hasText: 'A: checkout down' })).not.toContainText('DRILL');

    // Left out of the metrics: both drills are, and nothing of them is counted.
    const report = await rpc<{ incidents: Array<{ incidentId: string }>; drillsLeftOut: number }>(page, 'metrics.compute', {});
    expect(report.drillsLeftOut).toBe(2);
    expect(report.incidents.map((figure) => figure.incidentId).sort()).toEqual([ids.a, ids.b, ids.c, ids.before].sort());

    // The seeded incidents hold no checkpoint, so the console's interval check (every 5 s) makes one
    // on each: wait for it, so that what is compared below is the cleanup's doing alone.
    const checkpointsOf = async (id: string) =>
      (await rpc<{ entries: unknown[] }>(page, 'journal.entries', { incidentId: id, kinds: ['checkpoint'] })).entries.length;
    await expect.poll(() => Promise.all([ids.a, ids.b, ids.c, ids.before].map(checkpointsOf)), { timeout: 20_000 }).toEqual([1, 1, 1, 1]);
    const realBefore = await Promise.all(
      [ids.a, ids.b, ids.c, ids.before].map((id) => rpc<{ ok: boolean; headHash: string }>(page, 'journal.verify', { incidentId: id })),
    );
    await page.getByRole('button', { name: 'Remove all drills (2)…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove 2 drills?' });
    await expect(dialog).toContainText('Game day: halt the fake Powernode');
    await expect(dialog).toContainText('Drill: halt staging');
    await page.screenshot({ path: testInfo.outputPath('remove-drills.png') });
    await dialog.getByRole('button', { name: 'Remove drills' }).click();
    await expect(page.getByTestId('drills-removed')).toContainText('Removed 2 drills');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('drill-banner')).toHaveCount(0);
    await expect(page.getByTestId('incident-row')).toHaveCount(4);

    const listed = await rpc<Array<{ id: string; drill: boolean }>>(page, 'incidents.list', {});
    expect(listed.map((incident) => incident.id).sort()).toEqual([ids.a, ids.b, ids.c, ids.before].sort());
    const realAfter = await Promise.all(
      [ids.a, ids.b, ids.c, ids.before].map((id) => rpc<{ ok: boolean; headHash: string }>(page, 'journal.verify', { incidentId: id })),
    );
    expect(realAfter).toEqual(realBefore);
    expect(realAfter.every((chain) => chain.ok)).toBe(true);
    expect((await rpc<{ hits: unknown[] }>(page, 'journal.search', { query: 'rehearsing' })).hits).toEqual([]);
  });
});
