// The LabBridge the preload exposes as `window.lab`, built over an ipcRenderer-shaped object so
// its refusals can be tested in plain Node. Only channels and events named in the contract cross;
// listeners get the payload alone (the IpcRendererEvent would hand the page `sender`), and `on`
// returns the unsubscribe function.
import { CHANNEL_NAMES, eventName, type Envelope, type EventName, type Events, type LabBridge } from './contract';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const channels = new Set<string>(CHANNEL_NAMES);

export function createBridge(ipc: IpcLike): LabBridge {
  return {
    invoke(channel, request) {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        const refused: Envelope<never> = {
          ok: false,
          error: {
            code: 'invalid-request',
            reason: 'unknown-channel',
            params: { channel: String(channel) },
            message: `Unknown channel ${JSON.stringify(channel)}`,
            issues: [{ path: 'channel', message: 'unknown channel', code: 'unknown-channel' }],
          },
        };
        return Promise.resolve(refused);
      }
      return ipc.invoke(channel, request) as ReturnType<LabBridge['invoke']>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      if (!eventName.safeParse(event).success) throw new Error(`unknown event ${JSON.stringify(event)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      const forward = (_event: unknown, payload: unknown) => listener(payload as Events[E]);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
  };
}
