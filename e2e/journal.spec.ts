import Database from 'better-sqlite3';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { freshDataDir, openConsoleOn, seedJournal } from './fixtures/journal-files';
import { openIncident } from './fixtures/team';

// These start browser mode themselves on a data directory prepared beforehand; the electron project would only repeat them.
const preparedDirOnly = (projectName: string) =>
  test.skip(projectName === 'electron', 'drives browser mode on a prepared data directory; the browser project covers it');

const entry = (page: Page, text: string | RegExp) => page.getByTestId('timeline-entry').filter({ hasText: text });

async function openIncidentFromList(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: /^Incidents/ }).click();
  await page.getByRole('button', { name: `Open ${title}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('an incident is opened, noted by keyboard alone, pinned, amended, redacted, searched, and its chain verifies', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('API returning 502s');
  await form.getByLabel('How it was detected').fill('Monitoring alert');
  await form.getByRole('button', { name: 'Open incident' }).click();

  // The new incident is current: the top bar says so on every screen.
  await expect(page.getByTestId('incident-slot')).toContainText('API returning 502s');
  await expect(page.getByTestId('incident-slot')).toContainText('detected');

  // Keyboard alone: from another screen, Ctrl+K lands in the capture box; Enter records.
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('app-version')).toBeVisible();
  await page.keyboard.press('Control+k');
  const capture = page.getByLabel('Quick capture');
  await expect(capture).toBeFocused();
  await page.keyboard.type('First 502s seen at the edge');
  await page.keyboard.press('Enter');
  await expect(entry(page, 'First 502s seen at the edge')).toBeVisible();
  await expect(capture).toHaveValue('');
  await page.keyboard.type('Rolled back deploy 4512, password hunter2 pasted by mistake');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Database cpu at 90%');
  await page.keyboard.press('Enter');
  await expect(entry(page, 'Database cpu at 90%')).toBeVisible();
  // "/" also focuses it when the operator is not typing elsewhere.
  await page.keyboard.press('Alt+2');
  await page.keyboard.press('/');
  await expect(page.getByLabel('Quick capture')).toBeFocused();

  // Each entry shows its full local date and time, UTC on hover, and its author.
  const first = entry(page, 'First 502s seen at the edge');
  await expect(first.locator('time').first()).toHaveAttribute('title', /UTC$/);

  await first.getByRole('button', { name: 'Pin' }).click();
  await expect(first.getByText('Pinned', { exact: true })).toBeVisible();

  const cpu = entry(page, 'Database cpu at 90%').filter({ has: page.getByRole('button', { name: 'Amend' }) });
  await cpu.getByRole('button', { name: 'Amend' }).click();
  await cpu.getByLabel('Correction').fill('Database cpu at 99%');
  await cpu.getByLabel('Correction').press('Enter');
  await expect(cpu.getByTestId('entry-amendment')).toContainText('Database cpu at 99%');
  await expect(cpu.getByText('Amended', { exact: true })).toBeVisible();
  await expect(entry(page, /Corrects #4/)).toBeVisible();

  const leaked = entry(page, 'hunter2');
  await leaked.getByRole('button', { name: 'Redact' }).click();
  const dialog = page.getByRole('dialog', { name: /Redact entry #3/ });
  await dialog.getByLabel('Reason').fill('Contained a password');
  await dialog.getByRole('button', { name: 'Redact entry' }).click();
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'hunter2' })).toHaveCount(0);
  await expect(page.locator('[data-seq="3"]')).toContainText('Body redacted');
  await expect(entry(page, /Redacted #3\. Reason: Contained a password/)).toBeVisible();

  // Each row offers what the journal accepts: a redaction's reason can be corrected (not redacted),
  // a pin only marks another entry, and a redacted body can no longer be amended or redacted.
  const actions = (seq: number) => page.locator(`[data-seq="${seq}"] .entry-actions button`);
  await expect(actions(7)).toHaveText(['Pin', 'Amend']);
  await expect(actions(5)).toHaveCount(0);
  await expect(actions(3)).toHaveText(['Pin']);

  // Pinned only.
  await page.getByLabel('Pinned only').check();
  await expect(page.getByTestId('timeline-entry')).toHaveCount(1);
  await expect(page.getByTestId('timeline-entry')).toContainText('First 502s seen at the edge');
  await page.getByLabel('Pinned only').uncheck();

  // Search highlights the word; the redacted body is no longer findable.
  await page.getByLabel('Search the timeline').fill('edge');
  await expect(page.getByTestId('timeline-entry')).toHaveCount(1);
  await expect(page.getByTestId('timeline-entry').locator('mark')).toHaveText('edge');
  await page.getByLabel('Search the timeline').fill('hunter2');
  await expect(page.getByText('No entry matches this search.')).toBeVisible();
  await page.getByLabel('Search the timeline').fill('');

  // opened + 3 notes + pin + amendment + redaction
  await expect(page.getByTestId('chain-badge')).toHaveText('✓ Chain verified (7 entries)');

  // Status moves are journaled and timestamped.
  await page.getByRole('button', { name: 'Mark acknowledged' }).click();
  await expect(page.getByTestId('status-acknowledged').locator('time')).toBeVisible();
  await expect(page.getByTestId('incident-slot')).toContainText('acknowledged');
});

test('the chain badge says when it last walked the chain, and that a note just typed waits for the next walk', async ({ app }, testInfo) => {
  const { page } = app;
  await openIncident(page, 'Queue backing up');
  const badge = page.getByTestId('chain-badge');
  await expect(badge).toHaveText('✓ Chain verified (1 entry)');
  await expect(page.getByTestId('chain-age')).toHaveText(/^checked \d+ s ago$/);

  await page.getByLabel('Quick capture').fill('Consumers restarted');
  await page.getByLabel('Quick capture').press('Enter');
  // Until the next walk, the count verified is said to be older than the newest entry.
  await expect(badge).toHaveText('✓ Chain verified (1 entry) · newer entries not checked yet');
  await page.screenshot({ path: testInfo.outputPath('chain-behind.png') });
  await expect(badge).toHaveText('✓ Chain verified (2 entries)');
  await expect(page.getByTestId('chain-age')).toHaveText(/^checked [0-2] s ago$/);
  await page.screenshot({ path: testInfo.outputPath('chain-checked.png') });
});

test('the incident switcher lists incidents side by side and starts a new one', async ({ app }) => {
  const { page } = app;
  for (const title of ['Workers stuck', 'Login page slow']) {
    await page.getByRole('button', { name: /^Incidents/ }).click();
    const form = page.getByRole('form', { name: 'New incident' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('How it was detected').fill('Customer report');
    await form.getByRole('button', { name: 'Open incident' }).click();
    await expect(page.getByTestId('incident-slot')).toContainText(title);
  }
  await page.getByTestId('incident-slot').click();
  await page.getByRole('menuitemradio', { name: /Workers stuck/ }).click();
  await expect(page.getByTestId('incident-slot')).toContainText('Workers stuck');
  await expect(page.getByRole('heading', { level: 1, name: 'Workers stuck' })).toBeVisible();
  await page.getByTestId('incident-slot').click();
  await page.getByRole('menuitem', { name: /New incident/ }).click();
  await expect(page.getByRole('form', { name: 'New incident' }).getByLabel('Title')).toBeFocused();
  await expect(page.getByTestId('incident-row')).toHaveCount(2);
});

test('a backdated incident keeps its start time', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Disk filling');
  await form.getByLabel('How it was detected').fill('Engineer noticed');
  await form.getByLabel(/Started/).fill('2024-02-03T04:05:06');
  await form.getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByTestId('status-detected').locator('time')).toHaveAttribute('datetime', new Date('2024-02-03T04:05:06').toISOString());
});

for (const [name, write] of [
  ['a file that is not a database', (path: string) => writeFileSync(path, Buffer.from('This is a grocery list, not a journal.\n'.repeat(200)))],
  [
    "another app's SQLite database",
    (path: string) => {
      const db = new Database(path);
      db.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
      db.close();
    },
  ],
] as const) {
  test(`${name} as the journal: a clear error in the UI and the file left byte-for-byte`, async ({ browser }, testInfo) => {
    preparedDirOnly(testInfo.project.name);
    const dataDir = freshDataDir();
    const path = join(dataDir, 'journal.sqlite');
    write(path);
    const before = readFileSync(path);
    const consoleApp = await openConsoleOn(browser, dataDir);
    try {
      const { page } = consoleApp;
      await expect(page.getByText('Journal unavailable')).toBeVisible();
      await page.getByRole('button', { name: /^Incidents/ }).click();
      const banner = page.getByTestId('journal-banner');
      await expect(banner).toContainText('The journal cannot be opened');
      await expect(banner).toContainText(path);
      await expect(banner).toContainText(/not an Incident Console journal|damaged/);
      // Trying to write anyway gets the same plain answer; the app keeps running.
      const form = page.getByRole('form', { name: 'New incident' });
      await form.getByLabel('Title').fill('x');
      await form.getByLabel('How it was detected').fill('y');
      await form.getByRole('button', { name: 'Open incident' }).click();
      await expect(form.getByRole('alert')).toContainText(/journal/i);
      await page.keyboard.press('Alt+1');
      await expect(page.getByTestId('app-version')).toBeVisible();
    } finally {
      await consoleApp.close();
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });
}

test('a read-only journal: reading works, an append fails plainly and the note stays, marked not recorded', async ({ browser }, testInfo) => {
  preparedDirOnly(testInfo.project.name);
  const dataDir = freshDataDir();
  seedJournal(dataDir, 5, 'Queue backlog');
  chmodSync(join(dataDir, 'journal.sqlite'), 0o444);
  const consoleApp = await openConsoleOn(browser, dataDir);
  try {
    const { page } = consoleApp;
    await openIncidentFromList(page, 'Queue backlog');
    await expect(page.getByTestId('journal-banner')).toContainText('read-only');
    await expect(page.getByTestId('timeline-entry')).toHaveCount(5);
    const capture = page.getByLabel('Quick capture');
    await capture.fill('Scaled workers to 12');
    await capture.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'Not recorded' })).toContainText('read-only');
    // The note stays on screen, marked not recorded, with its text and a way to try again.
    const failed = page.getByTestId('pending-capture');
    await expect(failed).toHaveAttribute('data-state', 'failed');
    await expect(failed).toContainText('Scaled workers to 12');
    await expect(failed.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(page.getByTestId('timeline-entry')).toHaveCount(5);
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('app-version')).toBeVisible();
  } finally {
    await consoleApp.close();
    chmodSync(join(dataDir, 'journal.sqlite'), 0o644);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a 100,000-entry timeline keeps fewer than 2,000 DOM nodes wherever it is scrolled', async ({ browser }, testInfo) => {
  preparedDirOnly(testInfo.project.name);
  test.setTimeout(240_000);
  const dataDir = freshDataDir();
  seedJournal(dataDir, 100_000, 'Long outage');
  const consoleApp = await openConsoleOn(browser, dataDir);
  try {
    const { page } = consoleApp;
    await openIncidentFromList(page, 'Long outage');
    const list = page.getByTestId('timeline-list');
    await expect(list.locator('[data-seq="100000"]')).toBeVisible();
    const nodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
    expect(await nodes()).toBeLessThan(2000);
    // Drag to the middle and to the very end: the rows there are fetched by seq and shown.
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    await expect(list.getByTestId('timeline-entry').first()).toBeVisible();
    await expect(list.locator('.entry-placeholder')).toHaveCount(0);
    expect(await nodes()).toBeLessThan(2000);
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect(list.locator('[data-seq="1"]')).toContainText('Incident opened');
    expect(await nodes()).toBeLessThan(2000);
  } finally {
    await consoleApp.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
