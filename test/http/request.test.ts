import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLmStudioClient } from '../../src/index.js';
import { expandPath, queryString, RequestBuilder, type FetchFunction } from '../../src/http/request.js';

const BASE = 'http://127.0.0.1:1234';

/** A fetch that records its arguments and answers `status` with `body`. */
function recordingFetch(status = 200, body = '{"data":[]}') {
  const calls: { input: unknown; init: RequestInit }[] = [];
  const fetchImpl: FetchFunction = async (input, init) => {
    calls.push({ input, init });
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { calls, fetchImpl };
}

describe('RequestBuilder', () => {
  it('sends a GET as fetch(url string, plain init): no body, no Content-Type, the call signal', async () => {
    const { calls, fetchImpl } = recordingFetch();
    const requests = new RequestBuilder(fetchImpl, { headers: { Authorization: 'Bearer k' } });
    const signal = new AbortController().signal;
    const answer = await requests.build('get', '/v1/models', {})(BASE, signal);
    expect(answer.response.status).toBe(200);
    expect(answer.error).toBeUndefined();
    expect(calls).toHaveLength(1);
    const { input, init } = calls[0]!;
    expect(input).toBe(`${BASE}/v1/models`);
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
    expect(init.signal).toBe(signal);
    expect(init.headers).toEqual({ Authorization: 'Bearer k' });
  });

  it('serializes a body once as JSON with Content-Type, the same for every attempt and base URL', async () => {
    const { calls, fetchImpl } = recordingFetch();
    const requests = new RequestBuilder(fetchImpl, { headers: {} });
    const send = requests.build('post', '/v1/embeddings', { body: { model: 'e', input: ['a', 'é'] } });
    await send(BASE, new AbortController().signal);
    await send('http://localhost:9', new AbortController().signal);
    expect(calls.map((c) => c.input)).toEqual([`${BASE}/v1/embeddings`, 'http://localhost:9/v1/embeddings']);
    for (const { init } of calls) {
      expect(init.method).toBe('POST');
      expect(init.body).toBe('{"model":"e","input":["a","é"]}');
      expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
    }
  });

  it("keeps the caller's own Content-Type, and passes init extras (e.g. an undici dispatcher) through", async () => {
    const { calls, fetchImpl } = recordingFetch();
    const dispatcher = { marker: true };
    const requests = new RequestBuilder(fetchImpl, { headers: { 'content-type': 'application/json; charset=utf-8' }, init: { dispatcher } });
    await requests.build('post', '/v1/embeddings', { body: { model: 'e', input: 'x' } })(BASE, new AbortController().signal);
    const init = calls[0]!.init as RequestInit & { dispatcher?: unknown };
    expect(init.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(init.dispatcher).toBe(dispatcher);
  });

  it('gives every attempt its own headers object: an injected fetch that adds a header does not leak it', async () => {
    const seen: Record<string, string>[] = [];
    const fetchImpl: FetchFunction = async (_input, init) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ ...headers });
      headers['x-added'] = 'yes';
      return new Response('{}');
    };
    const send = new RequestBuilder(fetchImpl, { headers: { a: '1' } }).build('get', '/v1/models', {});
    await send(BASE, new AbortController().signal);
    await send(BASE, new AbortController().signal);
    expect(seen).toEqual([{ a: '1' }, { a: '1' }]);
  });

  it('reads an error reply as at most 64 KiB of text, status kept', async () => {
    const big = `{"error":"${'x'.repeat(200 * 1024)}"}`;
    const { fetchImpl } = recordingFetch(500, big);
    const answer = await new RequestBuilder(fetchImpl, { headers: {} }).build('get', '/v1/models', {})(BASE, new AbortController().signal);
    expect(answer.response.status).toBe(500);
    expect(typeof answer.error).toBe('string');
    expect((answer.error as string).length).toBe(64 * 1024);
    expect((answer.error as string).startsWith('{"error":"xxx')).toBe(true);
  });

  it('an empty error reply has no error body', async () => {
    const { fetchImpl } = recordingFetch(404, '');
    const answer = await new RequestBuilder(fetchImpl, { headers: {} }).build('get', '/v1/models', {})(BASE, new AbortController().signal);
    expect(answer.response.status).toBe(404);
    expect(answer.error).toBeUndefined();
  });

  it('fills path parameters, percent-encoded', async () => {
    const { calls, fetchImpl } = recordingFetch();
    await new RequestBuilder(fetchImpl, { headers: {} })
      .build('get', '/api/v0/models/{model}', { params: { path: { model: 'qwen/qwen3 8b' } } })(BASE, new AbortController().signal);
    expect(calls[0]!.input).toBe(`${BASE}/api/v0/models/qwen%2Fqwen3%208b`);
  });

  it('checks paths, parameters and bodies against the generated paths at compile time', () => {
    const requests = new RequestBuilder(recordingFetch().fetchImpl, { headers: {} });
    // Never sent: only built (building sends nothing).
    // @ts-expect-error: no such path
    requests.build('get', '/v1/nope', {});
    // @ts-expect-error: /v1/models has no POST
    requests.build('post', '/v1/models', {});
    // @ts-expect-error: the body needs `model`
    requests.build('post', '/v1/embeddings', { body: { input: 'x' } });
    // @ts-expect-error: context_length is a number
    requests.build('post', '/api/v1/models/load', { body: { model: 'm', context_length: '8192' } });
    // @ts-expect-error: the path parameter is required
    requests.build('get', '/api/v0/models/{model}', {});
    expect(true).toBe(true);
  });
});

describe('expandPath and queryString', () => {
  it('any path parameter value comes back whole after decoding, and adds no path segment', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const path = expandPath('/api/v0/models/{model}', { model: value });
        const tail = path.slice('/api/v0/models/'.length);
        expect(tail.includes('/')).toBe(false);
        expect(decodeURIComponent(tail)).toBe(value);
      }),
    );
  });

  it('any query round-trips through URLSearchParams (arrays exploded; null and undefined left out)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.constant(undefined))), (query) => {
        const text = queryString(query);
        const parsed = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
        const want: [string, string][] = [];
        for (const [name, value] of Object.entries(query)) {
          if (value === undefined) continue;
          for (const item of Array.isArray(value) ? value : [value]) want.push([name, String(item)]);
        }
        expect([...parsed.entries()]).toEqual(want);
        if (want.length === 0) expect(text).toBe('');
      }),
    );
  });
});

describe('the client calls fetch(url, init), never with a Request', () => {
  it('chat(), streamChat(), embed() and listModels() each hand an injected fetch a URL string and a plain init', async () => {
    const seen: { input: unknown; init: RequestInit | undefined }[] = [];
    const fetchImpl: typeof globalThis.fetch = async (input, init) => {
      seen.push({ input, init });
      const url = String(input);
      const stream = typeof init?.body === 'string' && init.body.includes('"stream":true');
      if (stream) {
        const sse = 'data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
        return new Response(sse, { headers: { 'Content-Type': 'text/event-stream' } });
      }
      if (url.endsWith('/v1/embeddings')) return Response.json({ data: [{ index: 0, embedding: [1] }] });
      if (url.endsWith('/api/v1/models')) return Response.json({ models: [] });
      return Response.json({ id: 'c', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] });
    };
    const client = createLmStudioClient({ baseUrl: BASE, apiKey: 'sk-test-1', fetch: fetchImpl });
    expect((await client.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).content).toBe('hi');
    expect((await client.streamChat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).result()).content).toBe('hi');
    expect((await client.embed({ model: 'e', input: 'x' })).vectors).toEqual([[1]]);
    expect(await client.listModels()).toEqual([]);
    expect(seen.map((s) => s.input)).toEqual([
      `${BASE}/v1/chat/completions`,
      `${BASE}/v1/chat/completions`,
      `${BASE}/v1/embeddings`,
      `${BASE}/api/v1/models`,
    ]);
    for (const { input, init } of seen) {
      expect(typeof input).toBe('string');
      expect(init?.signal).toBeInstanceOf(AbortSignal);
      expect(new Headers(init?.headers).get('authorization')).toBe('Bearer sk-test-1');
    }
  });
});
