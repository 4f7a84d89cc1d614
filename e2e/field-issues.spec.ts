import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures/app';

/**
 * A form whose input main refuses marks the very field it names: `aria-invalid`, and main's reason
 * beside it as the field's description (`aria-describedby`), not only a sentence at the foot of
 * the form. The browser's own checks (min/max, type) are switched off where a form has them, so
 * what is tested is main's answer, as a hand-edited request or another client would meet it.
 */

async function withoutBrowserChecks(form: Locator): Promise<void> {
  await form.evaluate((element) => ((element as HTMLFormElement).noValidate = true));
}

test('a Powernode profile with a bad name and a base URL holding a password: both fields are marked with main’s reason', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Powernode/ }).click();
  const form = page.getByRole('form', { name: 'Add environment' });
  await form.getByLabel('Profile name').fill('prod env!');
  await form.getByLabel('Base URL').fill('https://ops:hunter2@powernode.example.test');
  await form.getByLabel('Email').fill('ops@example.test');
  await form.getByRole('button', { name: 'Save environment' }).click();

  const name = form.getByLabel('Profile name');
  const baseUrl = form.getByLabel('Base URL');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription('Use letters, digits, "-" or "_" (up to 32), e.g. prod or staging');
  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(baseUrl).toHaveAccessibleDescription(/^Leave user and password out of the base URL/);
  // The field main did not name stays as it was.
  await expect(form.getByLabel('Email')).not.toHaveAttribute('aria-invalid');
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid input for profiles.save' })).toBeVisible();

  // Fixed and saved again: the marks go, the profile is listed.
  await name.fill('prod');
  await baseUrl.fill('https://powernode.example.test');
  await form.getByRole('button', { name: 'Save environment' }).click();
  await expect(page.getByRole('cell', { name: 'prod', exact: true })).toBeVisible();
  await expect(name).not.toHaveAttribute('aria-invalid');
  await expect(baseUrl).not.toHaveAttribute('aria-invalid');
});

test('a host with an SSH port out of range and a Redis port that is no number: each field is marked', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  await page.getByRole('button', { name: 'Add host' }).click();
  const form = page.getByRole('form', { name: 'Add host' });
  await withoutBrowserChecks(form);
  await form.getByLabel('Name', { exact: true }).fill('db-1');
  await form.getByLabel('Host or ssh alias').fill('db1.internal');
  await form.getByLabel('Port', { exact: true }).fill('70000');
  await form.getByLabel('Redis port').fill('63x9');
  await form.getByRole('button', { name: 'Save host' }).click();

  // By role and name: the reason beside a field is its description, never part of its name.
  const port = form.getByRole('spinbutton', { name: 'Port', exact: true });
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(port).toHaveAccessibleDescription(/65535/);
  const redisPort = form.getByRole('textbox', { name: 'Redis port', exact: true });
  await expect(redisPort).toHaveAttribute('aria-invalid', 'true');
  await expect(redisPort).toHaveAccessibleDescription('A port number');
  await expect(form.getByLabel('Name', { exact: true })).not.toHaveAttribute('aria-invalid');
  // Nothing was saved: the list still has only this machine.
  await expect(page.getByRole('button', { name: 'Edit db-1' })).toHaveCount(0);
});

test('an incident started in the future is refused by the journal, and the start field says so', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await withoutBrowserChecks(form);
  await form.getByLabel('Title').fill('API returning 502s');
  await form.getByLabel('How it was detected').fill('Monitoring alert');
  const started = form.getByLabel(/^Started/);
  await started.fill('2099-01-01T10:00:00');
  await form.getByRole('button', { name: 'Open incident' }).click();

  await expect(started).toHaveAttribute('aria-invalid', 'true');
  await expect(started).toHaveAccessibleDescription('In the future: leave it empty for "now"');
  await expect(form.getByRole('alert')).toHaveText('An incident cannot start in the future; leave the start time empty for "now".');
  await expect(form.getByLabel('Title')).not.toHaveAttribute('aria-invalid');
});

test('a customer update saved into a relative folder: the folder field is marked', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Login failing');
  await form.getByLabel('How it was detected').fill('Customer report');
  await form.getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByTestId('incident-slot')).toContainText('Login failing');

  await page.getByRole('button', { name: /^Comms/ }).click();
  await expect(page.getByLabel('Subject')).toHaveValue(/Login failing/);
  await page.getByLabel('Save into folder').fill('exports/here');
  await page.getByRole('button', { name: 'Save to file' }).click();
  const folder = page.getByRole('textbox', { name: 'Save into folder', exact: true });
  await expect(folder).toHaveAttribute('aria-invalid', 'true');
  await expect(folder).toHaveAccessibleDescription('A full path, not a relative one');
  await expect(page.getByRole('alert').filter({ hasText: 'Give the folder as a full path' })).toBeVisible();
});

test('post-mortem: a write-up field and an action item owner longer than main takes are marked where they were typed', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: /^Incidents/ }).click();
  const form = page.getByRole('form', { name: 'New incident' });
  await form.getByLabel('Title').fill('Checkout API returning 500s');
  await form.getByLabel('How it was detected').fill('Monitoring alert');
  await form.getByRole('button', { name: 'Open incident' }).click();
  await expect(page.getByTestId('incident-slot')).toContainText('Checkout API returning 500s');
  await page.getByRole('button', { name: /^Post-mortem/ }).click();

  await page.getByLabel('Root cause').fill('x'.repeat(20_001));
  await page.getByRole('button', { name: 'Save write-up' }).click();
  // Still unsaved (nothing was journaled), and its name is still its label.
  const rootCause = page.getByRole('textbox', { name: 'Root cause · unsaved', exact: true });
  await expect(rootCause).toHaveAttribute('aria-invalid', 'true');
  await expect(rootCause).toHaveAccessibleDescription(/20000/);
  await expect(page.getByRole('textbox', { name: 'What went well', exact: true })).not.toHaveAttribute('aria-invalid');
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid input for postmortem.setField' })).toBeVisible();

  await page.getByLabel('New action').fill('Run migrations in a separate step');
  await page.getByLabel('New owner').fill('o'.repeat(201));
  await page.getByRole('button', { name: 'Add item' }).click();
  const owner = page.getByRole('textbox', { name: 'New owner', exact: true });
  await expect(owner).toHaveAttribute('aria-invalid', 'true');
  await expect(owner).toHaveAccessibleDescription(/200/);
  await expect(page.getByRole('textbox', { name: 'New action', exact: true })).not.toHaveAttribute('aria-invalid');
});
