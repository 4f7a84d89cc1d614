import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelForEvent, channelForMethod, methodNames } from '../src/shared/contract';
import type { CallResult } from '../src/shared/errors';
import { bindIpc, forwardEvents } from '../src/main/ipc';
import { createTestConsole, type TestConsole } from './support/console';

// The Electron runtime cannot run here, so ipcMain is replaced by a recorder with the same
// `handle` signature; everything behind it (sender check, parsing, the real core) is real.
type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<CallResult>;
const handlers = new Map<string, Handler>();
const fakeIpcMain = {
  handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
  removeHandler: (channel: string) => void handlers.delete(channel),
};

const trustedContents = { id: 1 } as unknown as WebContents;
const trustedFrame = { url: 'file:///app/index.html' } as unknown as WebFrameMain;
const foreignFrame = { url: 'https://evil.example/' } as unknown as WebFrameMain;

let testConsole: TestConsole;
let unbind: () => void;

beforeAll(async () => {
  testConsole = await createTestConsole();
  unbind = bindIpc({
    ipcMain: fakeIpcMain as never,
    core: testConsole.core,
    isTrustedSender: (frame, sender) => frame === trustedFrame && sender === trustedContents,
  });
});

afterAll(async () => {
  unbind();
  await testConsole.dispose();
});

function invoke(method: string, input: unknown, frame: WebFrameMain | null = trustedFrame) {
  const handler = handlers.get(`ic:call:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ senderFrame: frame, sender: trustedContents } as unknown as IpcMainInvokeEvent, input);
}

describe('Electron IPC transport', () => {
  it('registers exactly one channel per contract method', () => {
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(channelForMethod).sort());
  });

  it('answers a trusted frame through the real core', async () => {
    const result = await invoke('app.info', {});
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.result).toMatchObject({ dataDir: testConsole.dataDir });
  });

  it('refuses a frame that is not our page', async () => {
    const result = await invoke('app.info', {}, foreignFrame);
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Refused app.info from an untrusted frame' } });
  });

  it('refuses a call with no frame (a destroyed or navigated-away sender)', async () => {
    const result = await invoke('app.info', {}, null);
    expect(result.ok).toBe(false);
  });

  it('returns validation errors as data naming the field', async () => {
    const result = await invoke('app.info', { extra: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'extra' }] } });
  });

  it('forwards core events to the window until it is destroyed', () => {
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const stop = forwardEvents(testConsole.core, {
      send: (channel: string, payload: unknown) => void sent.push([channel, payload]),
      isDestroyed: () => destroyed,
    } as never);
    const notice = { level: 'warning' as const, message: 'keychain locked', at: '2026-03-15T09:00:00.000Z' };
    testConsole.core.events.emit('app.notice', notice);
    destroyed = true;
    testConsole.core.events.emit('app.notice', notice);
    stop();
    expect(sent).toEqual([[channelForEvent('app.notice'), notice]]);
  });
});
