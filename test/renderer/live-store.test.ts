import { describe, expect, it } from 'vitest';
import type { KillSwitchState } from '../../src/shared/powernode-schemas';
import { createClient } from '../../src/renderer/src/api/client';
import { upsertByKey } from '../../src/renderer/src/data/by-key';
import { LiveStore } from '../../src/renderer/src/data/live-store';
import { sameJson } from '../../src/renderer/src/data/same-json';
import { createKillSwitchStore } from '../../src/renderer/src/features/powernode/kill-switch-store';
import { FakeTransport, settle } from './fake-transport';

function state(profile: string, value: KillSwitchState['state'], since: string | null = null): KillSwitchState {
  return {
    profile,
    state: value,
    since,
    haltedBy: null,
    reason: null,
    lastKnown: null,
    checkedAt: '2026-12-01T10:00:00.000Z',
    pollMs: 60_000,
    retryAfter: null,
    problem: null,
    pending: null,
    settled: null,
  } as KillSwitchState;
}

/** A reader, as useSyncExternalStore is one: subscribed, counting the changes it is told of. */
function read<T>(store: LiveStore<T>) {
  let changes = 0;
  const stop = store.subscribe(() => (changes += 1));
  return { stop, changes: () => changes, value: () => store.getSnapshot().value, snapshot: () => store.getSnapshot() };
}

describe('the live store', () => {
  it('loads through the transport it was given only once someone reads it, then folds pushes by key', async () => {
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: [state('staging', 'running'), state('prod', 'running')] }));
    const store = createKillSwitchStore(createClient(transport));
    expect(transport.calls).toEqual([]);

    const reader = read(store);
    expect(reader.snapshot()).toMatchObject({ loaded: false });
    await settle();
    expect(reader.snapshot()).toMatchObject({ loaded: true, error: undefined });
    expect(reader.value().map((each) => `${each.profile}:${each.state}`)).toEqual(['prod:running', 'staging:running']);

    // A push replaces the state with the same key, leaves the others alone, keeps the order.
    transport.push('killSwitch.changed', state('prod', 'halted', '2026-12-01T10:01:00.000Z'));
    await settle();
    expect(reader.value().map((each) => `${each.profile}:${each.state}`)).toEqual(['prod:halted', 'staging:running']);
    // A profile never listed is added in its place.
    transport.push('killSwitch.changed', state('dev', 'running'));
    await settle();
    expect(reader.value().map((each) => each.profile)).toEqual(['dev', 'prod', 'staging']);
    expect(transport.callsOf('killSwitch.overview')).toHaveLength(1);
    reader.stop();
  });

  it('keeps a push that overtook the load it answers: the push is newer than the answer', async () => {
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: [state('prod', 'running'), state('staging', 'running')] }));
    const store = createKillSwitchStore(createClient(transport));
    transport.hold();
    const reader = read(store);
    await settle();
    transport.push('killSwitch.changed', state('prod', 'halted', '2026-12-01T10:01:00.000Z'));
    transport.push('killSwitch.changed', state('qa', 'running'));
    transport.release();
    await settle();
    expect(reader.value().map((each) => `${each.profile}:${each.state}`)).toEqual(['prod:halted', 'qa:running', 'staging:running']);
    reader.stop();
  });

  it('says why a load failed, keeps what it had, and clears the failure on the next good answer', async () => {
    let fail = false;
    const transport = new FakeTransport().answer('killSwitch.overview', () => {
      if (fail) throw new Error('The console backend is not answering');
      return { states: [state('prod', 'running')] };
    });
    const store = createKillSwitchStore(createClient(transport));
    const reader = read(store);
    await settle();
    fail = true;
    store.reload();
    await settle();
    // A failure without a code of its own arrives as INTERNAL, its words kept.
    expect(reader.snapshot()).toMatchObject({ error: { code: 'INTERNAL', message: 'The console backend is not answering' }, loaded: true });
    expect(reader.value().map((each) => each.profile)).toEqual(['prod']);
    fail = false;
    store.reload();
    await settle();
    expect(reader.snapshot().error).toBeUndefined();
    reader.stop();
  });

  it('reads again after the push stream came back, since pushes sent meanwhile were lost', async () => {
    let listed = [state('prod', 'running')];
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: listed }));
    const store = createKillSwitchStore(createClient(transport));
    const reader = read(store);
    await settle();
    // Halted on the server while the stream was down: no push ever arrives for it.
    listed = [state('prod', 'halted', '2026-12-01T10:05:00.000Z')];
    transport.reconnect();
    await settle();
    expect(reader.value()[0]?.state).toBe('halted');
    expect(transport.callsOf('killSwitch.overview')).toHaveLength(2);
    reader.stop();
  });

  it('stops listening when its last reader leaves, and reads again when one comes back', async () => {
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: [state('prod', 'running')] }));
    const store = createKillSwitchStore(createClient(transport));
    const first = read(store);
    const second = read(store);
    await settle();
    expect(transport.listenerCount('killSwitch.changed')).toBe(1);
    first.stop();
    second.stop();
    await settle();
    expect(transport.listenerCount('killSwitch.changed')).toBe(0);
    const again = read(store);
    await settle();
    expect(transport.callsOf('killSwitch.overview')).toHaveLength(2);
    again.stop();
  });

  it('does not read again when a reader leaves and another comes at once (React resubscribing)', async () => {
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: [] }));
    const store = createKillSwitchStore(createClient(transport));
    const first = read(store);
    await settle();
    first.stop();
    const second = read(store);
    await settle();
    expect(transport.callsOf('killSwitch.overview')).toHaveLength(1);
    expect(transport.listenerCount('killSwitch.changed')).toBe(1);
    second.stop();
  });

  it('reads again on an event that only says something changed, and drops the answer it replaced', async () => {
    let version = 0;
    const transport = new FakeTransport().answer('triage.status', () => ({ version: (version += 1) }));
    const store = new LiveStore<{ version: number } | undefined>(createClient(transport), {
      initial: undefined,
      load: (api) => api.call('triage.status', { incidentId: 'a' }) as never,
      reloadOn: { 'journal.appended': ({ entry }) => entry.incidentId === 'a' },
    });
    const reader = read(store);
    await settle();
    expect(reader.value()).toEqual({ version: 1 });
    transport.push('journal.appended', { entry: { incidentId: 'b' }, incident: {} } as never);
    await settle();
    expect(reader.value()).toEqual({ version: 1 });
    transport.hold();
    transport.push('journal.appended', { entry: { incidentId: 'a' }, incident: {} } as never);
    transport.push('journal.appended', { entry: { incidentId: 'a' }, incident: {} } as never);
    transport.release();
    await settle();
    expect(transport.callsOf('triage.status')).toHaveLength(3);
    expect(reader.value()).toEqual({ version: 3 });
    reader.stop();
  });

  it('tells its readers of an answer read again only when it differs from what they show', async () => {
    let severity = 'SEV3';
    let fail = false;
    const transport = new FakeTransport().answer('triage.status', () => {
      if (fail) throw new Error('The console backend is not answering');
      return { current: severity, sections: ['a'] };
    });
    const store = new LiveStore<{ current: string } | undefined>(createClient(transport), {
      initial: undefined,
      load: (api) => api.call('triage.status', { incidentId: 'a' }) as never,
      unchanged: sameJson,
      reloadOn: { 'journal.appended': ({ entry }) => entry.incidentId === 'a' },
    });
    const reader = read(store);
    await settle();
    expect(reader.changes()).toBe(1);
    const shown = reader.snapshot();

    // A note that changes nothing the status says: read again, no render, the same snapshot.
    transport.push('journal.appended', { entry: { incidentId: 'a' }, incident: {} } as never);
    await settle();
    expect(transport.callsOf('triage.status')).toHaveLength(2);
    expect(reader.changes()).toBe(1);
    expect(reader.snapshot()).toBe(shown);

    severity = 'SEV1';
    transport.push('journal.appended', { entry: { incidentId: 'a' }, incident: {} } as never);
    await settle();
    expect(reader.changes()).toBe(2);
    expect(reader.value()).toMatchObject({ current: 'SEV1' });

    // After a failure, the same answer as before still clears the failure shown.
    fail = true;
    store.reload();
    await settle();
    expect(reader.snapshot().error).toBeDefined();
    fail = false;
    store.reload();
    await settle();
    expect(reader.snapshot().error).toBeUndefined();
    expect(reader.changes()).toBe(4);
    reader.stop();
  });

  it('keeps a change the renderer made while a load was on its way', async () => {
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: [state('prod', 'running')] }));
    const store = createKillSwitchStore(createClient(transport));
    transport.hold();
    const reader = read(store);
    store.update((states) => upsertByKey(states, state('local', 'running'), (each) => each.profile));
    transport.release();
    await settle();
    expect(reader.value().map((each) => each.profile)).toEqual(['prod', 'local']);
    reader.stop();
  });

  it('tells its readers once per scheduled turn when changes come in a burst', async () => {
    const turns: Array<() => void> = [];
    const transport = new FakeTransport().answer('killSwitch.overview', () => ({ states: [] }));
    const store = new LiveStore<string[]>(createClient(transport), {
      initial: [],
      load: async () => [],
      fold: { 'killSwitch.changed': (profiles, changed) => [...profiles, changed.profile] },
      schedule: (notify) => turns.push(notify),
    });
    const reader = read(store);
    await settle();
    for (const turn of turns.splice(0)) turn();
    const before = reader.changes();
    for (const profile of ['a', 'b', 'c']) transport.push('killSwitch.changed', state(profile, 'running'));
    await settle();
    expect(reader.value()).toEqual(['a', 'b', 'c']);
    expect(reader.changes()).toBe(before);
    expect(turns).toHaveLength(1);
    turns[0]!();
    expect(reader.changes()).toBe(before + 1);
    reader.stop();
  });
});

describe('upsertByKey', () => {
  it('replaces in place, adds at the end, sorts when asked, and is the same array for a replayed item', () => {
    const a = { id: 'a', n: 1 };
    const items = [a, { id: 'b', n: 2 }];
    expect(upsertByKey(items, { id: 'a', n: 3 }, (item) => item.id)).toEqual([
      { id: 'a', n: 3 },
      { id: 'b', n: 2 },
    ]);
    expect(
      upsertByKey(
        items,
        { id: 'c', n: 0 },
        (item) => item.id,
        (x, y) => x.n - y.n,
      ).map((item) => item.id),
    ).toEqual(['c', 'a', 'b']);
    expect(upsertByKey(items, a, (item) => item.id)).toBe(items);
  });
});
