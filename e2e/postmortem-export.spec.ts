import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyBundle } from '../src/main/core/reports/bundle-verification';
import { expect, test, type ConsoleApp } from './fixtures/app';

const GOLDEN = join(import.meta.dirname, '..', 'test', 'reports', 'golden', 'postmortem.md');

/** The sample incident (notes, pins, SEV2→SEV1→SEV3, halt and resume…) written under a frozen clock. */
function seed(app: ConsoleApp, ...flags: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'test/support/seed-sample-incident.ts', app.dataDir, ...flags], { encoding: 'utf8' }).trim();
}

async function openView(app: ConsoleApp, label: string, incidentTitle: string): Promise<void> {
  await app.page.reload();
  await app.page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  await app.page.getByRole('button', { name: new RegExp(incidentTitle) }).click();
}

test.describe('post-mortem export', () => {
  // The app's clock starts after the seeded incident; nothing the app writes appears in the Markdown.
  test.use({ appArgs: ['--clock-start', '2026-03-16T10:30:00.000Z', '--operator', 'alice'] });

  test('writes the Markdown equal to the golden file, a bundle that verifies, and an HTML page', async ({ app }, testInfo) => {
    seed(app);
    await openView(app, 'Post-mortem', 'Checkout API returning 500s');
    const { page } = app;
    // Resolved Sunday 2026-03-15 10:07 UTC → due five business days later, Friday 2026-03-20.
    await expect(page.getByTestId('postmortem-due')).toContainText('Post-mortem due by');
    await expect(page.getByTestId('postmortem-due').locator('time')).toHaveAttribute('datetime', '2026-03-20T10:07:00.000Z');

    await page.getByLabel('Root cause').fill('A migration in deploy 4521 locked the orders table.');
    await page.getByLabel('User-visible symptoms').fill('Checkout failed with HTTP 500');
    await page.getByLabel('What went well').fill('Alert fired within 2 minutes\n- Kill switch stopped writes at once');
    await page.getByRole('button', { name: 'Save write-up' }).click();
    await expect(page.getByText('Saved 3 fields to the journal.')).toBeVisible();

    const addItem = async (action: string, owner: string, due: string) => {
      await page.getByLabel('New action').fill(action);
      await page.getByLabel('New owner').fill(owner);
      if (due) await page.getByLabel('New due').fill(due);
      await page.getByRole('button', { name: 'Add item' }).click();
      await expect(page.getByRole('cell', { name: action })).toBeVisible();
    };
    await addItem('Run migrations in a separate step', 'dana', '2026-03-20');
    await addItem('Alert on lock waits', 'lee', '');
    await page
      .getByRole('row', { name: /Run migrations/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    await page.getByLabel('Edited status').selectOption('in_progress');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('row', { name: /Run migrations/ })).toContainText('in progress');

    const folder = join(app.dataDir, 'postmortem-out');
    await page.getByLabel('Export folder').fill(folder);
    await page.getByRole('button', { name: 'Export post-mortem' }).click();
    const written = page.getByRole('list', { name: 'Written files' });
    await expect(written).toContainText(join(folder, 'postmortem.md'));
    await expect(written).toContainText(join(folder, 'timeline-bundle.json'));
    await expect(written).toContainText(join(folder, 'postmortem.html'));
    if (testInfo.project.name === 'electron') await expect(written).toContainText(join(folder, 'postmortem.pdf'));
    else await expect(page.getByText(/PDF needs the desktop app/)).toBeVisible();
    await expect(page.getByTestId('postmortem-due')).toContainText('exported');

    // The golden file is the export made without checkpoints; the app's ends naming its own checkpoint and key.
    const [markdown, golden] = [readFileSync(join(folder, 'postmortem.md'), 'utf8'), readFileSync(GOLDEN, 'utf8')];
    const provenance = /^_Exported from Incident Console: .*_\n$/m;
    expect(markdown.replace(provenance, '')).toBe(golden.replace(provenance, ''));
    const said = (await page.getByTestId('export-checkpoint').textContent())!;
    const [, seq, fingerprint, key] = /checkpoint #(\d+) (IC-[0-9a-f]{8}), signed by device key ([0-9a-f ]{19})/.exec(said)!;
    expect(markdown).toMatch(
      new RegExp(
        `^_Exported from Incident Console: ${seq} journal entries\\. .* ending with the export's checkpoint #${seq} \\(${fingerprint}\\), signed by device key ${key} `,
        'm',
      ),
    );
    const bundle = JSON.parse(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8')) as { entries: Array<{ kind: string }> };
    expect(verifyBundle(bundle)).toMatchObject({ verdict: 'verified', failure: null, chain: { verified: Number(seq) } });
    expect(bundle.entries.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(['killswitch_call', 'severity_changed', 'pin', 'note', 'postmortem_field', 'action_item']),
    );
  });

  test('the HTML export renders a readable timeline strip (looked at as an image)', async ({ app }, testInfo) => {
    seed(app, '--with-write-up');
    await openView(app, 'Post-mortem', 'Checkout API returning 500s');
    const folder = join(app.dataDir, 'html-out');
    await app.page.getByLabel('Export folder').fill(folder);
    await app.page.getByRole('button', { name: 'Export post-mortem' }).click();
    await expect(app.page.getByRole('list', { name: 'Written files' })).toContainText('postmortem.html');

    const report = await app.page.context().newPage();
    // The page must need nothing from outside: any request other than the file itself fails the test.
    const requests: string[] = [];
    report.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(join(folder, 'postmortem.html')).href;
    await report.goto(url);
    const strip = report.locator('svg.timeline-strip');
    await expect(strip).toBeVisible();
    const shot = testInfo.outputPath('postmortem-html.png');
    await report.screenshot({ path: shot, fullPage: false });
    await strip.screenshot({ path: testInfo.outputPath('timeline-strip.png') });
    testInfo.attachments.push({ name: 'postmortem-html', path: shot, contentType: 'image/png' });

    await expect(strip.locator('rect.sev-band')).toHaveCount(4);
    expect(await strip.locator('rect.sev-band').evaluateAll((bands) => bands.map((band) => band.getAttribute('data-severity')))).toEqual([
      'unset',
      'SEV2',
      'SEV1',
      'SEV3',
    ]);
    for (const [kind, label] of [
      ['halt', 'Halt 09:10'],
      ['resume', 'Resume 09:31'],
      ['ack', 'Acknowledged 09:03'],
      ['mitigated', 'Mitigated 09:25'],
      ['resolved', 'Resolved 10:07'],
    ]) {
      const mark = strip.locator(`g.mark-${kind}`);
      await expect(mark).toHaveCount(1);
      await expect(mark).toContainText(label!);
      const box = await mark.locator('text').boundingBox();
      expect(box?.width, `${kind} label is drawn`).toBeGreaterThan(20);
    }
    await expect(strip.locator('rect.halted-period')).toHaveCount(1);
    // Labels must sit inside the picture and not overlap each other (readable at a glance).
    const svgBox = (await strip.boundingBox())!;
    const boxes = await strip.locator('text.mark-label').evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect().toJSON() as DOMRect));
    for (const box of boxes) {
      expect(box.left >= svgBox.x && box.right <= svgBox.x + svgBox.width && box.top >= svgBox.y, `label ${JSON.stringify(box)} is cut off`).toBe(true);
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `labels ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(false);
      }
    }
    // No mark's line runs through another mark's label.
    const crossings = await strip.locator('g.mark').evaluateAll((marks) =>
      marks.flatMap((mark) => {
        const line = mark.querySelector('line')!.getBoundingClientRect();
        return marks
          .filter((other) => other !== mark)
          .map((other) => other.querySelector('text')!.getBoundingClientRect())
          .filter((label) => line.left < label.right && label.left < line.right && line.top < label.bottom && label.top < line.bottom)
          .map((label) => `${mark.getAttribute('class')} crosses a label at ${label.left}`);
      }),
    );
    expect(crossings).toEqual([]);
    expect(requests).toEqual([url]);
  });
});

test.describe('comms', () => {
  test.use({ appArgs: ['--clock-start', '2026-03-15T09:05:00.000Z', '--operator', 'alice'] });

  test('counts down to the next SEV1 update, records an update posted and restarts the clock', async ({ app }) => {
    seed(app, '--open-sev1');
    await openView(app, 'Comms', 'Login failing for all tenants');
    const { page } = app;
    const countdown = page.getByTestId('update-countdown');
    // Triaged SEV1 at 09:00, every 15 min: due 09:15, about ten minutes from the app's 09:05.
    await expect(countdown).toContainText(/Next update in (9|10)m/);
    await expect(countdown).toContainText('SEV1 · every 15 min in War-room');
    await expect(countdown.locator('time').first()).toHaveAttribute('datetime', '2026-03-15T09:15:00.000Z');

    await page.getByLabel('Update text, exactly as posted').fill('SEV1: login failing, rolling back auth deploy. Next update 09:20.');
    await expect(page.getByLabel('Channel')).toHaveValue('War-room');
    await page.getByRole('button', { name: 'Update posted' }).click();
    await expect(countdown).toContainText(/Next update in 1[45]m/);
    await expect(countdown).toContainText('Counting from the last internal update');
    // The text to paste is the update with the fingerprint of the checkpoint made for it.
    const pasted = page.getByRole('status', { name: 'Posted update' }).getByTestId('posted-text');
    await expect(pasted).toHaveText(/^SEV1: login failing, rolling back auth deploy\. Next update 09:20\.\n\nJournal checkpoint: IC-[0-9a-f]{8}$/);
    await page.getByText(/^Last update/).click();
    await expect(
      page.getByRole('region', { name: 'Next internal update' }).getByText('SEV1: login failing, rolling back auth deploy. Next update 09:20.'),
    ).toBeVisible();
  });

  test('fills the customer update from the incident, saves it and journals it as sent', async ({ app }, testInfo) => {
    const incidentId = seed(app, '--open-sev1');
    await openView(app, 'Comms', 'Login failing for all tenants');
    const { page } = app;
    await expect(page.getByLabel('Subject')).toHaveValue('Service incident — Login failing for all tenants');
    const message = page.getByLabel('Message');
    await expect(message).toHaveValue(/^Hi,\n\nAt 2026-03-15 09:00 UTC, we detected login failing for all tenants\./);
    await expect(message).toHaveValue(/Cause: investigation ongoing/);
    await message.fill('Hi,\n\nLogins failed from 09:00 UTC. Fixed at 09:40 UTC.\n');

    await page.getByRole('button', { name: 'Save to file' }).click();
    const saved = join(app.dataDir, 'exports', incidentId);
    await expect(page.getByRole('status').filter({ hasText: 'Saved to' })).toContainText(saved);
    const savedPath = (await page.getByRole('status').filter({ hasText: 'Saved to' }).textContent())!.replace('Saved to ', '').trim();
    expect(readFileSync(savedPath, 'utf8')).toBe(
      'Subject: Service incident — Login failing for all tenants\n\nHi,\n\nLogins failed from 09:00 UTC. Fixed at 09:40 UTC.\n\n',
    );

    await page.getByRole('button', { name: 'Record as sent' }).click();
    await expect(page.getByText('Journaled as sent via email.')).toBeVisible();
    // Reading the journal back goes through browser mode's /rpc; the desktop app has no such door.
    if (testInfo.project.name === 'electron') return;
    const entries = await page.evaluate(async (id) => {
      const response = await fetch('/rpc/journal.entries', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ incidentId: id, kinds: ['comms_sent'] }),
      });
      return (await response.json()) as { result: { entries: Array<{ text: string; data: Record<string, unknown> }> } };
    }, incidentId);
    expect(entries.result.entries).toEqual([
      expect.objectContaining({
        text: 'Subject: Service incident — Login failing for all tenants\n\nHi,\n\nLogins failed from 09:00 UTC. Fixed at 09:40 UTC.\n',
        data: { audience: 'customer', channel: 'email', subject: 'Service incident — Login failing for all tenants' },
      }),
    ]);
  });
});

test.describe('update reminder', () => {
  // The seeded SEV1 was triaged at 09:00; at 09:15:30 its 15-minute update is overdue.
  test.use({ appArgs: ['--clock-start', '2026-03-15T09:15:30.000Z', '--operator', 'alice'] });

  test('shows an in-page banner on every screen when an update falls due, and the countdown turns overdue', async ({ app }) => {
    // No reload: the page is already listening when the journal gains the incident and the
    // reminder service (checking every few seconds) finds its update overdue.
    await expect(app.page.getByRole('button', { name: /^Comms/ })).toBeVisible();
    seed(app, '--open-sev1');
    await expect(app.page.getByRole('status').filter({ hasText: 'Internal update due for "Login failing for all tenants" (SEV1)' })).toBeVisible({
      timeout: 20_000,
    });
    await app.page.getByRole('button', { name: /^Comms/ }).click();
    await app.page.getByRole('button', { name: /Login failing for all tenants/ }).click();
    await expect(app.page.getByTestId('update-countdown')).toContainText('Update overdue by');
  });
});
