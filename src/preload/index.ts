import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ConsoleBridge } from '../shared/bridge';
import { BRIDGE_GLOBAL } from '../shared/bridge';
import { channelForEvent, channelForMethod, isEventName, methodNames, type EventName } from '../shared/contract';

// Exactly the contract's methods and events cross the bridge; the renderer never touches ipcRenderer.
const methods = Object.fromEntries(
  methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(channelForMethod(name), input)]),
) as unknown as ConsoleBridge['methods'];

const bridge: ConsoleBridge = {
  methods,
  on(event: EventName, listener: (payload: never) => void) {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
    const channel = channelForEvent(event);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
