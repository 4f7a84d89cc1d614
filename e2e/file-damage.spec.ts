import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';
import { startBrowserMode } from './fixtures/browser-mode';
import { freshDataDir, openConsoleOn, seedJournal } from './fixtures/journal-files';

// These start browser mode themselves on a data directory prepared beforehand; the electron project would only repeat them.
const preparedDirOnly = (projectName: string) =>
  test.skip(projectName === 'electron', 'drives browser mode on a prepared data directory; the browser project covers it');

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** 8 KiB of garbage in the middle of the file: SQLite opens it, its quick_check does not pass. */
function garbleMiddle(path: string): void {
  const bytes = readFileSync(path);
  const at = Math.floor(bytes.length / 2 / 4096) * 4096 + 1000;
  for (let i = 0; i < 8192; i += 1) bytes[at + i] = (i * 131 + 7) & 0xff;
  writeFileSync(path, bytes);
}

test('a damaged journal opens read-only, says what to do, is never written, and a new journal can start beside it', async ({ browser }, testInfo) => {
  preparedDirOnly(testInfo.project.name);
  const dataDir = freshDataDir();
  seedJournal(dataDir, 3000, 'Queue backlog');
  const path = join(dataDir, 'journal.sqlite');
  garbleMiddle(path);
  const damaged = sha256(path);
  const consoleApp = await openConsoleOn(browser, dataDir);
  try {
    const { page } = consoleApp;
    await expect(page.getByTestId('incident-slot').locator('..')).toContainText('Journal damaged: read-only');
    const banner = page.getByTestId('journal-banner');
    await expect(banner).toContainText('The journal is damaged. It is open read-only: nothing will be written to it.');
    await expect(banner).toContainText('export what is readable');
    await expect(banner).toContainText('start a new journal beside it');
    await page.screenshot({ path: testInfo.outputPath('damaged-journal.png'), fullPage: true });

    // What is readable reads; a note is refused plainly and stays, marked not recorded, with its text.
    await page.getByRole('button', { name: /^Incidents/ }).click();
    await page.getByRole('button', { name: 'Open Queue backlog' }).click();
    const capture = page.getByLabel('Quick capture');
    await capture.fill('Scaled workers to 12');
    await capture.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'Not recorded' })).toContainText('damaged');
    await expect(page.getByTestId('pending-capture').filter({ hasText: 'Scaled workers to 12' })).toHaveAttribute('data-state', 'failed');
    expect(sha256(path)).toBe(damaged);

    // Start a new journal beside it: the damaged file keeps its bytes under a new name, and says where.
    await page.keyboard.press('Alt+1');
    await page.getByRole('button', { name: 'Start a new journal beside it…' }).click();
    await page.getByRole('button', { name: 'Start the new journal' }).click();
    const setAside = page.getByTestId('set-aside-banner');
    await expect(setAside).toContainText('The damaged journal file was set aside');
    await expect(setAside).toContainText(`${path}.damaged-`);
    await expect(page.getByTestId('journal-banner')).toHaveCount(0);
    // The screens start over from the new journal: nothing of the old one is current.
    await expect(page.getByTestId('incident-slot')).toContainText('No incident open');
    await expect(page.getByText('Open incidents (0)')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('new-journal-beside-damaged.png'), fullPage: true });
    const keptAs = (await setAside.locator('.mono').first().textContent())!;
    expect(sha256(keptAs)).toBe(damaged);

    await page.getByRole('button', { name: /^Incidents/ }).click();
    const form = page.getByRole('form', { name: 'New incident' });
    await form.getByLabel('Title').fill('Fresh journal');
    await form.getByLabel('How it was detected').fill('Operator');
    await form.getByRole('button', { name: 'Open incident' }).click();
    await expect(page.getByTestId('incident-slot')).toContainText('Fresh journal');
  } finally {
    await consoleApp.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('damaged side files are set aside and named in a banner, and the console starts with defaults', async ({ browser }, testInfo) => {
  preparedDirOnly(testInfo.project.name);
  const dataDir = freshDataDir();
  writeFileSync(join(dataDir, 'settings.json'), '{');
  writeFileSync(join(dataDir, 'powernode-profiles.json'), '{"version": 4, "profiles": []}');
  const consoleApp = await openConsoleOn(browser, dataDir);
  try {
    const { page } = consoleApp;
    const banner = page.getByTestId('set-aside-banner');
    await expect(banner).toContainText('2 files were set aside.');
    await expect(banner).toContainText('The settings file is not valid JSON');
    await expect(banner).toContainText(`${join(dataDir, 'settings.json')}.damaged-`);
    await expect(banner).toContainText('The Powernode profiles file was written by a newer Incident Console (format 4; this one reads up to 1).');
    await expect(page.getByLabel('Theme')).toHaveValue('system');
    await page.screenshot({ path: testInfo.outputPath('set-aside-banner.png'), fullPage: true });
    // Every screen shows it until it is dismissed; the journal works meanwhile.
    await page.keyboard.press('Alt+2');
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect(banner).toHaveCount(0);
  } finally {
    await consoleApp.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a second console on the same data dir is refused, naming the one that holds it', async ({ app }, testInfo) => {
  preparedDirOnly(testInfo.project.name);
  const second = startBrowserMode(['--data-dir', app.dataDir]);
  await expect(second).rejects.toThrow(/exited with 1/);
  const refusal = await second.catch((error: Error) => error.message);
  expect(refusal).toMatch(
    new RegExp(
      `could not start: The data directory ${app.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is already open by process \\d+ since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(browser mode\\)`,
    ),
  );
  // The first one carries on.
  await app.page.keyboard.press('Alt+1');
  await expect(app.page.getByTestId('app-version')).toBeVisible();
});

test('plain http to another machine gets a warning beside the base URL', async ({ app }) => {
  const { page } = app;
  await page.keyboard.press('Alt+6');
  const form = page.getByRole('form', { name: 'Add environment' });
  await form.getByLabel('Base URL').fill('http://powernode.internal:8080');
  await expect(page.getByTestId('base-url-warning')).toContainText(
    'Plain http to powernode.internal: the password and tokens would cross the network unencrypted.',
  );
  await form.getByLabel('Base URL').fill('http://127.0.0.1:4010');
  await expect(page.getByTestId('base-url-warning')).toHaveCount(0);
  await form.getByLabel('Base URL').fill('https://ops:hunter2@powernode.example.test');
  await form.getByLabel('Profile name').fill('prod');
  await form.getByLabel('Email').fill('ops@example.test');
  await form.getByRole('button', { name: 'Save environment' }).click();
  // Said at the foot of the form, and beside the field itself (its description).
  await expect(page.getByRole('alert')).toContainText(/Leave user and password out of the base URL/);
  await expect(form.getByLabel('Base URL')).toHaveAccessibleDescription(/^Leave user and password out of the base URL/);
});
