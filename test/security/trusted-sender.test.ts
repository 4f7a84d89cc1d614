import type { WebContents, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { isAppProtocolUrl } from '../../src/main/app-protocol';
import { createTrustedSenderCheck } from '../../src/main/security';

// The check main hands to bindIpc (test/ipc-transport.test.ts covers the binding itself): only our
// window's top frame, showing app://incident-console, may call main.
function contentsWithFrame(url: string) {
  const mainFrame = { url } as WebFrameMain;
  return { mainFrame } as unknown as WebContents & { mainFrame: WebFrameMain };
}

describe('IPC trusted-sender check', () => {
  const ours = contentsWithFrame('app://incident-console/index.html');
  let current: WebContents | undefined = ours;
  const isTrusted = createTrustedSenderCheck(() => current, isAppProtocolUrl);

  it('accepts our window’s top frame on our page', () => {
    expect(isTrusted(ours.mainFrame, ours)).toBe(true);
  });

  it('refuses a sub-frame of our window', () => {
    expect(isTrusted({ url: 'app://incident-console/index.html' } as WebFrameMain, ours)).toBe(false);
  });

  it('refuses our window once it shows another page', () => {
    const navigated = contentsWithFrame('https://evil.example/');
    current = navigated;
    expect(isTrusted(navigated.mainFrame, navigated)).toBe(false);
    current = ours;
  });

  it('refuses another web contents, a null frame and a closed window', () => {
    const other = contentsWithFrame('app://incident-console/index.html');
    expect(isTrusted(other.mainFrame, other)).toBe(false);
    expect(isTrusted(null, ours)).toBe(false);
    current = undefined;
    expect(isTrusted(ours.mainFrame, ours)).toBe(false);
    current = ours;
  });

  it('refuses the old file:// origin the app no longer uses', () => {
    const legacy = contentsWithFrame('file:///opt/incident-console/resources/app.asar/out/renderer/index.html');
    current = legacy;
    expect(isTrusted(legacy.mainFrame, legacy)).toBe(false);
    current = ours;
  });
});

describe('IPC binding with the real sender check and the real core', () => {
  it('answers our page and refuses a foreign frame in the same window', async () => {
    const { bindIpc } = await import('../../src/main/ipc');
    const { createTestConsole } = await import('../support/console');
    const testConsole = await createTestConsole();
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const ours = contentsWithFrame('app://incident-console/index.html');
    const unbind = bindIpc({
      ipcMain: { handle: (channel: string, handler: never) => void handlers.set(channel, handler), removeHandler: () => {} } as never,
      core: testConsole.core,
      isTrustedSender: createTrustedSenderCheck(() => ours, isAppProtocolUrl),
    });
    const invoke = (frame: WebFrameMain, sender: WebContents) => handlers.get('ic:call:app.settings.get')!({ senderFrame: frame, sender }, {});
    expect(await invoke(ours.mainFrame, ours)).toEqual({ ok: true, result: { theme: 'system', timeDisplay: 'both' } });
    const iframe = { url: 'https://evil.example/' } as WebFrameMain;
    expect(await invoke(iframe, ours)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    unbind();
    await testConsole.dispose();
  });
});
