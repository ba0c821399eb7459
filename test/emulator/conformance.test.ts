// The emulator's bytes against the OpenAPI contract and against real LM Studio recordings.
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultModels } from '../../src/emulator/index.js';
import {
  EMBEDDING,
  HAVE_TRACES,
  LOADED_LLM,
  REASONING,
  VLM,
  chatBody,
  chunksOf,
  get,
  json,
  keyTree,
  parseSse,
  post,
  specErrors,
  trace,
  useEmulators,
} from './helpers.js';

const emulator = useEmulators();

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** Re-serialising with 2 spaces reproduces the body: it is 2-space pretty JSON with no trailing newline. */
function isPretty2(text: string): boolean {
  return JSON.stringify(JSON.parse(text), null, 2) === text;
}

/** One signature per run of similar chunks: delta keys, empty content, finish reason, usage, [DONE]. */
function streamSignature(text: string): string[] {
  const sig: string[] = [];
  for (const e of parseSse(text)) {
    let s: string;
    if (e.data === '[DONE]') s = 'DONE';
    else {
      const chunk = JSON.parse(e.data);
      const choice = chunk.choices[0];
      if (!choice) s = 'usage';
      else {
        s = Object.keys(choice.delta).join(',');
        if (choice.delta.content === '') s += '(empty)';
        if (choice.finish_reason) s += `|${choice.finish_reason}`;
      }
    }
    if (sig[sig.length - 1] !== s) sig.push(s);
  }
  return sig;
}

/** Response header names in wire order, via node:http with keep-alive like real clients (fetch loses the order). */
function rawHeaderNames(url: string): Promise<string[]> {
  const agent = new Agent({ keepAlive: true });
  return new Promise<string[]>((resolve, reject) => {
    const req = request(url, { agent, timeout: 5000 }, (res) => {
      const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
      res.resume();
      res.on('end', () => resolve(names));
    });
    req.on('error', reject);
    req.end();
  }).finally(() => agent.destroy());
}

describe('GET /v1/models', () => {
  it('matches the ModelList schema, lists the embedding model first, and is 2-space JSON', async () => {
    const h = await emulator();
    const res = await get(h, '/v1/models');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-powered-by')).toBe('Express');
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(res.headers.get('keep-alive')).toBe('timeout=5');
    const text = await res.text();
    expect(isPretty2(text)).toBe(true);
    const body = JSON.parse(text);
    expect(specErrors('ModelList', body)).toBeUndefined();
    expect(body.data[0].id).toBe(EMBEDDING);
    expect(body.data.map((m: { id: string }) => m.id)).toContain(LOADED_LLM);
  });

  describe.skipIf(!HAVE_TRACES)('against real traces', () => {
    it('has the key order of models-v1-cs3b-ace.json', async () => {
      const h = await emulator();
      const body = await json(await get(h, '/v1/models'));
      expect(keyTree(body)).toEqual(keyTree(JSON.parse(trace('models-v1-cs3b-ace.json'))));
    });

    it('sends the cassette headers in the cassette order (CORS on, as recorded)', async () => {
      const cassette = parseYaml(trace('cassette-models-and-chat-cs3b-ace.vcr.yml'));
      const recorded = Object.keys(cassette.http_interactions[0].response.headers).map((k) => k.toLowerCase());
      const h = await emulator({ cors: true });
      expect(await rawHeaderNames(h.url + '/v1/models')).toEqual(recorded);
    });

    it('without CORS sends the headers of the issue-618 curl capture', async () => {
      const curl = trace('error-200-unexpected-endpoint-issue618.curl.txt');
      const recorded = [...curl.matchAll(/^< ([A-Za-z-]+):/gm)].map((m) => m[1]!.toLowerCase());
      const h = await emulator();
      expect(await rawHeaderNames(h.url + '/v1/models')).toEqual(recorded);
    });
  });
});

describe('GET /api/v0/models', () => {
  it('matches ModelListV0 and ModelV0', async () => {
    const h = await emulator();
    const res = await get(h, '/api/v0/models');
    const text = await res.text();
    expect(isPretty2(text)).toBe(true);
    const body = JSON.parse(text);
    expect(specErrors('ModelListV0', body)).toBeUndefined();
    const loaded = body.data.find((m: { id: string }) => m.id === LOADED_LLM);
    expect(loaded).toMatchObject({ state: 'loaded', loaded_context_length: 8192, capabilities: ['tool_use'] });
    const one = await json(await get(h, `/api/v0/models/${VLM}`));
    expect(specErrors('ModelV0', one)).toBeUndefined();
    expect(one).toEqual(body.data.find((m: { id: string }) => m.id === VLM));
  });

  it.skipIf(!HAVE_TRACES)('has the key order of models-api-v0-ollmost.json per model kind', async () => {
    const real = JSON.parse(trace('models-api-v0-ollmost.json'));
    const h = await emulator();
    const body = await json(await get(h, '/api/v0/models'));
    expect(Object.keys(body)).toEqual(Object.keys(real));
    const byId = (list: Array<{ id: string }>, id: string) => list.find((m) => m.id === id);
    for (const id of [VLM, REASONING, EMBEDDING]) {
      expect(keyTree(byId(body.data, id)), id).toEqual(keyTree(byId(real.data, id)));
    }
    // Same facts as the recording for the models both know.
    expect(byId(body.data, VLM)).toEqual(byId(real.data, VLM));
    expect(byId(body.data, REASONING)).toEqual(byId(real.data, REASONING));
  });
});

describe('GET /api/v1/models', () => {
  it('matches ModelListV1', async () => {
    const h = await emulator();
    const body = await json(await get(h, '/api/v1/models'));
    expect(specErrors('ModelListV1', body)).toBeUndefined();
  });

  it.skipIf(!HAVE_TRACES)('after a JIT load has the shape of models-api-v1-after-jit-load-ollmost.json', async () => {
    const real = JSON.parse(trace('models-api-v1-after-jit-load-ollmost.json'));
    const h = await emulator();
    expect((await post(h, '/v1/chat/completions', chatBody({ model: VLM }))).status).toBe(200);
    const text = await (await get(h, '/api/v1/models')).text();
    expect(isPretty2(text)).toBe(true);
    const body = JSON.parse(text);
    const byKey = (list: Array<{ key: string }>, key: string) => list.find((m) => m.key === key);
    for (const key of [VLM, REASONING, EMBEDDING]) {
      expect(keyTree(byKey(body.models, key)), key).toEqual(keyTree(byKey(real.models, key)));
    }
    // The JIT-loaded instance reads like the recorded one.
    expect(byKey(body.models, VLM)).toEqual(byKey(real.models, VLM));
  });
});

describe('POST /v1/chat/completions, not streamed', () => {
  it('matches ChatCompletionResponse with LM Studio ids and fingerprint', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody());
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await res.text();
    expect(isPretty2(text)).toBe(true);
    const body = JSON.parse(text);
    expect(specErrors('ChatCompletionResponse', body)).toBeUndefined();
    expect(body.id).toMatch(/^chatcmpl-[a-z0-9]{21}$/);
    expect(body.system_fingerprint).toBe(body.model);
    expect(body.choices[0].message).toEqual({
      role: 'assistant',
      content: 'You said: Hello there, how are you?',
      reasoning_content: '',
      tool_calls: [],
    });
    expect(body.stats).toEqual({});
  });

  describe.skipIf(!HAVE_TRACES)('against real traces', () => {
    it('has the key order of chat-nonstream-plain-ollmost.json', async () => {
      const h = await emulator();
      const body = await json(await post(h, '/v1/chat/completions', chatBody({ model: VLM })));
      expect(keyTree(body)).toEqual(keyTree(JSON.parse(trace('chat-nonstream-plain-ollmost.json'))));
    });

    it('a tool call has the key order of chat-nonstream-tool-call-ollmost.json', async () => {
      const h = await emulator();
      const body = await json(
        await post(h, '/v1/chat/completions', chatBody({ model: VLM, tools: [WEATHER_TOOL] }, 'What is the weather in Paris?')),
      );
      const real = JSON.parse(trace('chat-nonstream-tool-call-ollmost.json'));
      expect(keyTree(body)).toEqual(keyTree(real));
      expect(specErrors('ChatCompletionResponse', body)).toBeUndefined();
      const call = body.choices[0].message.tool_calls[0];
      expect(call.id).toMatch(/^\d{9}$/);
      expect(call.function).toEqual(real.choices[0].message.tool_calls[0].function);
      expect(body.choices[0].message.content).toBe('');
      expect(body.choices[0].finish_reason).toBe('tool_calls');
    });
  });
});

describe('POST /v1/chat/completions, streamed', () => {
  it('frames compact data events, every chunk matching ChatCompletionChunk', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ stream: true, stream_options: { include_usage: true } }));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    for (const c of chunksOf(text)) {
      expect(specErrors('ChatCompletionChunk', c)).toBeUndefined();
      expect(Object.keys(c).slice(0, 5)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint']);
      expect('usage' in c).toBe(c.choices.length === 0);
      for (const choice of c.choices) expect('tool_calls' in choice.delta).toBe(false);
    }
    const content = chunksOf(text)
      .map((c) => c.choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe('You said: Hello there, how are you?');
  });

  it('has no usage chunk without stream_options.include_usage', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/chat/completions', chatBody({ stream: true }))).text();
    expect(chunksOf(text).every((c) => c.choices.length === 1 && !('usage' in c))).toBe(true);
    expect(streamSignature(text)).toEqual(['role,content', 'content', 'content(empty)', '|stop', 'DONE']);
  });

  describe.skipIf(!HAVE_TRACES)('against real traces', () => {
    it('plain text with usage reads like chat-stream-plain-include-usage-ollmost.sse', async () => {
      const real = trace('chat-stream-plain-include-usage-ollmost.sse');
      const h = await emulator();
      const text = await (
        await post(h, '/v1/chat/completions', chatBody({ model: VLM, stream: true, stream_options: { include_usage: true } }))
      ).text();
      expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
      expect(real).toMatch(/^(data: [^\n]+\n\n)+$/);
      expect(streamSignature(text)).toEqual(streamSignature(real));
      const mine = chunksOf(text);
      const theirs = chunksOf(real);
      expect(keyTree(mine[0])).toEqual(keyTree(theirs[0]));
      expect(keyTree(mine[1])).toEqual(keyTree(theirs[1]));
      expect(keyTree(mine.at(-2))).toEqual(keyTree(theirs.at(-2)));
      expect(keyTree(mine.at(-1))).toEqual(keyTree(theirs.at(-1)));
    });

    it('reasoning reads like chat-stream-reasoning-content-effort-low-ollmost.sse', async () => {
      const real = trace('chat-stream-reasoning-content-effort-low-ollmost.sse');
      const h = await emulator();
      const text = await (
        await post(
          h,
          '/v1/chat/completions',
          chatBody({ model: REASONING, stream: true, reasoning_effort: 'low', stream_options: { include_usage: true } }, 'What is 17 × 23?'),
        )
      ).text();
      expect(streamSignature(text)).toEqual(streamSignature(real));
      const mine = chunksOf(text);
      const theirs = chunksOf(real);
      expect(keyTree(mine[0])).toEqual(keyTree(theirs[0]));
      const firstContent = (chunks: any[]) => chunks.find((c) => c.choices[0]?.delta.content !== undefined).choices[0].delta.content;
      expect(firstContent(mine)).toBe('\n\n');
      expect(firstContent(theirs)).toBe('\n\n');
      const usage = mine.at(-1).usage;
      expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
      expect(usage.completion_tokens_details.reasoning_tokens).toBe(
        mine.filter((c) => c.choices[0]?.delta.reasoning_content !== undefined).length,
      );
    });

    it('an answer to a tool result reads like chat-stream-after-tool-result-ollmost.sse', async () => {
      const real = trace('chat-stream-after-tool-result-ollmost.sse');
      const h = await emulator();
      const text = await (
        await post(h, '/v1/chat/completions', {
          model: VLM,
          stream: true,
          stream_options: { include_usage: true },
          tools: [WEATHER_TOOL],
          messages: [
            { role: 'user', content: 'What is the weather in Paris?' },
            { role: 'assistant', content: null, tool_calls: [{ id: 'c00000000', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
            { role: 'tool', tool_call_id: 'c00000000', content: 'sunny, 21 C' },
          ],
        })
      ).text();
      expect(streamSignature(text)).toEqual(streamSignature(real));
      expect(
        chunksOf(text)
          .map((c) => c.choices[0]?.delta.content ?? '')
          .join(''),
      ).toBe('The tool returned: sunny, 21 C.');
    });
  });
});

describe('other endpoints', () => {
  it('embeddings match EmbeddingResponse', async () => {
    const h = await emulator();
    const text = await (await post(h, '/v1/embeddings', { model: EMBEDDING, input: ['a', 'b'] })).text();
    expect(isPretty2(text)).toBe(true);
    const body = JSON.parse(text);
    expect(specErrors('EmbeddingResponse', body)).toBeUndefined();
    expect(Object.keys(body)).toEqual(['object', 'data', 'model', 'usage']);
    expect(Object.keys(body.data[0])).toEqual(['object', 'embedding', 'index']);
  });

  it('completions match CompletionResponse', async () => {
    const h = await emulator();
    const body = await json(await post(h, '/v1/completions', { model: LOADED_LLM, prompt: 'Once upon a time' }));
    expect(specErrors('CompletionResponse', body)).toBeUndefined();
    expect(body.id).toMatch(/^cmpl-[a-z0-9]{21}$/);
  });

  it('load and unload match their schemas', async () => {
    const h = await emulator();
    const loaded = await json(await post(h, '/api/v1/models/load', { model: VLM, echo_load_config: true, num_experts: 4 }));
    expect(specErrors('LoadModelResponse', loaded)).toBeUndefined();
    if (HAVE_TRACES) expect(keyTree(loaded)).toEqual(keyTree(JSON.parse(trace('docs-example-api-v1-models-load.json'))));
    const unloaded = await json(await post(h, '/api/v1/models/unload', { instance_id: loaded.instance_id }));
    expect(specErrors('UnloadModelResponse', unloaded)).toBeUndefined();
    expect(unloaded).toEqual({ instance_id: VLM });
  });
});

describe('error bodies', () => {
  it('all match ErrorBody; object errors use 4 spaces, string errors are compact', async () => {
    const h = await emulator();
    const objectErr = await (await post(h, '/v1/chat/completions', chatBody({ reasoning_effort: 'off' }))).text();
    expect(JSON.stringify(JSON.parse(objectErr), null, 4)).toBe(objectErr);
    expect(specErrors('ErrorBody', JSON.parse(objectErr))).toBeUndefined();
    const stringErr = await (await post(h, '/v1/chat/completions', { model: LOADED_LLM })).text();
    expect(JSON.stringify(JSON.parse(stringErr))).toBe(stringErr);
    expect(specErrors('ErrorBody', JSON.parse(stringErr))).toBeUndefined();
  });

  describe.skipIf(!HAVE_TRACES)('byte-for-byte like the recordings', () => {
    it('invalid reasoning_effort', async () => {
      const h = await emulator();
      const res = await post(h, '/v1/chat/completions', chatBody({ model: REASONING, reasoning_effort: 'off', stream: true }));
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(trace('error-400-invalid-reasoning-effort-ollmost.json'));
    });

    it("missing 'messages'", async () => {
      const h = await emulator();
      const res = await post(h, '/v1/chat/completions', { model: LOADED_LLM });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(trace('error-400-messages-required-conformance.json'));
    });

    it('json_object response format', async () => {
      const h = await emulator();
      const res = await post(h, '/v1/chat/completions', chatBody({ response_format: { type: 'json_object' } }));
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(trace('error-400-response-format-json-object-conformance.json'));
    });

    it('unexpected endpoint (HTTP 200)', async () => {
      const h = await emulator();
      const res = await post(h, '/chat/completions', chatBody());
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(trace('error-200-unexpected-endpoint-issue618.body.json'));
    });

    it('no models loaded (same content as the reformatted finding)', async () => {
      const h = await emulator({ models: [] });
      const res = await post(h, '/v1/chat/completions', chatBody());
      expect(res.status).toBe(400);
      expect(JSON.parse(await res.text())).toEqual(JSON.parse(trace('error-400-no-models-loaded-ollmost-findings.json')));
    });

    it('context overflow, not streamed, has the recorded wording', async () => {
      const recorded = JSON.parse(trace('error-400-context-overflow-string-openclaude353.txt').replace(/^API Error: 400 /, '').replace(/\s*\n\s*/g, ' '));
      const pattern = new RegExp(
        '^' + recorded.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+') + '$',
      );
      const h = await emulator();
      const res = await post(h, '/v1/chat/completions', chatBody({ model: 'smollm2-135m-instruct' }, 'word '.repeat(600)));
      expect(res.status).toBe(400);
      const body = JSON.parse(await res.text());
      expect(body.error).toMatch(pattern);
    });

    it('unknown model with nothing loaded has the recorded object shape', async () => {
      const recorded = trace('error-400-model-not-found-object-gptr1556.txt');
      const h = await emulator({ models: defaultModels().map((m) => ({ ...m, loaded: false })) });
      const res = await post(h, '/v1/chat/completions', chatBody({ model: 'o4-mini' }));
      expect(res.status).toBe(400);
      const body = JSON.parse(await res.text());
      expect(Object.keys(body.error)).toEqual(['message', 'type', 'param', 'code']);
      expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
      expect(body.error.message).toMatch(/^Invalid model identifier "o4-mini"\. Please specify a valid downloaded model \(e\.g\., .+\)\.$/);
      expect(recorded).toContain(`'message': 'Invalid model identifier "o4-mini". Please specify a valid downloaded model (e.g., `);
    });
  });

  it('a streamed context overflow is an event: error matching StreamErrorEvent, without [DONE]', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ model: 'smollm2-135m-instruct', stream: true }, 'word '.repeat(600)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    const events = parseSse(text);
    expect(events).toHaveLength(1);
    expect(events[0]!.event).toBe('error');
    const data = JSON.parse(events[0]!.data);
    expect(specErrors('StreamErrorEvent', data)).toBeUndefined();
    expect(Object.keys(data)).toEqual(['error', 'message']);
    expect(data.error.message).toBe(data.message);
    expect(data.message).toMatch(/\(n_keep: \d+>= n_ctx: 512\)/);
    expect(text).not.toContain('[DONE]');
  });
});
