// Time limits are the client's, not the platform's: Node's fetch (undici) has 300 s header and body timeouts of its
// own. The client gives Node's fetch a dispatcher without them, and a platform timeout that still fires (an
// injected fetch, a custom agent) is a `timeout` with its phase, never `unreachable`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type LmStudioClient } from '../../src/index.js';
import { platformFetch, untimedDispatcher } from '../../src/http/platform-fetch.js';
import { lmStudioError } from '../support/assertions.js';
import { sendJson, useServers } from '../support/loopback-server.js';

vi.setConfig({ testTimeout: 20_000 });

const serve = useServers();
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const globals = globalThis as unknown as Record<symbol, unknown>;
const messages = [{ role: 'user' as const, content: 'hi' }];
const chatAnswer = {
  id: 'c',
  object: 'chat.completion',
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'slow but fine' }, finish_reason: 'stop' }],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Node's own dispatcher, installed (it is made lazily on the first Request), taken before any test swaps it. */
function installedDispatcher(): { constructor: new (options: Record<string, unknown>) => object } {
  new Request('http://127.0.0.1/');
  const current = globals[GLOBAL_DISPATCHER];
  if (typeof current !== 'object' || current === null) throw new Error('Node installed no global dispatcher');
  return current as { constructor: new (options: Record<string, unknown>) => object };
}
const NODE_DISPATCHER = installedDispatcher();
const nodeDispatcher = (): typeof NODE_DISPATCHER => NODE_DISPATCHER;

describe('the dispatcher given to Node’s fetch', () => {
  it('is an Agent built from Node’s own, with header and body timeouts turned off, made once', async () => {
    const made: Record<string, unknown>[] = [];
    class Agent {
      constructor(readonly options: Record<string, unknown>) {
        made.push(options);
      }
    }
    const original = NODE_DISPATCHER;
    const seen: unknown[] = [];
    try {
      globals[GLOBAL_DISPATCHER] = new Agent({});
      made.length = 0;
      vi.stubGlobal('fetch', async (_input: unknown, init?: RequestInit) => {
        seen.push((init as { dispatcher?: unknown } | undefined)?.dispatcher);
        return new Response('{}');
      });
      const fetch = platformFetch();
      await fetch('http://127.0.0.1:1/a', { method: 'GET' });
      await fetch('http://127.0.0.1:1/b', { method: 'GET' });
      expect(made).toEqual([{ headersTimeout: 0, bodyTimeout: 0 }]);
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBeInstanceOf(Agent);
      expect(seen[1]).toBe(seen[0]);
    } finally {
      globals[GLOBAL_DISPATCHER] = original;
    }
  });

  it('is left out where fetch is not undici’s, or the global dispatcher is not a plain Agent (a proxy keeps its settings)', async () => {
    const original = NODE_DISPATCHER;
    try {
      class ProxyAgent {}
      globals[GLOBAL_DISPATCHER] = new ProxyAgent();
      expect(untimedDispatcher()).toBeUndefined();
      const inits: (RequestInit | undefined)[] = [];
      vi.stubGlobal('fetch', async (_input: unknown, init?: RequestInit) => {
        inits.push(init);
        return new Response('{}');
      });
      await platformFetch()('http://127.0.0.1:1/', { method: 'GET' });
      expect(inits[0]).toEqual({ method: 'GET' });
    } finally {
      globals[GLOBAL_DISPATCHER] = original;
    }
  });

  it('really removes the platform limit: with Node’s dispatcher capped at 300 ms, plain fetch fails and the client does not', async () => {
    const server = await serve((_req, res) => {
      // Headers after 1.5 s, then the body after another 1.5 s: past both capped platform limits.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(' ');
        setTimeout(() => res.end(JSON.stringify(chatAnswer)), 1_500);
      }, 1_500);
    });
    const original = nodeDispatcher();
    const capped = new original.constructor({ headersTimeout: 300, bodyTimeout: 300 });
    try {
      globals[GLOBAL_DISPATCHER] = capped;
      // The platform's limit is real: Node's fetch through the capped dispatcher gives up.
      const plain = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' }).then(
        async (r) => r.text(),
        (error: unknown) => error,
      );
      expect(plain).toBeInstanceOf(Error);
      // An injected fetch keeps the platform's limit; when it fires, it is a timeout with its phase (real undici error).
      const injected = createLmStudioClient({ baseUrl: server.url, fetch: (input, init) => globalThis.fetch(input, init) });
      const error = await lmStudioError(injected.chat({ model: 'm', messages }));
      expect(error.code).toBe('timeout');
      expect(error.phase).toBe('first-token');
      // The client, made while the capped dispatcher is the global one, waits as its own limits say.
      const client = createLmStudioClient({ baseUrl: server.url, timeouts: { totalMs: 15_000 } });
      const result = await client.chat({ model: 'm', messages });
      expect(result.content).toBe('slow but fine');
    } finally {
      globals[GLOBAL_DISPATCHER] = original;
    }
  });
});

/** A fetch that fails the way undici does when one of its own limits fires. */
function undiciTimeout(code: 'UND_ERR_HEADERS_TIMEOUT' | 'UND_ERR_BODY_TIMEOUT'): Error {
  const cause = Object.assign(new Error(code === 'UND_ERR_HEADERS_TIMEOUT' ? 'Headers Timeout Error' : 'Body Timeout Error'), { code });
  return new TypeError(code === 'UND_ERR_HEADERS_TIMEOUT' ? 'fetch failed' : 'terminated', { cause });
}

const headersTimeoutFetch = (async () => {
  throw undiciTimeout('UND_ERR_HEADERS_TIMEOUT');
}) as typeof fetch;

/** Headers arrive, then the body read fails with undici's body timeout. */
const bodyTimeoutFetch = (async () =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"da'));
      },
      pull(controller) {
        controller.error(undiciTimeout('UND_ERR_BODY_TIMEOUT'));
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  )) as typeof fetch;

const calls: [string, (client: LmStudioClient) => Promise<unknown>][] = [
  ['listModels', (c) => c.listModels()],
  ['chat', (c) => c.chat({ model: 'm', messages })],
  ['chatJson', (c) => c.chatJson({ model: 'm', messages }, { schema: { type: 'object' } })],
  ['embed', (c) => c.embed({ model: 'm', input: 'x' })],
  ['loadModel', (c) => c.loadModel('m')],
  ['unloadModel', (c) => c.unloadModel('m')],
  ['streamChat', (c) => c.streamChat({ model: 'm', messages }).result()],
];

describe('a platform timeout that still fires is a timeout with its phase, never unreachable', () => {
  it.each(calls)('%s: headers timeout → timeout (first-token)', async (_name, call) => {
    const error = await lmStudioError(call(createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: headersTimeoutFetch })));
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('first-token');
  });

  it.each(calls)('%s: body timeout → timeout (idle)', async (_name, call) => {
    const error = await lmStudioError(call(createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: bodyTimeoutFetch })));
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('idle');
  });

  it('a stream whose body read hits the platform body timeout keeps what arrived', async () => {
    const encoder = new TextEncoder();
    const fetchImpl = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(`data: ${JSON.stringify({ id: 'x', model: 'm', choices: [{ index: 0, delta: { content: 'so far' } }] })}\n\n`));
          },
          pull(controller) {
            controller.error(undiciTimeout('UND_ERR_BODY_TIMEOUT'));
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      )) as typeof fetch;
    const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });
    const error = await lmStudioError(client.streamChat({ model: 'm', messages }).result());
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('idle');
    expect(error.partial?.content).toBe('so far');
  });

  it('an Infinity limit is honoured: a call that takes longer than a short platform cap but has no limit of ours completes', async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => sendJson(res, 200, chatAnswer), 1_200);
    });
    const original = nodeDispatcher();
    try {
      globals[GLOBAL_DISPATCHER] = new original.constructor({ headersTimeout: 200, bodyTimeout: 200 });
      const client = createLmStudioClient({ baseUrl: server.url, timeouts: { totalMs: Infinity, firstTokenMs: Infinity, idleMs: Infinity } });
      await expect(client.chat({ model: 'm', messages })).resolves.toMatchObject({ content: 'slow but fine' });
    } finally {
      globals[GLOBAL_DISPATCHER] = original;
    }
  });
});
