// Node's fetch (undici) has its own limits, 300 s for the headers and 300 s of body silence, under the client's
// own. Those would end a slow local generation early, as a network error. Here Node's fetch is given a dispatcher
// without them, so the client's limits (`timeouts`) are the only ones. No `node:` or `undici` import: the
// dispatcher Node installs is found through the global symbol undici registers, and elsewhere (browsers,
// Electron's net.fetch, an injected fetch) nothing changes.
import { LmStudioError, type TimeoutPhase } from '../domain/errors.js';

/** Where undici (Node's fetch) keeps its global dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type DispatcherConstructor = new (options: { headersTimeout: number; bodyTimeout: number }) => object;

/** A fetch taking a URL (or Request) and an init, as both request paths call it. */
export type PlatformFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

const derived = new WeakMap<object, object>();

/**
 * The dispatcher to give Node's fetch: an `Agent` like Node's default one, with its header and body timeouts
 * turned off (0). Undefined where fetch is not undici's, or where someone replaced the global dispatcher with
 * something other than a plain `Agent` (a proxy agent keeps its own settings and limits).
 */
export function untimedDispatcher(): object | undefined {
  const globals = globalThis as Record<symbol, unknown>;
  if (globals[GLOBAL_DISPATCHER] === undefined && typeof Request === 'function') {
    // Node installs its dispatcher lazily, on the first Request or fetch.
    try {
      new Request('http://127.0.0.1/');
    } catch {
      return undefined;
    }
  }
  const current = globals[GLOBAL_DISPATCHER];
  if (typeof current !== 'object' || current === null) return undefined;
  const known = derived.get(current);
  if (known) return known;
  const ctor = (current as { constructor?: unknown }).constructor;
  if (typeof ctor !== 'function' || ctor.name !== 'Agent') return undefined;
  try {
    const agent = new (ctor as DispatcherConstructor)({ headersTimeout: 0, bodyTimeout: 0 });
    derived.set(current, agent);
    return agent;
  } catch {
    return undefined;
  }
}

/**
 * The platform's fetch with no limit of its own: on Node, every request carries the untimed dispatcher (made on
 * the first request); elsewhere it is `globalThis.fetch` as it is.
 */
export function platformFetch(): PlatformFetch {
  let dispatcher: object | undefined | null = null;
  return (input, init) => {
    if (dispatcher === null) dispatcher = untimedDispatcher();
    if (dispatcher === undefined) return globalThis.fetch(input, init);
    return globalThis.fetch(input, { ...init, dispatcher } as RequestInit);
  };
}

/** undici's own limits, should one ever fire (a custom dispatcher, an injected fetch): which phase it ended. */
const PLATFORM_TIMEOUTS: Readonly<Record<string, TimeoutPhase>> = {
  UND_ERR_HEADERS_TIMEOUT: 'first-token',
  UND_ERR_BODY_TIMEOUT: 'idle',
};

/**
 * A platform timeout found in `error` (or its causes) as the client's `timeout` error with its phase; undefined
 * for anything else. Never `unreachable`: the server answered, or was at least reached.
 */
export function platformTimeout(error: unknown): LmStudioError | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    const phase = typeof code === 'string' ? PLATFORM_TIMEOUTS[code] : undefined;
    if (phase) {
      return new LmStudioError('timeout', {
        phase,
        message:
          phase === 'first-token'
            ? "The platform's HTTP stack stopped waiting for LM Studio's response headers."
            : "The platform's HTTP stack stopped waiting for more of LM Studio's response.",
        hint: 'A custom fetch or HTTP agent has its own time limit; raise or remove it there.',
        cause: error,
      });
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
