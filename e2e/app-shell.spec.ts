import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures/app';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

test('the first screen shows app.info obtained through the contract', async ({ app }, testInfo) => {
  const { page } = app;
  await expect(page.getByTestId('app-version')).toHaveText(version);
  await expect(page.getByTestId('app-data-dir')).toHaveText(app.dataDir);
  const expectedMode = testInfo.project.name === 'electron' ? 'Desktop app' : 'Browser mode (loopback)';
  await expect(page.getByTestId('app-mode')).toHaveText(expectedMode);
});

test('the token leaves the address bar once it has been traded for a cookie', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode only');
  await expect(app.page.getByTestId('app-version')).toBeVisible();
  expect(app.page.url()).not.toContain('token=');
});

test('a page from another origin cannot call the console', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode only');
  const consoleUrl = new URL(app.url!);
  // Another loopback port is another origin: it stands in for a hostile site the operator has open.
  const attacker = createServer((_req, res) => res.end('<!doctype html><title>attacker</title>'));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    const other = await app.page.context().newPage();
    await other.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    const status = await other.evaluate(async (target) => {
      try {
        const response = await fetch(`${target}rpc/app.info`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
          credentials: 'include',
        });
        return response.status;
      } catch {
        return 'blocked';
      }
    }, `${consoleUrl.origin}/`);
    // Either the browser refuses the cross-origin preflight or the server answers 403: never 200.
    expect(status === 'blocked' || status === 403 || status === 401).toBe(true);
  } finally {
    attacker.close();
  }
});

test('the first screen lists what is open and leads to its timeline or to a new incident', async ({ app }) => {
  const { page } = app;
  const openPanel = page.getByRole('region', { name: /Open incidents/ });
  await expect(openPanel).toContainText('Nothing open');
  await openPanel.getByRole('button', { name: 'New incident…' }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await expect(form.getByLabel('Title')).toBeFocused();
  await form.getByLabel('Title').fill('Workers stuck on reports queue');
  await form.getByLabel('How it was detected').fill('alert');
  await form.getByRole('button', { name: 'Open incident' }).click();
  // Opening an incident lands on its timeline; from there, back to the first screen.
  const timelineNav = page.getByRole('button', { name: /^Timeline/ });
  await expect(timelineNav).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Alt+1');
  await expect(openPanel.getByRole('row')).toHaveCount(1);
  await expect(openPanel).toContainText('Workers stuck on reports queue');
  await openPanel.getByRole('button', { name: 'Open timeline' }).click();
  await expect(timelineNav).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('timeline-entry').first()).toContainText('Workers stuck on reports queue');
});
