import type { Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';

/** Calls the console the way the page does (browser mode: POST /rpc/<method> with the session cookie). */
async function rpc<T>(page: Page, method: string, input: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ method, input }) => {
      const response = await fetch(`/rpc/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
        credentials: 'same-origin',
      });
      return (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
    },
    { method, input },
  );
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.message}`);
  return answer.result as T;
}

interface Entry {
  kind: string;
  author: string;
  recordedAt: string;
  occurredAt: string | null;
  text: string;
  data: Record<string, unknown>;
}

async function entries(page: Page, incidentId: string, kind: string): Promise<Entry[]> {
  return (await rpc<{ entries: Entry[] }>(page, 'journal.entries', { incidentId, kinds: [kind] })).entries;
}

test.describe('triage', () => {
  test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name === 'electron', "reads the journal through browser mode's /rpc"));

  test('agents taking unwanted actions with a security dimension: kill switch first, SEV1 suggested, path journaled', async ({ app }) => {
    const { page } = app;
    await page.getByRole('button', { name: /^Triage/ }).click();
    await page.getByLabel('Incident title').fill('Agents rotating customer keys');
    await page.getByRole('button', { name: 'Open incident' }).click();

    const question = page.getByTestId('triage-question');
    await expect(question).toContainText('Is the platform doing something it should not be doing right now?');
    await question.getByRole('button', { name: 'Yes — agents are taking unwanted actions' }).click();
    // The kill switch is asked for as soon as the platform misbehaves, before the next question.
    await expect(page.getByTestId('kill-switch-first')).toBeVisible();
    await expect(question).toContainText('Is there a security dimension');
    // The banner's button opens the same HALT dialog as the top bar.
    await page.getByTestId('kill-switch-first').getByRole('button', { name: 'Halt AI activity…' }).click();
    const haltDialog = page.getByRole('dialog', { name: 'HALT all AI activity' });
    await expect(haltDialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(haltDialog).toBeHidden();

    await question.getByRole('button', { name: /a security dimension: auth bypass, key or credential disclosure/ }).click();
    await expect(page.getByTestId('suggested-severity')).toHaveText('SEV1');
    const sections = page.getByTestId('outcome-sections').getByRole('listitem');
    await expect(sections.nth(0)).toHaveText('The kill switch');
    await expect(sections.nth(1)).toHaveText('Suspected credential leak');
    await expect(page.getByTestId('kill-switch-first')).toContainText('never skipped for a security incident');

    // Picking lower than suggested is flagged as an under-call.
    await page.locator('label.sev-option', { hasText: 'SEV2' }).click();
    await expect(page.getByTestId('under-call-warning')).toBeVisible();
    await expect(page.getByTestId('set-severity')).toBeDisabled();
    await page.locator('label.sev-option', { hasText: 'SEV1' }).click();
    await expect(page.getByTestId('under-call-warning')).toHaveCount(0);
    await page.getByTestId('set-severity').click();
    await expect(page.getByTestId('severity-badge')).toHaveText('SEV1');

    // The journal holds the path, the suggestion and the sections, kill switch first.
    const incidentId = await page.evaluate(() => localStorage.getItem('incident-console.current-incident'));
    const [change] = await entries(page, incidentId!, 'severity_changed');
    expect(change?.data).toMatchObject({
      from: null,
      to: 'SEV1',
      triage: {
        suggested: 'SEV1',
        path: [
          { questionId: 'platform-misbehaving', answer: 'Yes — agents are taking unwanted actions' },
          { questionId: 'security-dimension', answer: 'Yes — a security dimension: auth bypass, key or credential disclosure' },
        ],
      },
    });
    expect((change?.data.triage as { sections: string[] }).sections.slice(0, 2)).toEqual(['kill-switch', 'credential-leak']);

    // The checklists open on the landed sections, kill switch first; a tick is journaled.
    const killSwitch = page.getByTestId('checklist-kill-switch');
    await expect(killSwitch).toHaveAttribute('open', '');
    await killSwitch.getByRole('checkbox').first().check();
    await expect(killSwitch.locator('.checklist-progress')).toHaveText('1/4');
    const [tick] = await entries(page, incidentId!, 'checklist_step');
    expect(tick?.data).toEqual({ sectionId: 'kill-switch', stepId: 'engage', done: true });
  });

  test('another runbook file is loaded from disk, and an invalid one is refused with its schema path', async ({ app }) => {
    const { page } = app;
    const runbook = JSON.parse(readFileSync('resources/runbooks/powernode.json', 'utf8'));
    runbook.sections[3].steps[1].command = { id: 'foo' };
    const broken = join(app.dataDir, 'broken-runbook.json');
    writeFileSync(broken, JSON.stringify(runbook));
    await page.getByRole('button', { name: /^Triage/ }).click();
    await page.getByLabel('Runbook file path').fill(broken);
    await page.getByRole('button', { name: 'Load another runbook' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'not a valid runbook' })).toContainText('sections[3].steps[1].command: unknown command id "foo"');
    await expect(page.getByTestId('runbook-origin')).toContainText('shipped with the console');

    runbook.sections[3].steps[1].command = { id: 'pg-activity-by-state' };
    runbook.name = 'Staging runbook';
    const good = join(app.dataDir, 'staging-runbook.json');
    writeFileSync(good, JSON.stringify(runbook));
    await page.getByLabel('Runbook file path').fill(good);
    await page.getByRole('button', { name: 'Load another runbook' }).click();
    await expect(page.getByTestId('runbook-origin')).toContainText(`from ${good}`);
    await expect(page.getByText('Staging runbook')).toBeVisible();
  });

  test.describe('acknowledgement countdown', () => {
    // Main runs from a fixed instant (a Monday); the page's own clock is the machine's, so the
    // countdown is right only if the renderer follows main's clock.
    test.use({ appArgs: ['--clock-start', '2026-03-16T09:00:00.000Z'] });

    test('is visible, turns urgent at its target, and acknowledging stops it and is journaled', async ({ app }) => {
      const { page } = app;
      const info = await rpc<{ now: string }>(page, 'app.info', {});
      expect(info.now.startsWith('2026-03-16T09:0')).toBe(true);
      const incident = await rpc<{ id: string }>(page, 'incidents.create', { title: 'API 5xx', detectedBy: 'alert', startedAt: '2026-03-16T08:50:00.000Z' });
      await page.evaluate((id) => localStorage.setItem('incident-console.current-incident', id), incident.id);
      await page.reload();

      // SEV1 declared 4 min 35 s ago (on main's clock): 25 s left of the 5-minute target.
      const declared = new Date(Date.parse(info.now) - 275_000).toISOString();
      await rpc(page, 'triage.setSeverity', { incidentId: incident.id, severity: 'SEV1', reason: 'Declared on the phone', occurredAt: declared });
      const countdown = page.getByTestId('ack-countdown');
      await expect(page.getByTestId('severity-badge')).toHaveText('SEV1');
      await expect(countdown).toHaveAttribute('data-state', 'running');
      await expect(countdown).toHaveText(/^Ack within \d+s$/);
      await expect(countdown).not.toHaveClass(/urgent/);

      // Main's clock reaches the target: the countdown turns urgent.
      await expect(countdown).toHaveAttribute('data-state', 'overdue', { timeout: 45_000 });
      await expect(countdown).toHaveClass(/urgent/);
      await expect(countdown).toHaveText(/^Ack overdue by \d+s$/);

      await page.getByTestId('ack-button').click();
      await expect(countdown).toHaveCount(0);
      await expect(page.getByTestId('ack-button')).toHaveCount(0);
      await expect(page.getByTestId('ack-done')).toContainText('(late)');

      const [ack] = await entries(page, incident.id, 'acknowledged');
      const data = ack!.data as { severity: string; targetMs: number; elapsedMs: number };
      expect(data.severity).toBe('SEV1');
      expect(data.targetMs).toBe(300_000);
      // Measured on main's clock from the declaration: consistent with what the countdown showed.
      expect(data.elapsedMs).toBe(Date.parse(ack!.occurredAt ?? ack!.recordedAt) - Date.parse(declared));
      expect(data.elapsedMs).toBeGreaterThan(300_000);
      expect(ack!.author).toBeTruthy();
      expect(ack!.text).toContain('target missed');

      // The Severity panel shows the time to acknowledge computed from the journal.
      await page.getByRole('button', { name: /^Triage/ }).click();
      await expect(page.getByTestId('time-to-ack')).toContainText('target 5m 00s, missed');
    });
  });
});
