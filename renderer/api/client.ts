// The renderer's one way to reach main: a LabApi over either the desktop bridge (window.lab)
// or, in web mode, the loopback WebSocket. Stores call `lab().invoke(...)` (pages and components call stores) and never
// learn which transport carries it; failures arrive as LabError in both cases.
import {
  LabError,
  type Channel,
  type Envelope,
  type EventName,
  type Events,
  type LabApi,
  type LabBridge,
  type Request,
  type Response,
} from '../../preload/contract';

/** 'unauthorized': web mode's server is back but refuses the page's token (it restarted with another). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

/** How trying another token went: connected, refused too, or no server answered. */
export type Reauthorized = 'open' | 'refused' | 'unreachable';

export interface LabClient extends LabApi {
  readonly transport: 'ipc' | 'websocket';
  /** Called now and whenever the connection changes; returns an unsubscribe function. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Web mode: connects again with another token (the caller puts it in the page's URL); kept only when it opens. */
  reauthorize(token: string): Promise<Reauthorized>;
}

function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.result;
  throw new LabError(envelope.error);
}

function overBridge(bridge: LabBridge): LabClient {
  return {
    transport: 'ipc',
    async invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      return unwrap(await bridge.invoke(channel, request));
    },
    on: (event, listener) => bridge.on(event, listener),
    onConnection(listener) {
      listener('open');
      return () => {};
    },
    reauthorize: () => Promise.resolve('open'),
  };
}

interface Pending {
  text: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type ServerMessage =
  | { id: number; envelope: Envelope<unknown> }
  | { event: EventName; payload: unknown };

const RETRY_MS = [250, 500, 1000, 2000, 4000, 8000];

/** Close codes of web mode's server for the page's socket without / with a wrong token (main/server/server.ts). */
const TOKEN_REFUSED = new Set([4401, 4403]);

/** A socket opened while the token was refused counts as open once it has lived this long (a refusal closes it at once). */
const CONFIRM_MS = 400;

/**
 * Web mode. Requests made before the socket opens (or while it reconnects) wait in a queue and
 * go out once; a request already sent when the socket drops fails, because main may or may not
 * have run it (nothing is sent twice). A dropped socket is retried with a growing delay, and at
 * once when the page comes back to the front or the network does; web mode keeps its port and
 * token across restarts, so the page reconnects by itself when the server is back.
 */
function overWebSocket(initialUrl: string): LabClient {
  let url = initialUrl;
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let attempt = 0;
  const queue: string[] = [];
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<EventName, Set<(payload: never) => void>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  let retry: ReturnType<typeof setTimeout> | null = null;
  /** Told how the next socket ends up (reauthorize waits on it). */
  let settled: ((outcome: Reauthorized) => void) | null = null;
  const settle = (outcome: Reauthorized) => {
    settled?.(outcome);
    settled = null;
  };
  const connect = () => {
    retry = null;
    const ws = new WebSocket(url);
    socket = ws;
    const opened = () => {
      if (socket !== ws || ws.readyState !== WebSocket.OPEN) return;
      attempt = 0;
      setState('open');
      settle('open');
      while (queue.length > 0) ws.send(queue.shift()!);
    };
    // The server opens a socket with a refused token and closes it at once (4401/4403); while the
    // token is refused, "open" waits a moment so the prompt does not flicker on every retry.
    ws.onopen = () => (state === 'unauthorized' ? setTimeout(opened, CONFIRM_MS) : opened());
    ws.onmessage = (message) => {
      let data: ServerMessage;
      try {
        data = JSON.parse(String(message.data)) as ServerMessage;
      } catch {
        return;
      }
      if ('id' in data) {
        const waiter = pending.get(data.id);
        if (!waiter) return;
        pending.delete(data.id);
        try {
          waiter.resolve(unwrap(data.envelope));
        } catch (error) {
          waiter.reject(error);
        }
      } else if ('event' in data) {
        for (const l of eventListeners.get(data.event) ?? []) (l as (p: unknown) => void)(data.payload);
      }
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      const refused = TOKEN_REFUSED.has(event.code);
      if (refused) {
        // The server read nothing on a socket it refused: what was sent on it goes again, in order, once a token is accepted.
        queue.splice(0, queue.length, ...[...pending.values()].map((p) => p.text));
      } else {
        for (const [, waiter] of pending) {
          waiter.reject(new LabError({ code: 'internal', reason: 'connection-lost', message: 'the connection to the lab server was lost; please try again' }));
        }
        pending.clear();
      }
      settle(refused ? 'refused' : 'unreachable');
      // A server that refused the token and is now away is still waiting for a new one.
      setState(refused || state === 'unauthorized' ? 'unauthorized' : 'reconnecting');
      const delay = RETRY_MS[refused ? RETRY_MS.length - 1 : Math.min(attempt, RETRY_MS.length - 1)]!;
      attempt += 1;
      retry = setTimeout(connect, delay);
    };
  };
  connect();
  const retryNow = () => {
    if (retry === null || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
    clearTimeout(retry);
    connect();
  };
  if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
    window.addEventListener('online', retryNow);
    window.addEventListener('focus', retryNow);
    document.addEventListener('visibilitychange', retryNow);
  }

  return {
    transport: 'websocket',
    invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      const id = nextId++;
      const text = JSON.stringify({ id, channel, payload: request });
      return new Promise<Response<C>>((resolve, reject) => {
        pending.set(id, { text, resolve: resolve as (v: unknown) => void, reject });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    onConnection(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => {
        stateListeners.delete(listener);
      };
    },
    reauthorize(token) {
      const before = url;
      url = withToken(url, token);
      if (retry !== null) clearTimeout(retry);
      retry = null;
      if (socket) {
        const old = socket;
        socket = null;
        old.onclose = null;
        old.close();
      }
      settle('unreachable');
      return new Promise<Reauthorized>((resolve) => {
        settled = (outcome) => {
          if (outcome !== 'open') url = before;
          resolve(outcome);
        };
        connect();
      });
    },
  };
}

function withToken(socketUrl: string, token: string): string {
  const u = new URL(socketUrl);
  u.searchParams.set('token', token);
  return u.toString();
}

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

let client: LabClient | null = null;

/** The app-wide client, created on first use. */
export function lab(): LabClient {
  client ??= window.lab ? overBridge(window.lab) : overWebSocket(webSocketUrl(window.location));
  return client;
}
