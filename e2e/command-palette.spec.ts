import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { VIEWS } from '../src/shared/views';
import { expect, test } from './fixtures/app';
import { rpc } from './fixtures/powernode';

/** Opens the palette with its shortcut, types, and does the first match with Enter: the keyboard only. */
async function viaPalette(page: Page, query: string, expectFirst: RegExp | string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('combobox', { name: 'Search commands' })).toBeFocused();
  await page.keyboard.type(query);
  await expect(palette.getByRole('option', { selected: true })).toContainText(expectFirst);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
}

test.describe('command palette', () => {
  test.use({ appArgs: ['--clock-start', '2026-03-16T10:30:00.000Z'] });

  test('reaches every screen and the HALT dialog by keyboard alone; focus returns where it came from', async ({ app }, testInfo) => {
    test.skip(testInfo.project.name === 'electron', "opens an incident through browser mode's /rpc");
    const { page } = app;
    const incident = await rpc<{ id: string }>(page, 'incidents.create', { title: 'Agents looping', detectedBy: 'alert' });
    await page.evaluate((id) => localStorage.setItem('incident-console.current-incident', id), incident.id);
    await page.reload();
    // Every screen, by a few letters of its name.
    for (const view of [...VIEWS].reverse()) {
      await viaPalette(page, view.label.toLowerCase(), `Go to ${view.label}`);
      await expect(page.getByRole('button', { name: new RegExp(`^${view.label}`) })).toHaveAttribute('aria-current', 'page');
    }

    // The HALT dialog from the capture box, and back to the capture box when it closes.
    await page.keyboard.press('Control+k');
    const capture = page.getByLabel('Quick capture');
    await expect(page.getByRole('button', { name: /^Timeline/ })).toHaveAttribute('aria-current', 'page');
    await expect(capture).toBeFocused();
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('hlt');
    await page.screenshot({ path: testInfo.outputPath('palette.png') });
    await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { selected: true })).toContainText('HALT all AI activity');
    await page.keyboard.press('Enter');
    const halt = page.getByRole('dialog', { name: 'HALT all AI activity' });
    await expect(halt).toBeVisible();
    await expect(halt.getByRole('heading', { name: 'HALT all AI activity' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(halt).toBeHidden();
    await expect(capture).toBeFocused();

    // Arrow keys move through the matches; Escape closes without doing anything and gives the focus back.
    await page.getByRole('button', { name: /^Overview/ }).focus();
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('go to');
    const options = page.getByRole('dialog', { name: 'Command palette' }).getByRole('option');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden();
    await expect(page.getByRole('button', { name: /^Overview/ })).toBeFocused();
  });

  test("offers the current screen's actions, every runbook section and command, and the shortcuts overlay on ?", async ({ app }, testInfo) => {
    test.skip(testInfo.project.name === 'electron', 'seeds the journal beside browser mode');
    execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-sample-incident.ts', app.dataDir], { encoding: 'utf8' });
    const { page } = app;
    await page.reload();
    await page.getByTestId('incident-slot').click();
    await page.getByRole('menuitemradio', { name: /Checkout API returning 500s/ }).click();

    // A runbook section: Triage opens on it.
    await viaPalette(page, 'runbook database', 'Runbook: Database unresponsive');
    await expect(page.getByTestId('checklist-database-unresponsive')).toHaveAttribute('open', '');
    await expect(page.getByTestId('checklist-database-unresponsive').locator('summary')).toBeFocused();

    // A runbook step's command: Diagnostics opens with it chosen and its parameters filled.
    await viaPalette(page, 'run worker-status worker web', /Run worker-status: Sidekiq Web UI/);
    await expect(page.getByRole('button', { name: /^Diagnostics/ })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main')).toContainText('powernode-worker-web@default');

    // What the current screen offers: on the timeline, its "Pinned only" filter.
    await page.keyboard.press('Alt+3');
    await viaPalette(page, 'pinned only', 'Pinned only');
    await expect(page.getByRole('checkbox', { name: 'Pinned only' })).toBeChecked();
    await expect(page.getByTestId('timeline-entry')).toHaveCount(3);

    // Quick capture stays on Ctrl/Cmd+K; "?" (not while typing) lists every shortcut from the one registry.
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(overlay).toBeVisible();
    const table = overlay.getByTestId('shortcuts-table');
    for (const [keys, does] of [
      ['Ctrl/Cmd+Shift+P', 'Command palette'],
      ['Ctrl/Cmd+K', 'Quick capture'],
      ['Alt+9', 'Go to Metrics'],
      ['Alt+0', 'Go to Team'],
      ['?', 'This list of shortcuts'],
    ]) {
      await expect(table.getByRole('row').filter({ hasText: keys! }).first()).toContainText(does!);
    }
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();
  });
});
