// Electron's transport for the contract: one ipcMain.handle per channel, each checking that the
// call comes from our own page's main frame before it reaches the dispatcher.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, type Envelope } from '../../preload/contract';
import type { Dispatcher } from '../api/dispatch';

export function registerIpc(dispatcher: Dispatcher, isOurPage: (url: string) => boolean): () => void {
  const trusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isOurPage(frame.url);
  };
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Envelope<unknown>> => {
      if (!trusted(event)) {
        const from = event.senderFrame?.url ?? 'an unknown frame';
        return { ok: false, error: { code: 'forbidden', reason: 'forbidden-frame', params: { channel }, message: `Refused ${channel} from ${from}` } };
      }
      return dispatcher.dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
