import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/main/core/event-bus';
import { createStatusTray, type TrayLike } from '../../src/main/tray';
import { trayIconPng } from '../../src/main/tray-icon';
import { applyEvent, emptyTrayState, summarizeTray } from '../../src/main/tray-state';
import type { Incident } from '../../src/shared/model';
import type { KillSwitchState } from '../../src/shared/powernode-schemas';

const killSwitch = (profile: string, state: KillSwitchState['state']): KillSwitchState => ({
  profile,
  state,
  since: null,
  haltedBy: null,
  reason: null,
  checkedAt: null,
  unknownSince: null,
  problem: null,
  retryAfter: null,
  lastKnown: null,
  pending: null,
  settled: null,
  pollMs: 60_000,
});

const incident = (overrides: Partial<Incident> = {}): Incident => ({
  id: '11111111-1111-4111-8111-111111111111',
  title: 'API 5xx spike',
  detectedBy: 'alert',
  startedAt: '2026-03-15T09:00:00.000Z',
  createdAt: '2026-03-15T09:01:00.000Z',
  createdBy: 'ops',
  status: 'detected',
  severity: 'SEV2',
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  entryCount: 1,
  lastEntryAt: '2026-03-15T09:01:00.000Z',
  drill: false,
  ...overrides,
});

/** Decodes our own PNG (one IDAT, filter 0) back into RGBA, to check what the tray really shows. */
function pixel(png: Buffer, x: number, y: number): number[] {
  const width = png.readUInt32BE(16);
  const idatStart = png.indexOf('IDAT') + 4;
  const idatLength = png.readUInt32BE(idatStart - 8);
  const raw = inflateSync(png.subarray(idatStart, idatStart + idatLength));
  const offset = y * (width * 4 + 1) + 1 + x * 4;
  return [...raw.subarray(offset, offset + 4)];
}

describe('tray state', () => {
  it('shows the most severe open incident and every halted profile', () => {
    const state = emptyTrayState();
    applyEvent(state, 'incidents.changed', incident());
    applyEvent(
      state,
      'incidents.changed',
      incident({ id: '22222222-2222-4222-8222-222222222222', title: 'Login down', severity: 'SEV1', startedAt: '2026-03-15T08:00:00.000Z' }),
    );
    applyEvent(state, 'killSwitch.changed', killSwitch('prod', 'halted'));
    applyEvent(state, 'killSwitch.changed', killSwitch('staging', 'running'));
    expect(summarizeTray(state)).toMatchObject({
      severity: 'SEV1',
      halted: true,
      lines: ['SEV1: Login down (+1 more open)', 'Kill switch (prod): halted', 'Kill switch (staging): running'],
    });
  });

  it('drops resolved incidents and reads incidents carried by journal.appended', () => {
    const state = emptyTrayState();
    applyEvent(state, 'journal.appended', { entry: {} as never, incident: incident({ severity: null }) });
    expect(summarizeTray(state).severity).toBe('untriaged');
    applyEvent(state, 'incidents.changed', incident({ status: 'resolved' }));
    expect(summarizeTray(state)).toMatchObject({ severity: 'none', halted: false, lines: ['No open incident', 'Kill switch: not connected'] });
  });

  it('ignores events that do not concern it', () => {
    const state = emptyTrayState();
    expect(applyEvent(state, 'app.notice', { level: 'info', message: 'x', at: '2026-03-15T09:00:00.000Z' })).toBe(false);
    expect(summarizeTray(state).severity).toBe('none');
  });
});

describe('tray icon', () => {
  it('is a valid PNG in the severity colour, with a red ring and white bar when halted', () => {
    const calm = trayIconPng('#ff8a3d', false, 32);
    expect(calm.subarray(1, 4).toString()).toBe('PNG');
    expect(pixel(calm, 16, 16)).toEqual([0xff, 0x8a, 0x3d, 0xff]);
    expect(pixel(calm, 0, 0)[3]).toBe(0); // transparent corner
    const halted = trayIconPng('#ff8a3d', true, 32);
    expect(pixel(halted, 16, 16)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(pixel(halted, 16, 1)).toEqual([0xd0, 0x10, 0x10, 0xff]);
    expect(pixel(halted, 16, 8)).toEqual([0xff, 0x8a, 0x3d, 0xff]);
  });
});

describe('status tray', () => {
  it('follows core events and starts from the journal and kill-switch overview', async () => {
    const events = new EventBus();
    const calls: Array<[string, unknown]> = [];
    let clickHandler: (() => void) | undefined;
    const tray: TrayLike = {
      setImage: (image) => void calls.push(['image', image]),
      setToolTip: (text) => void calls.push(['tooltip', text]),
      setContextMenu: (menu) => void calls.push(['menu', menu]),
      on: (_event, listener) => (clickHandler = listener),
      destroy: () => void calls.push(['destroy', null]),
    };
    const actions: string[] = [];
    const status = createStatusTray({
      createTray: () => tray,
      imageFromPng: (png) => png as never,
      buildMenu: (template) => template,
      events,
      loadInitial: async () => ({ incidents: [incident()], killSwitch: [killSwitch('prod', 'running')] }),
      actions: {
        show: () => actions.push('show'),
        quickCapture: () => actions.push('capture'),
        openHaltDialog: () => actions.push('halt'),
        quit: () => actions.push('quit'),
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(status.summary().lines).toEqual(['SEV2: API 5xx spike', 'Kill switch (prod): running']);

    events.emit('incidents.changed', incident({ severity: 'SEV1' }));
    expect(status.summary()).toMatchObject({ severity: 'SEV1', halted: false });
    const tooltips = calls.filter(([kind]) => kind === 'tooltip').map(([, text]) => text);
    expect(tooltips.at(-1)).toBe('Incident Console\nSEV1: API 5xx spike\nKill switch (prod): running');

    const menu = calls.filter(([kind]) => kind === 'menu').at(-1)![1] as Array<{ label?: string; click?: () => void }>;
    for (const label of ['Show Incident Console', 'Quick capture…', 'Halt the platform…', 'Quit']) menu.find((item) => item.label === label)!.click!();
    clickHandler!();
    expect(actions).toEqual(['show', 'capture', 'halt', 'quit', 'show']);

    // The contract's own kill-switch event (parsed by the bus against its schema) turns the tray halted.
    events.emit('killSwitch.changed', {
      profile: 'prod',
      state: 'halted',
      since: '2026-03-15T09:05:00.000Z',
      haltedBy: { id: null, name: 'ops', email: 'ops@example.invalid' },
      reason: 'Agents deleting tenant data',
      checkedAt: '2026-03-15T09:05:01.000Z',
      unknownSince: null,
      problem: null,
      retryAfter: null,
      lastKnown: 'halted',
      pending: null,
      settled: null,
      pollMs: 60_000,
    });
    expect(status.summary()).toMatchObject({ halted: true, lines: ['SEV1: API 5xx spike', 'Kill switch (prod): halted'] });

    status.destroy();
    expect(calls.at(-1)).toEqual(['destroy', null]);
  });
});
