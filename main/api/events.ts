// Events pushed from main to whoever shows the UI. Handlers and long-running work emit here;
// each transport (Electron IPC, the web-mode WebSocket) subscribes and forwards the payload.
import type { EventName, Events } from '../../preload/contract';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface EventHub {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload);
        } catch (err) {
          // A broken transport (a closed socket) must not stop the run that emits.
          console.error(`[lab] listener for ${event} failed`, err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
