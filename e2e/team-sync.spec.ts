import { expect, test } from './fixtures/app';
import { startPostgres, type TestPostgres } from '../test/support/postgres-server';

/**
 * The team database as the commander meets it: set on the Overview's Team sync panel (the string
 * never shown again), the top bar saying online and what waits, then OFFLINE in plain words when
 * the database goes away, while notes are still taken and counted as waiting to go.
 */
test('the team sync state is set on the Overview and always visible in the top bar, online and offline', async ({ app }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'browser mode covers it; the sync service is the same core');
  const pg: TestPostgres = await startPostgres();
  try {
    pg.psql('CREATE DATABASE e2e_team');
    const { page } = app;
    const slot = page.getByTestId('sync-slot');
    await expect(slot).toHaveText('Sync off');

    const field = page.getByLabel(/Team database connection string/);
    await field.fill('postgres://ana:secret-pw@db.example.org/incidents');
    await page.getByRole('button', { name: 'Use this database' }).click();
    await expect(page.getByText(/must use TLS: add \?sslmode=verify-full/)).toBeVisible();

    await field.fill(`postgres://postgres:secret-pw@127.0.0.1:${pg.port}/e2e_team`);
    await page.getByRole('button', { name: 'Use this database' }).click();
    await expect(page.getByTestId('sync-headline')).toHaveText('Team sync online · nothing waiting');
    await expect(page.getByTestId('sync-database')).toHaveText(`127.0.0.1:${pg.port}/e2e_team (loopback, no TLS)`);
    await expect(slot).toContainText('Sync online · 0 waiting · synced');
    await expect(page.getByTestId('sync-last-synced')).not.toHaveText('never');
    await expect(page.locator('body')).not.toContainText('secret-pw');
    await page.screenshot({ path: testInfo.outputPath('team-sync-online.png'), fullPage: true });

    await pg.stop();
    await expect(slot).toContainText('Sync OFFLINE');
    await expect(page.getByTestId('sync-error')).toContainText('team database');
    // Offline, an incident still opens at once, and its first entry is counted as waiting to go.
    await page
      .getByRole('region', { name: /Open incidents/ })
      .getByRole('button', { name: 'New incident…' })
      .click();
    const form = page.getByRole('form', { name: 'New incident' });
    await form.getByLabel('Title').fill('Orders stuck in pending');
    await form.getByLabel('How it was detected').fill('customer');
    await form.getByRole('button', { name: 'Open incident' }).click();
    await expect(page.getByRole('button', { name: /^Timeline/ })).toHaveAttribute('aria-current', 'page');
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('sync-waiting')).toContainText(/^[1-9]\d* entr/);
    await expect(slot).toContainText(/· [1-9]\d* waiting · synced/);
    await page.screenshot({ path: testInfo.outputPath('team-sync-offline.png'), fullPage: true });
  } finally {
    await pg.stop().catch(() => undefined);
  }
});
