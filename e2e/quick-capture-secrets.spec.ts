import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';

// Synthetic values of the right shape (never real credentials).
const TOKEN = 'ghp_Zq8Lm3Vx7Rt2Kw9Np4Hs6Jd1Fb5Gc0Ye3Ua';
const PASTED = `Rolled back with GITHUB_TOKEN=${TOKEN} and DATABASE_URL=postgres://reports:Tr0ub4dor/x@db.internal:5432/app`;

const entry = (page: Page, text: string | RegExp) => page.getByTestId('timeline-entry').filter({ hasText: text });

async function openIncident(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Reports worker failing');
  await form.getByLabel('How it was detected').fill('Monitoring alert');
  await form.getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByTestId('incident-slot')).toContainText('Reports worker failing');
}

test('a pasted note that looks like a secret asks before it is recorded, and is recorded redacted', async ({ app }, testInfo) => {
  const { page } = app;
  await openIncident(page);
  await page.keyboard.press('Control+k');
  const capture = page.getByLabel('Quick capture');
  await expect(capture).toBeFocused();

  // Pasting shows the warning at once: what was seen and how the note would read redacted.
  await capture.fill(PASTED);
  const warning = page.getByTestId('secret-warning');
  await expect(warning).toContainText('This note looks like it holds a secret: GitHub token, password in a URL.');
  await expect(warning.locator('pre')).toHaveText(
    'Rolled back with GITHUB_TOKEN=[REDACTED GITHUB TOKEN] and DATABASE_URL=postgres://reports:[REDACTED]@db.internal:5432/app',
  );
  await page.screenshot({ path: testInfo.outputPath('secret-warning.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: testInfo.outputPath('secret-warning-dark.png') });

  // Enter records nothing: it lands on "Redact and save"; Enter there records the redacted note.
  await capture.press('Enter');
  await expect(warning.getByRole('button', { name: 'Redact and save' })).toBeFocused();
  await expect(entry(page, 'Rolled back with')).toHaveCount(0);
  await page.keyboard.press('Enter');
  const recorded = entry(page, 'Rolled back with');
  await expect(recorded).toContainText('GITHUB_TOKEN=[REDACTED GITHUB TOKEN]');
  await expect(recorded).not.toContainText(TOKEN);
  await expect(recorded).not.toContainText('Tr0ub4dor');
  await expect(warning).toHaveCount(0);
  await expect(capture).toHaveValue('');
  await expect(capture).toBeFocused();

  // The journal has only the redacted text: searching for the token finds nothing.
  await page.getByLabel('Search the timeline').fill('Zq8Lm3Vx7Rt2Kw9Np4Hs6Jd1Fb5Gc0Ye3Ua');
  await expect(page.getByTestId('timeline-entry')).toHaveCount(0);
  await page.getByLabel('Search the timeline').fill('');

  // A look-alike the operator knows is harmless can be kept as typed.
  await capture.fill('api_key rotated: old key id AKIAZ7QW3ERT5YUI8OPA retired');
  await expect(warning).toContainText('AWS access key');
  await warning.getByRole('button', { name: 'Save as typed' }).click();
  await expect(entry(page, 'AKIAZ7QW3ERT5YUI8OPA retired')).toBeVisible();

  // Ordinary notes are recorded on Enter as before, with no warning.
  await capture.fill('Database cpu at 90%, password authentication failed for user "reports"');
  await expect(warning).toHaveCount(0);
  await capture.press('Enter');
  await expect(entry(page, 'Database cpu at 90%')).toBeVisible();
});
