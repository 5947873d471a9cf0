// The one typed registry every transport goes through: `handle(channel, fn)` registers a handler
// whose request schema is the contract's own (so the schema can't drift from the table), and
// `dispatch(channel, payload)` validates, runs and wraps the answer in an Envelope. It never
// throws: a bad payload, an unknown channel or a failing handler all come back as envelopes.
import {
  CHANNEL_NAMES,
  channels,
  type Channel,
  type Envelope,
  type ParsedRequest,
  type Response,
} from '../../preload/contract';
import { invalidRequest, toErrorShape } from './errors';

export type Handler<C extends Channel> = (request: ParsedRequest<C>) => Response<C> | Promise<Response<C>>;
export type HandlerTable = { [C in Channel]: Handler<C> };

export interface Dispatcher {
  handle<C extends Channel>(channel: C, fn: Handler<C>): void;
  dispatch(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Channels still without a handler (a transport refuses to start while this is non-empty). */
  missing(): Channel[];
}

const known = new Set<string>(CHANNEL_NAMES);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && known.has(name);
}

export function createDispatcher(options: { log?: (message: string, err: unknown) => void } = {}): Dispatcher {
  const table = new Map<Channel, (request: unknown) => unknown>();
  return {
    handle(channel, fn) {
      if (!isChannel(channel)) throw new Error(`no such channel in the contract: ${String(channel)}`);
      table.set(channel, fn as (request: unknown) => unknown);
    },
    async dispatch(channel, payload) {
      if (!isChannel(channel)) {
        return {
          ok: false,
          error: {
            code: 'invalid-request',
            reason: 'unknown-channel',
            params: { channel: String(channel) },
            message: `Unknown channel ${JSON.stringify(channel)}`,
            issues: [{ path: 'channel', message: `unknown channel; expected one of ${CHANNEL_NAMES.join(', ')}`, code: 'unknown-channel' }],
          },
        };
      }
      const fn = table.get(channel);
      if (!fn) return { ok: false, error: { code: 'internal', reason: 'no-handler', params: { channel }, message: `No handler for ${channel}` } };
      // Channels without fields may be invoked with no payload at all.
      const parsed = channels[channel].request.safeParse(payload === undefined ? {} : payload);
      if (!parsed.success) return { ok: false, error: invalidRequest(channel, parsed.error) };
      try {
        const result = await fn(parsed.data);
        return { ok: true, result };
      } catch (err) {
        return { ok: false, error: toErrorShape(channel, err, options.log) };
      }
    },
    missing() {
      return CHANNEL_NAMES.filter((c) => !table.has(c));
    },
  };
}

/** A dispatcher with every channel of the table registered. */
export function dispatcherFor(handlers: HandlerTable, options?: { log?: (message: string, err: unknown) => void }): Dispatcher {
  const d = createDispatcher(options);
  for (const channel of CHANNEL_NAMES) d.handle(channel, handlers[channel] as Handler<typeof channel>);
  return d;
}
