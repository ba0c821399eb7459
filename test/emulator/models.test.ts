// Model resolution, JIT loading, load/unload, listings, context overflow and embeddings.
import { describe, expect, it } from 'vitest';
import { defaultModels, type EmulatedModel } from '../../src/emulator/index.js';
import {
  EMBEDDING,
  LOADED_LLM,
  REASONING,
  SMALL_CONTEXT,
  VLM,
  chatBody,
  chunksOf,
  get,
  json,
  parseSse,
  post,
  useEmulators,
} from './helpers.js';

const emulator = useEmulators();

async function v0State(h: { url: string }, id: string): Promise<Record<string, unknown>> {
  const body = await json(await fetch(`${h.url}/api/v0/models`, { signal: AbortSignal.timeout(5000) }));
  return body.data.find((m: { id: string }) => m.id === id);
}

async function v1Instances(h: { url: string }, key: string): Promise<Array<{ id: string; config: { context_length: number } }>> {
  const body = await json(await fetch(`${h.url}/api/v1/models`, { signal: AbortSignal.timeout(5000) }));
  return body.models.find((m: { key: string }) => m.key === key).loaded_instances;
}

async function openAiIds(h: { url: string }): Promise<string[]> {
  const body = await json(await fetch(`${h.url}/v1/models`, { signal: AbortSignal.timeout(5000) }));
  return body.data.map((m: { id: string }) => m.id);
}

const allUnloaded = (): EmulatedModel[] => defaultModels().map((m) => ({ ...m, loaded: false }));

describe('default catalogue', () => {
  it('has an embedding model first, one loaded tool-using llm, a vision model, a reasoning model and a small-context model', () => {
    const models = defaultModels();
    expect(models[0]).toMatchObject({ id: EMBEDDING, type: 'embedding' });
    expect(models.filter((m) => m.loaded).map((m) => m.id)).toEqual([LOADED_LLM]);
    expect(models.find((m) => m.id === LOADED_LLM)).toMatchObject({ type: 'llm', toolUse: true });
    expect(models.find((m) => m.id === VLM)).toMatchObject({ vision: true, loaded: false });
    expect(models.find((m) => m.id === REASONING)).toMatchObject({ behaviour: 'reasoning' });
    expect(models.find((m) => m.id === SMALL_CONTEXT)?.loadedContextLength).toBe(512);
    // A fresh copy each call.
    models[0]!.id = 'changed';
    expect(defaultModels()[0]!.id).toBe(EMBEDDING);
  });
});

describe('model resolution', () => {
  it('an unknown model while one is loaded is answered by the loaded model (HTTP 200)', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ model: 'ollmost-no-such-model' }));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.model).toBe(LOADED_LLM);
    expect(body.system_fingerprint).toBe(LOADED_LLM);
  });

  it('an unknown model with nothing loaded is a 400 model_not_found object error', async () => {
    const h = await emulator({ models: allUnloaded() });
    const res = await post(h, '/v1/chat/completions', chatBody({ model: 'o4-mini' }));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      message: `Invalid model identifier "o4-mini". Please specify a valid downloaded model (e.g., ${LOADED_LLM}, ${VLM}, ${REASONING}).`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
  });

  it('an empty catalogue answers "No models loaded"', async () => {
    const h = await emulator({ models: [] });
    const res = await post(h, '/v1/chat/completions', chatBody());
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      message: "No models loaded. Please load a model in the developer page or use the 'lms load' command.",
      type: 'invalid_request_error',
      param: 'model',
      code: null,
    });
    expect(await openAiIds(h)).toEqual([]);
  });

  it('a known but unloaded model is loaded just in time, after jitLoadMs, then stays loaded', async () => {
    const h = await emulator({ jitLoadMs: 300 });
    expect(await v0State(h, VLM)).toMatchObject({ state: 'not-loaded' });
    let t0 = Date.now();
    const first = await post(h, '/v1/chat/completions', chatBody({ model: VLM }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect((await json(first)).model).toBe(VLM);
    expect(await v0State(h, VLM)).toMatchObject({ state: 'loaded', loaded_context_length: 131072 });
    t0 = Date.now();
    await (await post(h, '/v1/chat/completions', chatBody({ model: VLM }))).text();
    expect(Date.now() - t0).toBeLessThan(250);
  });

  it('concurrent requests for an unloaded model share one load', async () => {
    const h = await emulator({ jitLoadMs: 200 });
    const results = await Promise.all([1, 2, 3].map(() => post(h, '/v1/chat/completions', chatBody({ model: VLM })).then(json)));
    expect(results.map((r) => r.model)).toEqual([VLM, VLM, VLM]);
    expect(await v1Instances(h, VLM)).toHaveLength(1);
  });

  it('a JIT load evicts the previous JIT-loaded model but not models loaded by hand', async () => {
    const h = await emulator();
    await (await post(h, '/v1/chat/completions', chatBody({ model: VLM }))).text();
    expect(h.loadedInstances()).toEqual([LOADED_LLM, VLM]);
    await (await post(h, '/v1/chat/completions', chatBody({ model: REASONING }))).text();
    expect(h.loadedInstances()).toEqual([LOADED_LLM, REASONING]);
    expect(await v0State(h, VLM)).toMatchObject({ state: 'not-loaded' });
    // Embeddings load beside the chat model.
    await (await post(h, '/v1/embeddings', { model: EMBEDDING, input: 'x' })).text();
    expect(h.loadedInstances()).toEqual([LOADED_LLM, REASONING, EMBEDDING]);
  });

  it('an embedding model used for chat is a 400 string error', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ model: EMBEDDING }));
    expect(res.status).toBe(400);
    expect(typeof (await json(res)).error).toBe('string');
  });

  it('accepts variant ids (key@quant) and explicit instance ids (key:2)', async () => {
    const h = await emulator();
    expect((await json(await post(h, '/v1/chat/completions', chatBody({ model: 'google/gemma-4-e4b@4bit' })))).model).toBe(VLM);
    const loaded = await json(await post(h, '/api/v1/models/load', { model: LOADED_LLM }));
    expect(loaded.instance_id).toBe(`${LOADED_LLM}:2`);
    expect((await json(await post(h, '/v1/chat/completions', chatBody({ model: `${LOADED_LLM}:2` })))).model).toBe(`${LOADED_LLM}:2`);
  });

  it('with JIT off only loaded models are listed and unloaded ones act unknown', async () => {
    const h = await emulator({ jit: false });
    expect(await openAiIds(h)).toEqual([LOADED_LLM]);
    const body = await json(await post(h, '/v1/chat/completions', chatBody({ model: VLM })));
    expect(body.model).toBe(LOADED_LLM);
    const cold = await emulator({ jit: false, models: allUnloaded() });
    const res = await post(cold, '/v1/chat/completions', chatBody({ model: VLM }));
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(/^No models loaded\./);
  });
});

describe('load and unload', () => {
  it('change what every listing reports', async () => {
    const h = await emulator({ jitLoadMs: 50 });
    const loaded = await json(await post(h, '/api/v1/models/load', { model: VLM, context_length: 4096, echo_load_config: true }));
    expect(loaded).toMatchObject({ type: 'llm', instance_id: VLM, status: 'loaded', load_config: { context_length: 4096 } });
    expect(typeof loaded.load_time_seconds).toBe('number');
    expect(await v0State(h, VLM)).toMatchObject({ state: 'loaded', loaded_context_length: 4096 });
    expect(await v1Instances(h, VLM)).toEqual([
      { id: VLM, config: { context_length: 4096, parallel: 4, reasoning_budget_message: '' }, remaining_ttl_seconds: null },
    ]);

    const second = await json(await post(h, '/api/v1/models/load', { model: VLM }));
    expect(second.instance_id).toBe(`${VLM}:2`);
    expect('load_config' in second).toBe(false);
    expect(await openAiIds(h)).toContain(`${VLM}:2`);

    expect(await json(await post(h, '/api/v1/models/unload', { instance_id: VLM }))).toEqual({ instance_id: VLM });
    expect(await json(await post(h, '/api/v1/models/unload', { instance_id: `${VLM}:2` }))).toEqual({ instance_id: `${VLM}:2` });
    expect(await v0State(h, VLM)).toMatchObject({ state: 'not-loaded' });
    expect(await v0State(h, VLM)).not.toHaveProperty('loaded_context_length');
    expect(await v1Instances(h, VLM)).toEqual([]);
    expect(await openAiIds(h)).not.toContain(`${VLM}:2`);
  });

  it('unloading the only loaded model makes unknown models fail', async () => {
    const h = await emulator();
    await post(h, '/api/v1/models/unload', { instance_id: LOADED_LLM });
    const res = await post(h, '/v1/chat/completions', chatBody({ model: 'nope' }));
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('model_not_found');
  });

  it('unknown models and instances are 404 object errors', async () => {
    const h = await emulator();
    const load = await post(h, '/api/v1/models/load', { model: 'no/such' });
    expect(load.status).toBe(404);
    expect((await json(load)).error).toMatchObject({ code: 'model_not_found', param: 'model' });
    const unload = await post(h, '/api/v1/models/unload', { instance_id: 'no/such' });
    expect(unload.status).toBe(404);
    const text = await unload.text();
    expect(JSON.stringify(JSON.parse(text), null, 4)).toBe(text);
    expect(JSON.parse(text).error).toMatchObject({ code: 'model_not_found', type: 'invalid_request_error' });
    const v0 = await get(h, '/api/v0/models/no/such');
    expect(v0.status).toBe(404);
    expect((await json(v0)).error.code).toBe('model_not_found');
  });

  it('a load beyond the maximum context length is a 400', async () => {
    const h = await emulator();
    const res = await post(h, '/api/v1/models/load', { model: SMALL_CONTEXT, context_length: 100_000 });
    expect(res.status).toBe(400);
  });
});

describe('context overflow', () => {
  const longPrompt = 'word '.repeat(600); // 3000 chars → 750 tokens > 512

  it('non-streamed: 400 string error with n_keep and n_ctx', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ model: SMALL_CONTEXT }, longPrompt));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toBe(
      'The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 750>= n_ctx: 512). Try to load the model with a larger context length, or provide a shorter input.',
    );
  });

  it('streamed: HTTP 200, one event: error, no [DONE]', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/chat/completions', chatBody({ model: SMALL_CONTEXT, stream: true }, longPrompt));
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['error']);
    expect(JSON.parse(events[0]!.data).error.message).toContain('(n_keep: 750>= n_ctx: 512)');
  });

  it('a prompt that fits is answered; a larger loaded context fixes the overflow', async () => {
    const h = await emulator();
    expect((await post(h, '/v1/chat/completions', chatBody({ model: SMALL_CONTEXT }, 'short'))).status).toBe(200);
    await post(h, '/api/v1/models/unload', { instance_id: SMALL_CONTEXT });
    await post(h, '/api/v1/models/load', { model: SMALL_CONTEXT, context_length: 4096 });
    expect((await post(h, '/v1/chat/completions', chatBody({ model: SMALL_CONTEXT }, longPrompt))).status).toBe(200);
  });

  it('tools count towards the prompt', async () => {
    const h = await emulator();
    const tools = [{ type: 'function', function: { name: 'f', description: 'x'.repeat(2100), parameters: { type: 'object' } } }];
    const res = await post(h, '/v1/chat/completions', chatBody({ model: SMALL_CONTEXT, tools }, 'hi'));
    expect(res.status).toBe(400);
  });
});

describe('embeddings', () => {
  it('are deterministic unit vectors, one per input in order', async () => {
    const h = await emulator();
    const a = await json(await post(h, '/v1/embeddings', { model: EMBEDDING, input: ['alpha', 'beta'] }));
    const b = await json(await post(h, '/v1/embeddings', { model: EMBEDDING, input: 'beta' }));
    expect(a.data.map((d: { index: number }) => d.index)).toEqual([0, 1]);
    expect(a.data[1].embedding).toEqual(b.data[0].embedding);
    expect(a.data[0].embedding).not.toEqual(a.data[1].embedding);
    for (const d of a.data) {
      expect(d.embedding).toHaveLength(8);
      const norm = Math.sqrt(d.embedding.reduce((s: number, v: number) => s + v * v, 0));
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(a.model).toBe(EMBEDDING);
    expect(a.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 }); // ceil(5/4) + ceil(4/4)
  });

  it('a chat model used for embeddings is a 400 string error', async () => {
    const h = await emulator();
    const res = await post(h, '/v1/embeddings', { model: LOADED_LLM, input: 'x' });
    expect(res.status).toBe(400);
    expect(typeof (await json(res)).error).toBe('string');
  });

  it('an unknown model is served by a loaded embedding model, else model_not_found', async () => {
    const h = await emulator();
    const missing = await post(h, '/v1/embeddings', { model: 'text-embedding-nope', input: 'x' });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.code).toBe('model_not_found');
    await post(h, '/v1/embeddings', { model: EMBEDDING, input: 'x' });
    const served = await json(await post(h, '/v1/embeddings', { model: 'text-embedding-nope', input: 'x' }));
    expect(served.model).toBe(EMBEDDING);
  });
});

describe('completions', () => {
  it('answer raw prompts, streamed or not', async () => {
    const h = await emulator();
    const body = await json(await post(h, '/v1/completions', { model: LOADED_LLM, prompt: 'Once upon a time' }));
    expect(body.choices[0]).toEqual({ index: 0, text: 'You said: Once upon a time', logprobs: null, finish_reason: 'stop' });
    const text = await (await post(h, '/v1/completions', { model: LOADED_LLM, prompt: 'Once', stream: true })).text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(
      chunksOf(text)
        .map((c) => c.choices[0].text)
        .join(''),
    ).toBe('You said: Once');
  });
});
