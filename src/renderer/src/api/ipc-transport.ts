import type { ConsoleBridge } from '../../../shared/bridge';
import type { Transport } from './transport';

export function createIpcTransport(bridge: ConsoleBridge): Transport {
  return {
    kind: 'ipc',
    call: (method, input) => bridge.methods[method](input),
    subscribe: (event, listener) => bridge.on(event, listener),
    // IPC pushes reach the window for as long as it lives: there is no stream to cut.
    onReconnect: () => () => undefined,
  };
}
