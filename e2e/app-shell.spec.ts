import { readFileSync } from 'node:fs';
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
  const other = await app.page.context().newPage();
  // A different loopback origin stands in for a hostile site the operator has open.
  await other.route('http://attacker.localtest/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>attacker</title>' }),
  );
  await other.goto('http://attacker.localtest/');
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
});
