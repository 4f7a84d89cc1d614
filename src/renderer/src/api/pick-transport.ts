import { BRIDGE_GLOBAL, type ConsoleBridge } from '../../../shared/bridge';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';

/** The renderer picks its transport by itself: the preload bridge if present, else browser mode. */
export function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, ConsoleBridge | undefined>)[BRIDGE_GLOBAL];
  return bridge ? createIpcTransport(bridge) : createHttpTransport();
}
