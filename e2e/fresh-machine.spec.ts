import { startFakePowernode, TEST_PASSWORD, type FakePowernode } from '../test/fake-powernode/server.mjs';
import { expect, test } from './fixtures/app';
import { sharedLibraryFiles } from './fixtures/shared-libraries';

/**
 * A fresh laptop has no libsecret: the console must still start, say in one line that there is no
 * keychain, and let the operator log in for this run only. Browser mode runs in a private mount
 * namespace where libsecret's library is /dev/null, inside the tests' real D-Bus session with an
 * unlocked gnome-keyring, so only the missing library can explain a missing keychain.
 */
const libsecret = sharedLibraryFiles('libsecret-1.so');
let fake: FakePowernode;

test.use({ appHiddenFiles: libsecret });
test.beforeEach(async ({ browserName: _browserName }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode only: the library is hidden from the browser-mode process');
  test.skip(process.getuid?.() !== 0, 'hiding a library needs a private mount namespace (root)');
  expect(libsecret.length, 'libsecret is installed for the tests, so there is something to hide').toBeGreaterThan(0);
  fake = await startFakePowernode();
});
test.afterEach(async () => {
  await fake?.close();
});

test('without libsecret the console starts, explains the missing keychain in one line, and logs in for this run only', async ({ app }) => {
  const { page } = app;
  await expect(page.getByTestId('app-version')).toBeVisible();
  await expect
    .poll(() => app.output())
    .toMatch(
      /^Keychain: No OS keychain is available \(the keychain library could not be loaded: .*libsecret-1\.so.*\)\. You can log in for this run only; nothing will be remembered\.$/m,
    );

  await page.getByRole('button', { name: /^Powernode/ }).click();
  await page.getByLabel('Profile name').fill('prod');
  await page.getByLabel('Base URL').fill(fake.url);
  await page.getByLabel('Email').fill('commander@example.test');
  await page.getByRole('button', { name: 'Save environment' }).click();

  const login = page.getByRole('form', { name: 'Log in' });
  await expect(login.getByText(/^No OS keychain is available \(the keychain library could not be loaded: .*libsecret/)).toBeVisible();
  await expect(login.getByRole('checkbox', { name: /Remember/ })).toBeDisabled();
  await login.getByLabel('Password').fill(TEST_PASSWORD);
  await login.getByRole('button', { name: 'Log in for this run only' }).click();
  await expect(page.getByTestId('session-state')).toContainText('Logged in as');
  await expect(page.getByTestId('session-state')).toContainText('this run only');
  await expect(page.getByTestId('killswitch-state')).toContainText('prod: AI running');
});
