import { expect, test } from './fixtures/app';

// The OS-integration pieces that also exist in browser mode: the theme choice (persisted in the
// data dir) and reminders shown as banners.
test('the theme can be chosen, applies at once and is remembered', async ({ app }) => {
  const { page } = app;
  const picker = page.getByLabel('Theme');
  await expect(picker).toHaveValue('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);

  await picker.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await picker.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(darkBackground).not.toBe(lightBackground);

  await page.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('"Follow the system" tracks the OS colour scheme', async ({ app }) => {
  const { page } = app;
  await expect(page.getByLabel('Theme')).toHaveValue('system');
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(light).toBe('rgb(245, 246, 248)');
  expect(dark).toBe('rgb(15, 18, 22)');
});
