import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { rpc } from './fixtures/powernode';

interface Entry {
  kind: string;
  text: string | null;
  recordedAt: string;
  occurredAt: string | null;
}

async function notes(page: Page, incidentId: string): Promise<Entry[]> {
  return (await rpc<{ entries: Entry[] }>(page, 'journal.entries', { incidentId, kinds: ['note'] })).entries;
}

/** Types a note into quick capture and presses Enter. */
async function capture(page: Page, note: string): Promise<void> {
  const box = page.getByLabel('Quick capture');
  await box.fill(note);
  await box.press('Enter');
}

test.describe('backdated capture', () => {
  // 07:20 in Berlin (06:20 UTC) on main's clock; the page reads times in Berlin, as the commander's laptop does.
  test.use({ appArgs: ['--clock-start', '2026-11-27T06:20:00.000Z'], appTimezone: 'Europe/Berlin' });
  test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name === 'electron', "reads the journal through browser mode's /rpc"));

  test('by syntax and by field; a time later than now is asked, and the occurred time stands beside the recorded one', async ({ app }, testInfo) => {
    const { page } = app;
    const incident = await rpc<{ id: string }>(page, 'incidents.create', {
      title: 'Checkout 502s',
      detectedBy: 'alert',
      startedAt: '2026-11-27T06:00:00.000Z',
    });
    await page.evaluate((id) => localStorage.setItem('incident-console.current-incident', id), incident.id);
    await page.reload();
    await page.keyboard.press('Control+k');
    await expect(page.getByLabel('Quick capture')).toBeFocused();

    // "07:05 …": 07:05 Berlin today, the time taken off the note; the preview says so before Enter.
    await page.getByLabel('Quick capture').fill('07:05 deploy 4521 went out');
    await expect(page.getByTestId('backdate-preview')).toContainText('Occurred');
    await expect(page.getByTestId('backdate-preview').locator('time')).toHaveAttribute('datetime', '2026-11-27T06:05:00.000Z');
    await page.getByLabel('Quick capture').press('Enter');
    await expect
      .poll(async () => (await notes(page, incident.id)).map((note) => [note.text, note.occurredAt]))
      .toEqual([['deploy 4521 went out', '2026-11-27T06:05:00.000Z']]);

    // "-15m …": fifteen minutes before main's now.
    await capture(page, '-15m paged by the monitor');
    await expect.poll(async () => (await notes(page, incident.id)).length).toBe(2);
    const paged = (await notes(page, incident.id))[1]!;
    expect(paged.text).toBe('paged by the monitor');
    // The page reckons "-15m" from its reading of main's clock, taken halfway through a round trip: good to a few ms either way.
    expect(Date.parse(paged.recordedAt) - Date.parse(paged.occurredAt!)).toBeGreaterThan(15 * 60_000 - 1_000);
    expect(Date.parse(paged.recordedAt) - Date.parse(paged.occurredAt!)).toBeLessThan(15 * 60_000 + 5_000);

    // The field, without syntax: the note is recorded as typed, dated by the field, and the field empties.
    await page.getByLabel('Happened at').fill('07:10');
    await capture(page, 'rollback started');
    await expect.poll(async () => (await notes(page, incident.id)).at(2)?.occurredAt).toBe('2026-11-27T06:10:00.000Z');
    expect((await notes(page, incident.id))[2]!.text).toBe('rollback started');
    await expect(page.getByLabel('Happened at')).toHaveValue('');

    // 07:40 today has not happened yet: asked, not guessed; Enter on the offered reading (yesterday) records it.
    await capture(page, '07:40 disk alert on db-2');
    const question = page.getByTestId('backdate-question');
    await expect(question).toContainText('07:40 today is later than now');
    await expect(question.getByRole('button', { name: /^Yesterday/ })).toBeFocused();
    expect(await notes(page, incident.id)).toHaveLength(3);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await notes(page, incident.id)).at(3)?.occurredAt).toBe('2026-11-26T06:40:00.000Z');
    await expect(question).toHaveCount(0);
    await expect(page.getByLabel('Quick capture')).toBeFocused();

    // Escape on a question goes back to the note, nothing recorded.
    await capture(page, '25:10 nonsense');
    await expect(question).toContainText('cannot be placed on the timeline');
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(page.getByLabel('Quick capture')).toHaveValue('25:10 nonsense');
    await page.getByLabel('Quick capture').fill('');

    // Occurred beside recorded, both with date and zone: local (Berlin) with UTC beside it by default.
    const deploy = page.getByTestId('timeline-entry').filter({ hasText: 'deploy 4521 went out' });
    await expect(deploy.locator('.entry-occurred')).toContainText(/occurred .*27.*07:05:00 GMT\+1 · 06:05:00 UTC/);
    await expect(deploy.locator('.entry-time')).toContainText(/27.*07:2\d:\d\d GMT\+1 · 06:2\d:\d\d UTC/);
    await page.screenshot({ path: testInfo.outputPath('backdated-timeline.png') });

    // UTC only: times read in UTC everywhere, and a typed time is read in UTC too.
    await page.getByLabel('Times').selectOption('utc');
    await expect(deploy.locator('.entry-occurred')).toContainText(/occurred .*27.*06:05:00 UTC/);
    await expect(deploy.locator('.entry-occurred')).not.toContainText('GMT+1');
    await capture(page, '06:12 cache flushed');
    await expect.poll(async () => (await notes(page, incident.id)).at(4)?.occurredAt).toBe('2026-11-27T06:12:00.000Z');
    expect(await rpc(page, 'app.settings.get', {})).toMatchObject({ timeDisplay: 'utc' });
  });
});
