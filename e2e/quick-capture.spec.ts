import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';
import { openConsoleOn } from './fixtures/journal-files';
import { fillUntilFull } from '../test/support/fill-disk';

const entry = (page: Page, text: string) => page.getByTestId('timeline-entry').filter({ hasText: text });
const pending = (page: Page, text: string) => page.getByTestId('pending-capture').filter({ hasText: text });

async function openIncident(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('How it was detected').fill('Monitoring alert');
  await form.getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/**
 * Another connection holds the journal's write lock (BEGIN IMMEDIATE), as a second writer would:
 * the console's append waits for it (up to its busy timeout of 5 s), then fails.
 */
function holdWriteLock(dataDir: string): { release(): void } {
  const db = new Database(join(dataDir, 'journal.sqlite'));
  db.exec('BEGIN IMMEDIATE');
  return {
    release() {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

test('a captured note shows at once as pending, and as recorded once the journal has made it durable', async ({ app }, testInfo) => {
  const { page, dataDir } = app;
  await openIncident(page, 'Checkout errors');
  const capture = page.getByLabel('Quick capture');
  await capture.click();

  const lock = holdWriteLock(dataDir);
  let released = false;
  try {
    await page.keyboard.type('Error rate 12% on checkout');
    await page.keyboard.press('Enter');
    // On screen before the journal could write it: pending, with its text, and not yet an entry.
    const note = pending(page, 'Error rate 12% on checkout');
    await expect(note).toHaveAttribute('data-state', 'pending');
    await expect(note).toContainText('Recording…');
    await expect(capture).toHaveValue('');
    await expect(entry(page, 'Error rate 12% on checkout')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('capture-pending.png') });
    lock.release();
    released = true;
  } finally {
    if (!released) lock.release();
  }

  // Durable: the pending row gives way to the recorded entry, with its number.
  await expect(entry(page, 'Error rate 12% on checkout')).toBeVisible();
  await expect(page.getByTestId('pending-capture')).toHaveCount(0);
  await expect(entry(page, 'Error rate 12% on checkout')).toHaveAttribute('data-seq', '2');
  await page.screenshot({ path: testInfo.outputPath('capture-recorded.png') });
});

/** Each rendered timeline row's top and bottom, top to bottom, as laid out on screen. */
async function rowBoxes(page: Page): Promise<Array<{ top: number; bottom: number }>> {
  return page.getByTestId('timeline-list').evaluate((list) =>
    [...list.querySelectorAll('.timeline-row')]
      .map((row) => row.getBoundingClientRect())
      .map(({ top, bottom }) => ({ top, bottom }))
      .sort((a, b) => a.top - b.top),
  );
}

test('notes of several lines typed one after another stack in the timeline, none over another and no gap between them', async ({ app }) => {
  const { page } = app;
  await openIncident(page, 'Long notes');
  const capture = page.getByLabel('Quick capture');
  const long = (index: number) =>
    `Note ${index}: ${'the checkout service returned errors for a subset of customers while the payment provider retried, '.repeat(index + 1)}`;
  for (let index = 0; index < 4; index += 1) {
    await capture.fill(long(index));
    await page.keyboard.press('Enter');
    await expect(entry(page, `Note ${index}:`)).toBeVisible();
  }
  // Measured as they arrived at the top: every row starts where the one above it ends.
  await expect
    .poll(async () => {
      const boxes = await rowBoxes(page);
      return boxes.slice(1).every((box, index) => Math.abs(box.top - boxes[index]!.bottom) < 1) && boxes.length === 5;
    })
    .toBe(true);
  const boxes = await rowBoxes(page);
  // The longest note (newest, on top) is the tallest row: heights follow the text, not an estimate.
  expect(boxes[0]!.bottom - boxes[0]!.top).toBeGreaterThan(boxes[3]!.bottom - boxes[3]!.top);
});

test('a note the journal could not write stays, marked not recorded with the reason and its text, and records on another try', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  const { page, dataDir } = app;
  await openIncident(page, 'Queue backlog');
  const capture = page.getByLabel('Quick capture');

  // Held past the console's busy timeout: SQLite gives up and nothing is written.
  const lock = holdWriteLock(dataDir);
  try {
    await capture.fill('Scaled workers to 12');
    await capture.press('Enter');
    await capture.fill('Queue draining');
    await capture.press('Enter');
    const first = pending(page, 'Scaled workers to 12');
    await expect(first).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(first.getByRole('alert')).toContainText('Not recorded: Could not append a note entry');
    await expect(first.getByRole('alert')).toContainText('locked');
    await expect(pending(page, 'Queue draining')).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(entry(page, 'Scaled workers to 12')).toHaveCount(0);
    // The box is free for the next note; what was typed is kept where it failed.
    await expect(capture).toHaveValue('');
    await page.screenshot({ path: testInfo.outputPath('capture-failed.png') });
  } finally {
    lock.release();
  }

  await pending(page, 'Scaled workers to 12').getByRole('button', { name: 'Try again' }).click();
  await expect(entry(page, 'Scaled workers to 12')).toBeVisible();
  await expect(pending(page, 'Scaled workers to 12')).toHaveCount(0);
  // The other one waits for the operator: tried again, or dropped on purpose.
  await pending(page, 'Queue draining').getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('pending-capture')).toHaveCount(0);
  await expect(entry(page, 'Queue draining')).toHaveCount(0);
});

test('on a full disk a note is marked not recorded with its text, and records once space is freed', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'drives browser mode on a prepared data directory; the browser project covers it');
  test.skip(process.getuid?.() !== 0, 'mounting a small tmpfs as the data directory needs root');
  test.setTimeout(90_000);
  const mount = mkdtempSync(join(tmpdir(), 'incident-console-e2e-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
  const dataDir = join(mount, 'data');
  mkdirSync(dataDir);
  const consoleApp = await openConsoleOn(browser, dataDir);
  try {
    const { page } = consoleApp;
    await openIncident(page, 'Disk filling');
    const capture = page.getByLabel('Quick capture');
    const filler = fillUntilFull(join(mount, 'filler'));
    // The WAL may still have room for a note or two: long notes until one is refused.
    let refused = '';
    for (let i = 0; i < 30 && refused === ''; i += 1) {
      const text = `Full disk note ${i} ${'y'.repeat(8000)}`;
      await capture.fill(text);
      await capture.press('Enter');
      const note = entry(page, `Full disk note ${i} `).or(pending(page, `Full disk note ${i} `).and(page.locator('[data-state="failed"]')));
      await expect(note).toBeVisible();
      if ((await pending(page, `Full disk note ${i} `).count()) > 0) refused = `Full disk note ${i} `;
    }
    expect(refused).not.toBe('');
    const failed = pending(page, refused);
    await expect(failed.getByRole('alert')).toContainText('is full. Nothing was recorded');
    await page.screenshot({ path: testInfo.outputPath('capture-disk-full.png') });

    rmSync(filler);
    await failed.getByRole('button', { name: 'Try again' }).click();
    await expect(entry(page, refused)).toBeVisible();
    await expect(page.getByTestId('pending-capture')).toHaveCount(0);
  } finally {
    await consoleApp.close();
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  }
});
