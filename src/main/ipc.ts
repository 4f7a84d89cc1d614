import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { channelForEvent, channelForMethod, methodNames } from '../shared/contract';
import { ConsoleError, type CallResult } from '../shared/errors';
import type { Core } from './core/compose-core';
import { dispatch } from './core/dispatch';

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: Core;
  /** Only our own window's top frame, showing our own page, may call main. */
  isTrustedSender: (frame: WebFrameMain | null, sender: WebContents) => boolean;
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * Electron transport, generated from the contract: one `ipcMain.handle` per method, each checking
 * the sender before parsing the input. Errors cross as data ({code, message, issues}) because
 * Electron flattens thrown errors to a string.
 */
export function bindIpc(options: IpcBindingOptions): () => void {
  for (const name of methodNames) {
    options.ipcMain.handle(channelForMethod(name), async (event: IpcMainInvokeEvent, input: unknown): Promise<CallResult> => {
      if (!options.isTrustedSender(event.senderFrame, event.sender)) {
        const refusal = new ConsoleError('FORBIDDEN', `Refused ${name} from an untrusted frame`);
        return { ok: false, error: refusal.toPayload() };
      }
      return dispatch(options.core.handlers, name, input, { onInternalError: options.onInternalError });
    });
  }
  return () => {
    for (const name of methodNames) options.ipcMain.removeHandler(channelForMethod(name));
  };
}

/** Forwards every core event to one window for as long as it lives. */
export function forwardEvents(core: Core, contents: Pick<WebContents, 'send' | 'isDestroyed'>): () => void {
  return core.events.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(channelForEvent(name), payload);
  });
}
