import { describe, expect, it } from 'vitest';
import type { KillSwitchState } from '../../src/shared/powernode-schemas';
import { createClient } from '../../src/renderer/src/api/client';
import { PushQueue } from '../../src/renderer/src/api/push-queue';
import { FakeTransport, settle } from './fake-transport';

const halted = { profile: 'prod', state: 'halted' } as KillSwitchState;

describe('pushes reaching the renderer', () => {
  it('reach their listener after the answer that came with them was handled, in the order they came', async () => {
    const transport = new FakeTransport().answer('journal.append', () => ({ seq: 7 }));
    const client = createClient(transport);
    const seen: string[] = [];
    client.on('killSwitch.changed', (state) => seen.push(`push ${state.state}`));
    client.onReconnect(() => seen.push('stream back'));
    transport.hold();
    const answered = client.call('journal.append', { incidentId: 'a', kind: 'note', text: 'x' } as never).then(() => seen.push('answer handled'));
    // Main pushes what the call did while writing its answer: both are at the page together.
    transport.push('killSwitch.changed', halted);
    transport.reconnect();
    transport.release();
    await answered;
    expect(seen).toEqual(['answer handled']);
    await settle();
    expect(seen).toEqual(['answer handled', 'push halted', 'stream back']);
  });

  it('reach their listener as they come while the page is hidden (its timers are throttled, and it paints nothing)', async () => {
    const transport = new FakeTransport();
    const client = createClient(transport);
    const seen: string[] = [];
    client.on('killSwitch.changed', (state) => seen.push(state.state));
    const page = globalThis as { document?: unknown };
    page.document = { visibilityState: 'hidden' };
    try {
      transport.push('killSwitch.changed', halted);
      expect(seen).toEqual(['halted']);
    } finally {
      delete page.document;
    }
    transport.push('killSwitch.changed', { ...halted, state: 'running' });
    expect(seen).toEqual(['halted']);
    await settle();
    expect(seen).toEqual(['halted', 'running']);
  });

  it('are not delivered to a listener that left while they were on their way', async () => {
    const transport = new FakeTransport();
    const client = createClient(transport);
    const seen: string[] = [];
    const leave = client.on('killSwitch.changed', (state) => seen.push(`first ${state.state}`));
    client.on('killSwitch.changed', (state) => seen.push(`second ${state.state}`));
    transport.push('killSwitch.changed', halted);
    leave();
    await settle();
    expect(seen).toEqual(['second halted']);
    expect(transport.listenerCount('killSwitch.changed')).toBe(1);
  });

  it('still reach the other listeners when one throws, and the error is reported', async () => {
    const errors: unknown[] = [];
    const pushes = new PushQueue((error) => errors.push(error));
    const deliverers: Array<(push: () => void) => void> = [];
    const seen: string[] = [];
    pushes.listen((deliver) => (deliverers.push(deliver), () => undefined));
    pushes.listen((deliver) => (deliverers.push(deliver), () => undefined));
    deliverers[0]!(() => {
      throw new Error('a broken view');
    });
    deliverers[1]!(() => seen.push('halted'));
    await settle();
    expect(seen).toEqual(['halted']);
    expect(errors).toEqual([new Error('a broken view')]);
  });
});
