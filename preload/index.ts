// The sandboxed preload: exposes `window.lab` (a LabBridge) derived from the contract's channel
// table. Only channels and events named in preload/contract.ts cross the bridge; listeners get
// the payload alone (the IpcRendererEvent would hand the page `sender`), and `on` returns the
// unsubscribe function.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, type Channel, type Envelope, type EventName, type Events, type LabBridge } from './contract';

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

function refused<T>(message: string): Promise<Envelope<T>> {
  return Promise.resolve({ ok: false, error: { code: 'invalid-request', message } });
}

const bridge: LabBridge = {
  invoke(channel, request) {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return refused(`unknown channel ${JSON.stringify(channel)} / 未知的通道`);
    }
    return ipcRenderer.invoke(channel as Channel, request);
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`unknown event ${JSON.stringify(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const wrapped = (_event: IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('lab', bridge);
