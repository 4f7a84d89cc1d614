import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { openConsoleOn } from './fixtures/journal-files';
import { entry, joinByCode, note, openIncident, shareJoinCode } from './fixtures/team';

/** The written bundle's path, as the status line names it. */
async function exportMine(page: Page, button: 'Export my entries' | 'Export all chains'): Promise<string> {
  await page.getByRole('button', { name: button }).click();
  const status = page.getByTestId('bundle-written');
  await expect(status).toContainText('Responder bundle written');
  return (await status.locator('.mono').textContent())!.trim();
}

async function importPath(page: Page, path: string) {
  await page.getByLabel('or its path').fill(path);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

test('a commander shares an incident, a responder joins it, and their notes cross both ways by bundle, every chain verified', async ({
  app,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'two consoles side by side: browser mode');
  const commander = app.page;
  await openIncident(commander, 'Checkout returning 502s');
  await note(commander, 'Commander: rolling back deploy 4521');

  const code = await shareJoinCode(commander);

  const responderDir = mkdtempSync(join(tmpdir(), 'incident-console-e2e-responder-'));
  const responder = await openConsoleOn(browser, responderDir);
  try {
    const page = responder.page;
    await page.getByRole('button', { name: /^Incidents/ }).click();
    // A garbled code is refused, clearly.
    await page.getByLabel('Join code from the commander').fill(`${code.slice(0, 30)}x${code.slice(31)}`);
    await page.getByRole('button', { name: 'Join incident' }).click();
    await expect(page.getByText(/not a join code the console can use/)).toBeVisible();
    await joinByCode(page, code, 'Checkout returning 502s');
    await note(page, 'Responder: replica lag 40 s on db-2');

    await page.getByText('Responders: share this incident, exchange bundles').click();
    const fromResponder = await exportMine(page, 'Export my entries');
    await importPath(commander, fromResponder);
    await expect(commander.getByTestId('bundle-imported')).toContainText(/Imported \d+ new entries/);
    const crossed = entry(commander, 'Responder: replica lag 40 s on db-2');
    await expect(crossed).toBeVisible();
    await expect(crossed.getByTestId('entry-device')).toContainText('from device');
    await expect(commander.getByTestId('chain-badge')).toContainText("2 devices' chains verified");
    // Imported again: nothing new.
    await importPath(commander, fromResponder);
    await expect(commander.getByTestId('bundle-imported')).toContainText('Imported 0 new entries');

    const fromCommander = await exportMine(commander, 'Export all chains');
    await importPath(page, fromCommander);
    await expect(entry(page, 'Commander: rolling back deploy 4521')).toBeVisible();
    await expect(entry(page, 'Commander: rolling back deploy 4521').getByTestId('entry-device')).toContainText('from device');
    await expect(page.getByTestId('chain-badge')).toContainText("2 devices' chains verified");
    await commander.screenshot({ path: testInfo.outputPath('commander-after-exchange.png') });
    await page.screenshot({ path: testInfo.outputPath('responder-after-exchange.png') });
  } finally {
    await responder.close();
    rmSync(responderDir, { recursive: true, force: true });
  }
});
