// Request validation, auth, unknown endpoints and CORS.
import { describe, expect, it } from 'vitest';
import { LOADED_LLM, REASONING, chatBody, get, json, post, useEmulators } from './helpers.js';

const emulator = useEmulators();

describe('request validation', () => {
  it("missing 'messages' is a 400 string error", async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', { model: LOADED_LLM, stream: true });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(`{"error":"'messages' field is required"}`);
  });

  it('an empty or non-object body is also missing messages', async () => {
    const h = await emulator();
    for (const body of ['', '[]', '"x"']) {
      const res = await post(h, '/v1/chat/completions', body);
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({ error: "'messages' field is required" });
    }
  });

  it('rejects response_format json_object (and any type but json_schema/text)', async () => {
    const h = await emulator();
    for (const type of ['json_object', 'xml']) {
      const res = await post(h, '/v1/chat/completions', chatBody({ response_format: { type } }));
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(`{"error":"'response_format.type' must be 'json_schema' or 'text'"}`);
    }
    const ok = await post(h, '/v1/chat/completions', chatBody({ response_format: { type: 'text' } }));
    expect(ok.status).toBe(200);
  });

  it('answers json_schema response formats with JSON valid for the schema', async () => {
    const h = await emulator();
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 }, unit: { enum: ['c', 'f'] } },
      required: ['city', 'days', 'unit'],
      additionalProperties: false,
    };
    const res = await post(
      h,
      '/v1/chat/completions',
      chatBody({ response_format: { type: 'json_schema', json_schema: { name: 'w', schema } } }, 'Forecast for Paris for 3 days'),
    );
    expect(res.status).toBe(200);
    const content = JSON.parse((await json(res)).choices[0].message.content);
    expect(content).toEqual({ city: 'Paris', days: 3, unit: 'c' });
  });

  it('invalid reasoning_effort is a 400 object error with code invalid_value; valid values pass', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ reasoning_effort: 'extreme' }));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      message: "Invalid 'reasoning_effort' value: 'extreme'. Supported values: none, minimal, low, medium, high, xhigh.",
      type: 'invalid_request_error',
      param: 'reasoning_effort',
      code: 'invalid_value',
    });
    for (const effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh']) {
      expect((await post(h, '/v1/chat/completions', chatBody({ model: REASONING, reasoning_effort: effort }))).status).toBe(200);
    }
  });

  it('rejects an empty tool_call_id but accepts any non-empty one', async () => {
    const h = await emulator();
    const history = (id: string) => [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'x', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: id, content: 'sunny' },
    ];
    const bad = await post(h, '/v1/chat/completions', { model: LOADED_LLM, messages: history('') });
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(typeof body.error).toBe('string');
    expect(body.error).toContain('messages[2].tool_call_id');
    const good = await post(h, '/v1/chat/completions', { model: LOADED_LLM, messages: history('call_any-id:1') });
    expect(good.status).toBe(200);
    expect((await json(good)).choices[0].message.content).toBe('The tool returned: sunny.');
  });

  it('rejects the developer role', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', { model: LOADED_LLM, messages: [{ role: 'developer', content: 'x' }] });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/messages\[0\]\.role/);
  });

  it('names the offending field for other schema failures', async () => {
    const h = await emulator();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [chatBody({ temperature: 'warm' }), /'temperature'/],
      [chatBody({ top_k: 1.5 }), /'top_k'/],
      [chatBody({ stream: 'yes' }), /'stream'/],
      [chatBody({ ttl: 0 }), /'ttl'/],
      [{ model: LOADED_LLM, messages: [{ role: 'user', content: 3 }] }, /'messages\[0\]\.content'/],
      [{ model: LOADED_LLM, messages: [{ role: 'user' }] }, /'messages\[0\]\.content' field is required/],
      [{ messages: [{ role: 'user', content: 'x' }] }, /^'model' field is required$/],
      [chatBody({ tools: [{ type: 'function', function: { name: '' } }] }), /'tools\[0\]\.function\.name'/],
    ];
    for (const [body, pattern] of cases) {
      const res = await post(h, '/v1/chat/completions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await json(res)).error;
      expect(typeof err).toBe('string');
      expect(err).toMatch(pattern);
    }
  });

  it('accepts numbers sent as strings and ignores unknown keys, like LM Studio', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ temperature: '0.1', max_tokens: '50', whatever: { a: 1 } }));
    expect(res.status).toBe(200);
  });

  it('invalid JSON is a 400 string error', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', '{"model": ');
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(typeof body.error).toBe('string');
  });

  it('validates embeddings, completions, load and unload bodies with string errors', async () => {
    const h = await emulator();
    const cases: Array<[string, unknown, RegExp]> = [
      ['/v1/embeddings', { model: 'x' }, /^'input' field is required$/],
      ['/v1/embeddings', { model: 'x', input: 3 }, /'input'/],
      ['/v1/completions', { model: 'x' }, /^'prompt' field is required$/],
      ['/api/v1/models/load', {}, /^'model' field is required$/],
      ['/api/v1/models/load', { model: 'x', context_length: 0 }, /'context_length'/],
      ['/api/v1/models/unload', {}, /^'instance_id' field is required$/],
    ];
    for (const [path, body, pattern] of cases) {
      const res = await post(h, path, body);
      expect(res.status, path).toBe(400);
      expect((await json(res)).error).toMatch(pattern);
    }
  });
});

describe('auth', () => {
  const TOKEN = 'sk-lm-test:secret';

  it('without apiKey any Authorization header is accepted', async () => {
    const h = await emulator();
    expect((await get(h, '/v1/models', { headers: { authorization: 'Bearer nonsense' } })).status).toBe(200);
  });

  it('with apiKey every request needs the bearer token', async () => {
    const h = await emulator({ apiKey: TOKEN });
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      for (const [method, path] of [
        ['GET', '/v1/models'],
        ['POST', '/v1/chat/completions'],
        ['GET', '/api/v1/models'],
        ['GET', '/nope'],
      ] as const) {
        const res = await fetch(h.url + path, {
          method,
          headers,
          body: method === 'POST' ? JSON.stringify(chatBody()) : undefined,
          signal: AbortSignal.timeout(5000),
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        const text = await res.text();
        expect(JSON.stringify(JSON.parse(text), null, 4)).toBe(text);
        const err = JSON.parse(text).error;
        expect(err).toMatchObject({ type: 'invalid_request', code: 'invalid_api_key' });
        expect(err.message).toMatch(/^An LM Studio API token is required/);
      }
    }
    const ok = await get(h, '/v1/models', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const chat = await post(h, '/v1/chat/completions', chatBody(), { headers: { authorization: `bearer ${TOKEN}` } });
    expect(chat.status).toBe(200);
  });
});

describe('unknown endpoints', () => {
  it('answer HTTP 200 with the compact "Unexpected endpoint or method" string error', async () => {
    const h = await emulator();
    const cases: Array<[string, string]> = [
      ['GET', '/v1/models/qwen/qwen3-4b-2507'],
      ['GET', '/v1/chat/completions'],
      ['POST', '/chat/completions'],
      ['DELETE', '/v1/models'],
      ['POST', '/v1/models'],
      ['GET', '/'],
    ];
    for (const [method, path] of cases) {
      const res = await fetch(h.url + path, { method, signal: AbortSignal.timeout(5000) });
      expect(res.status, `${method} ${path}`).toBe(200);
      expect(await res.text()).toBe(`{"error":"Unexpected endpoint or method. (${method} ${path})"}`);
    }
  });

  it('query strings are not part of the path', async () => {
    const h = await emulator();
    const res = await get(h, '/v2/models?x=1');
    expect(await res.text()).toBe('{"error":"Unexpected endpoint or method. (GET /v2/models)"}');
    expect((await get(h, '/v1/models?x=1')).status).toBe(200);
  });
});

describe('CORS', () => {
  it('off (default): a preflight gets the HTTP 200 unexpected-endpoint body and no CORS headers', async () => {
    const h = await emulator();
    const res = await fetch(h.url + '/v1/chat/completions', {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"error":"Unexpected endpoint or method. (OPTIONS /v1/chat/completions)"}');
    expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    const list = await get(h, '/v1/models', { headers: { origin: 'http://example.test' } });
    expect(list.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('on: preflight 204 with wildcard headers, also before auth; responses carry the headers', async () => {
    const h = await emulator({ cors: true, apiKey: 'k' });
    const pre = await fetch(h.url + '/v1/chat/completions', {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
      signal: AbortSignal.timeout(5000),
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('*');
    const res = await get(h, '/v1/models', { headers: { authorization: 'Bearer k' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('*');
    const denied = await get(h, '/v1/models');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
  });
});
