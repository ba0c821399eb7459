// Nothing but LmStudioError, ever: property tests over arbitrary replies. For every endpoint, an arbitrary JSON
// value (or arbitrary text) as the reply body, under any status, gives a result or an LmStudioError, nothing else;
// arbitrary SSE event sequences through streamChat (and runTools) likewise, with `partial` holding what arrived;
// and no rejection is ever left unhandled.
//
// To cover a new endpoint, add ONE row to ENDPOINTS: its name, the path that receives the arbitrary reply (every
// other path answers LM Studio's "Unexpected endpoint or method"), and the call to make. Nothing else changes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLmStudioClient, LmStudioError, type LmStudioClient } from '../../src/index.js';

interface Endpoint {
  name: string;
  /** The path whose reply is arbitrary. */
  path: string;
  call: (client: LmStudioClient) => Promise<unknown>;
}

const messages = [{ role: 'user' as const, content: 'hi' }];
const tool = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } };

export const ENDPOINTS: Endpoint[] = [
  { name: 'listModels over /api/v1', path: '/api/v1/models', call: (c) => c.listModels() },
  { name: 'listModels over /api/v0', path: '/api/v0/models', call: (c) => c.listModels() },
  { name: 'listModels over /v1', path: '/v1/models', call: (c) => c.listModels() },
  { name: 'chat', path: '/v1/chat/completions', call: (c) => c.chat({ model: 'm', messages, tools: [tool] }) },
  { name: 'chatJson', path: '/v1/chat/completions', call: (c) => c.chatJson({ model: 'm', messages }, { schema: { type: 'object' } }) },
  { name: 'embed', path: '/v1/embeddings', call: (c) => c.embed({ model: 'm', input: ['a', 'b'] }) },
  { name: 'loadModel', path: '/api/v1/models/load', call: (c) => c.loadModel('m') },
  { name: 'unloadModel', path: '/api/v1/models/unload', call: (c) => c.unloadModel('m') },
  { name: 'streamChat (a whole JSON reply)', path: '/v1/chat/completions', call: (c) => c.streamChat({ model: 'm', messages, tools: [tool] }).result() },
];

/** Keys the client reads somewhere: arbitrary objects use them often, so replies come close to real shapes. */
const KEYS = [
  'data', 'models', 'choices', 'message', 'delta', 'content', 'reasoning_content', 'reasoning', 'tool_calls', 'function', 'name',
  'arguments', 'id', 'index', 'finish_reason', 'usage', 'prompt_tokens', 'total_tokens', 'model', 'object', 'error', 'embedding',
  'key', 'type', 'state', 'loaded_instances', 'config', 'context_length', 'capabilities', 'instance_id', 'load_config', 'quantization',
];

const { json } = fc.letrec<{ json: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constantFrom('', 'm', 'stop', 'tool_calls', 'loaded', 'llm', 'embedding', '{"a":1}'),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('json'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('json'), { maxKeys: 6 }),
}));

/** A reply: a status and a body text (JSON of an arbitrary value, or arbitrary text). */
const reply = fc.record({
  status: fc.constantFrom(200, 200, 200, 400, 404, 429, 500),
  body: fc.oneof({ weight: 4, arbitrary: json.map((v) => JSON.stringify(v) ?? 'null') }, { weight: 1, arbitrary: fc.string() }),
});

/** A fetch serving `body` on `path` and LM Studio's unknown-endpoint reply elsewhere, with no network at all. */
function fetchServing(path: string, status: number, body: string, type = 'application/json'): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.pathname !== path) {
      return new Response(JSON.stringify({ error: `Unexpected endpoint or method. (GET ${url.pathname})` }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response(status === 204 ? null : body, { status, headers: { 'content-type': type } });
  }) as typeof fetch;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Runs `work`: it must resolve, or reject with an LmStudioError. Returns the error, if any. */
async function outcome(work: () => Promise<unknown>): Promise<LmStudioError | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (!(error instanceof LmStudioError)) throw new Error(`rejected with a raw ${(error as Error)?.name ?? typeof error}: ${String(error)}`);
    return error;
  }
}

describe('arbitrary reply bodies give a result or an LmStudioError', () => {
  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, endpoint) => {
    await fc.assert(
      fc.asyncProperty(reply, async ({ status, body }) => {
        const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchServing(endpoint.path, status, body) });
        await outcome(() => endpoint.call(client));
      }),
      { numRuns: 150 },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(unhandled).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Streams: arbitrary event sequences, framed and cut into reads arbitrarily.

const chunkLike = fc.record(
  {
    id: fc.oneof(fc.constant('c'), json),
    model: fc.oneof(fc.constant('m'), json),
    choices: fc.oneof(
      fc.array(
        fc.record(
          {
            index: fc.oneof(fc.constant(0), json),
            delta: fc.oneof(
              fc.record(
                {
                  content: fc.oneof(fc.string(), json),
                  reasoning_content: fc.oneof(fc.string(), json),
                  tool_calls: fc.oneof(
                    fc.array(
                      fc.record(
                        { index: fc.oneof(fc.nat(3), json), id: fc.oneof(fc.string(), json), function: fc.oneof(fc.record({ name: fc.oneof(fc.constant('get_weather'), json), arguments: fc.oneof(fc.string(), json) }, { requiredKeys: [] }), json) },
                        { requiredKeys: [] },
                      ),
                      { maxLength: 2 },
                    ),
                    json,
                  ),
                },
                { requiredKeys: [] },
              ),
              json,
            ),
            finish_reason: fc.oneof(fc.constant(null), fc.constantFrom('stop', 'tool_calls', 'length'), json),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      json,
    ),
    usage: json,
    error: json,
  },
  { requiredKeys: [] },
);

/** One SSE event's text (without its blank line). */
const event = fc.oneof(
  { weight: 6, arbitrary: chunkLike.map((c) => `data: ${JSON.stringify(c)}`) },
  { weight: 1, arbitrary: json.map((v) => `data: ${JSON.stringify(v)}`) },
  { weight: 1, arbitrary: fc.constant('data: [DONE]') },
  { weight: 1, arbitrary: fc.string().map((s) => `data: ${s.replace(/[\r\n]/g, ' ')}`) },
  { weight: 1, arbitrary: json.map((v) => `event: error\ndata: ${JSON.stringify(v)}`) },
  { weight: 1, arbitrary: fc.constantFrom(': keep-alive', 'retry: x', 'id: 7') },
);

const sseBody = fc.record({
  events: fc.array(event, { maxLength: 8 }),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

/** An event-stream response from the bytes, delivered in reads cut at `cuts`. */
function streamFetch(text: string, cuts: number[]): typeof fetch {
  return (async () => {
    const bytes = new TextEncoder().encode(text);
    const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
    const pieces: Uint8Array[] = [];
    let last = 0;
    for (const point of [...points, bytes.length]) {
      if (point > last) pieces.push(bytes.subarray(last, point));
      last = Math.max(last, point);
    }
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = pieces.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
  }) as typeof fetch;
}

const frame = (events: string[], newline: string): string => events.map((e) => e.split('\n').join(newline) + newline + newline).join('');

describe('arbitrary SSE event sequences', () => {
  it('streamChat: a result or an LmStudioError with partial, iterating or not', async () => {
    await fc.assert(
      fc.asyncProperty(sseBody, fc.boolean(), async ({ events, newline, cuts }, iterate) => {
        const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: streamFetch(frame(events, newline), cuts) });
        const stream = client.streamChat({ model: 'm', messages, tools: [tool] });
        const error = await outcome(async () => {
          if (iterate) for await (const _ of stream) void _;
          return stream.result();
        });
        if (error) expect(error.partial).toBeDefined();
      }),
      { numRuns: 300 },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(unhandled).toEqual([]);
  });

  it('streamChat: the text that arrived before a cut-off is in partial', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), async (deltas, cuts) => {
        const events = deltas.map((content) => `data: ${JSON.stringify({ id: 'c', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}`);
        const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: streamFetch(frame(events, '\n'), cuts) });
        const error = await outcome(() => client.streamChat({ model: 'm', messages }).result());
        expect(error?.code).toBe('stream-truncated');
        expect(error?.partial?.content).toBe(deltas.join(''));
      }),
      { numRuns: 100 },
    );
  });

  it('runTools: a result or an LmStudioError, and no rejection left unhandled', async () => {
    await fc.assert(
      fc.asyncProperty(sseBody, async ({ events, newline, cuts }) => {
        const text = frame(events, newline);
        const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => streamFetch(text, cuts)(input, init)) as typeof fetch;
        const client = createLmStudioClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });
        const run = client.runTools({ model: 'm', messages, maxRounds: 2, tools: [{ name: 'get_weather', parameters: { type: 'object' }, execute: () => 'sunny' }] });
        await outcome(() => run.result());
      }),
      { numRuns: 100 },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(unhandled).toEqual([]);
  });
});
