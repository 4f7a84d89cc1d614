import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSettings, settingsFile } from '../../src/main/core/app/settings-service';
import { dispatch } from '../../src/main/core/dispatch';
import { isViewId, VIEWS } from '../../src/shared/views';
import { createTestConsole, type TestConsole } from '../support/console';

let testConsole: TestConsole;
beforeEach(async () => {
  testConsole = await createTestConsole();
});
afterEach(async () => {
  await testConsole.dispose();
});

describe('app.settings (theme)', () => {
  it('defaults to following the system, persists a choice in the data dir and pushes it', async () => {
    const pushed: unknown[] = [];
    testConsole.core.events.subscribe((name, payload) => {
      if (name === 'app.settings') pushed.push(payload);
    });
    expect(await dispatch(testConsole.core.handlers, 'app.settings.get', {})).toEqual({ ok: true, result: { theme: 'system', timeDisplay: 'both' } });
    expect(await dispatch(testConsole.core.handlers, 'app.settings.set', { theme: 'dark' })).toEqual({
      ok: true,
      result: { theme: 'dark', timeDisplay: 'both' },
    });
    expect(JSON.parse(readFileSync(settingsFile(testConsole.dataDir), 'utf8'))).toEqual({ version: 1, theme: 'dark', timeDisplay: 'both' });
    expect(pushed).toEqual([{ theme: 'dark', timeDisplay: 'both' }]);
    expect(readSettings(testConsole.dataDir, testConsole.clock)).toEqual({ theme: 'dark', timeDisplay: 'both' });
  });

  it('shows local time with UTC beside it by default; UTC only (or local only) is kept once chosen', async () => {
    expect(await dispatch(testConsole.core.handlers, 'app.settings.set', { timeDisplay: 'utc' })).toEqual({
      ok: true,
      result: { theme: 'system', timeDisplay: 'utc' },
    });
    expect(readSettings(testConsole.dataDir, testConsole.clock)).toEqual({ theme: 'system', timeDisplay: 'utc' });
    expect(await dispatch(testConsole.core.handlers, 'app.settings.set', { timeDisplay: 'martian' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'timeDisplay' }] },
    });
    writeFileSync(settingsFile(testConsole.dataDir), '{"version": 1, "theme": "dark", "timeDisplay": "martian"}');
    expect(readSettings(testConsole.dataDir, testConsole.clock)).toEqual({ theme: 'dark', timeDisplay: 'both' });
  });

  it('refuses an unknown theme or field, naming it', async () => {
    expect(await dispatch(testConsole.core.handlers, 'app.settings.set', { theme: 'neon' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', issues: [{ path: 'theme' }] },
    });
    expect(await dispatch(testConsole.core.handlers, 'app.settings.set', { fontSize: 3 })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'fontSize' }] },
    });
  });

  it('survives a damaged settings file by falling back field by field', () => {
    writeFileSync(settingsFile(testConsole.dataDir), '{"theme": "neon", "extra": 1}');
    expect(readSettings(testConsole.dataDir, testConsole.clock)).toEqual({ theme: 'system', timeDisplay: 'both' });
    writeFileSync(settingsFile(testConsole.dataDir), '{{{');
    expect(readSettings(testConsole.dataDir, testConsole.clock)).toEqual({ theme: 'system', timeDisplay: 'both' });
  });
});

describe('core notifier', () => {
  it('puts a reminder in front of the operator as an app.notice marked for the desktop', () => {
    const notices: unknown[] = [];
    testConsole.core.events.subscribe((name, payload) => {
      if (name === 'app.notice') notices.push(payload);
    });
    testConsole.core.notifier.notify({ title: 'SEV1 update due', body: 'Post the 15-minute customer update', level: 'warning' });
    expect(notices).toEqual([
      { level: 'warning', title: 'SEV1 update due', message: 'Post the 15-minute customer update', at: '2026-03-15T09:00:00.000Z', notify: true },
    ]);
  });
});

describe('open-view from the application menu', () => {
  it('knows every screen by the id the menu sends, and nothing else', () => {
    for (const view of VIEWS) expect(isViewId(view.id)).toBe(true);
    expect(isViewId('post-mortem')).toBe(false);
    expect(isViewId('constructor')).toBe(false);
  });
});

describe('native notifier channel', () => {
  it('reaches the desktop channel too, and a failing desktop channel spares the banner', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { composeCore } = await import('../../src/main/core/compose-core');
    const { AdjustableClock } = await import('../../src/main/core/clock');
    const dataDir = mkdtempSync(join(tmpdir(), 'incident-console-notifier-'));
    const desktop: string[] = [];
    let fail = false;
    const core = await composeCore({
      name: 'Incident Console',
      version: '0',
      mode: 'electron',
      dataDir,
      operator: 'ops',
      platform: 'linux',
      clock: new AdjustableClock(new Date('2026-03-15T09:00:00.000Z')),
      nativeNotifier: {
        notify: (notification) => {
          if (fail) throw new Error('no notification daemon');
          desktop.push(notification.title);
        },
      },
    });
    const banners: string[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'app.notice') banners.push((payload as { title?: string }).title ?? '');
    });
    core.notifier.notify({ title: 'Acknowledge SEV2', body: '5 minutes left', level: 'warning' });
    fail = true;
    core.notifier.notify({ title: 'Update due', body: 'now', level: 'info' });
    expect(desktop).toEqual(['Acknowledge SEV2']);
    expect(banners).toEqual(['Acknowledge SEV2', 'Update due']);
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
