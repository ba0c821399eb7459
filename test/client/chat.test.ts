import { describe, expect, it, vi } from 'vitest';
import { createLmStudioClient, type ChatRequest, type ChatResult } from '../../src/index.js';
import { expectReadable, lmStudioError } from '../support/assertions.js';
import {
  chatInlineThink,
  chatOldShape,
  chatPlain,
  chatReasoningContent,
  chatReasoningField,
  chatReasoningFieldWithEmptyReasoningContent,
  chatResponse,
  chatServedByOtherModel,
  chatToolCall,
  chatToolCallNoContent,
  toolCall,
} from '../support/fixtures.js';
import { sendJson, useServers } from '../support/loopback-server.js';
import { listTraces, readTrace, readTraceJson, skipWithoutTraces } from '../support/traces.js';

// Loopback servers answer in milliseconds: a test that takes seconds is a hang.
vi.setConfig({ testTimeout: 5_000, hookTimeout: 5_000 });

const serve = useServers();
const messages = [{ role: 'user' as const, content: 'hi' }];
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const time = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

/** Serves `body` (an object, or a recorded text byte for byte) to every chat request; returns the result. */
async function chatWith(body: unknown, request: Partial<ChatRequest> = {}): Promise<{ result: ChatResult; wire: Record<string, unknown> }> {
  const server = await serve((_req, res) => sendJson(res, 200, body));
  const result = await createLmStudioClient({ baseUrl: server.url }).chat({ model: 'mistralai/ministral-8b', messages, ...request });
  expect(server.requests).toHaveLength(1);
  return { result, wire: JSON.parse(server.requests[0]?.body ?? '{}') as Record<string, unknown> };
}

describe('request hygiene', () => {
  it('response_format json_object fails before sending, naming json_schema', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, chatPlain));
    const bad = { model: 'm', messages, response_format: { type: 'json_object' } } as unknown as ChatRequest;
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat(bad));
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('json_schema');
    expectReadable(error);
    expect(server.requests).toHaveLength(0);
  });

  it('an object tool_choice naming the only tool goes on the wire as "required"', async () => {
    const { wire } = await chatWith(chatToolCall, { tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(wire.tool_choice).toBe('required');
    expect(wire.tools).toEqual([weather]);
  });

  it('an object tool_choice naming one of several tools fails before sending', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, chatPlain));
    const error = await lmStudioError(
      createLmStudioClient({ baseUrl: server.url }).chat({
        model: 'm',
        messages,
        tools: [weather, time],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
      }),
    );
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('get_time');
    expectReadable(error);
    expect(server.requests).toHaveLength(0);
  });

  it('string tool_choice values and the rest of the request go through unchanged, without stream fields', async () => {
    const { wire } = await chatWith(chatPlain, { tools: [weather], tool_choice: 'auto', temperature: 0.3, max_tokens: -1 });
    expect(wire).toEqual({ model: 'mistralai/ministral-8b', messages, tools: [weather], tool_choice: 'auto', temperature: 0.3, max_tokens: -1 });
  });
});

describe('chat() results', () => {
  it('plain answer, usage mapped', async () => {
    const { result } = await chatWith(chatPlain);
    expect(result).toMatchObject({
      id: chatPlain.id,
      model: 'mistralai/ministral-8b',
      requestedModel: 'mistralai/ministral-8b',
      modelMismatch: false,
      content: 'Hi! What can I do for you?',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 5, totalTokens: 17, reasoningTokens: 0 },
    });
  });

  it('reasoning from reasoning_content; the "\\n\\n" opening the answer is trimmed; reasoningTokens mapped', async () => {
    const { result } = await chatWith(chatReasoningContent, { model: 'qwen/qwen3-8b' });
    expect(result.reasoning).toBe('Twelve twelves: 120 + 24 = 144.');
    expect(result.content).toBe('12 × 12 = 144.');
    expect(result.usage).toEqual({ promptTokens: 30, completionTokens: 40, totalTokens: 70, reasoningTokens: 28 });
  });

  it('reasoning from `reasoning` (gpt-oss)', async () => {
    const { result } = await chatWith(chatReasoningField, { model: 'openai/gpt-oss-20b' });
    expect(result.reasoning).toBe('The capital of France is Paris.');
    expect(result.content).toBe('Paris.');
  });

  it('reasoning from `reasoning` (gpt-oss) when reasoning_content is the always-present ""', async () => {
    const { result } = await chatWith(chatReasoningFieldWithEmptyReasoningContent, { model: 'openai/gpt-oss-20b' });
    expect(result.reasoning).toBe('The capital of France is Paris.');
    expect(result.content).toBe('Paris.');
  });

  it('reasoning from inline <think>…</think>; content holds no think tags and no leading "\\n\\n"', async () => {
    const { result } = await chatWith(chatInlineThink, { model: 'deepseek-r1-distill-llama-8b' });
    expect(result.reasoning.trim()).toBe('The user greets me. Be brief.');
    expect(result.content).toBe('Hello there!');
    expect(result.content).not.toMatch(/<\/?think>/);
    expect(result.reasoning).not.toMatch(/<\/?think>/);
  });

  it('a native tool call: parsed input, id kept, finish reason tool_calls', async () => {
    const { result } = await chatWith(chatToolCall, { tools: [weather] });
    expect(result.finishReason).toBe('tool_calls');
    expect(result.content).toBe('');
    expect(result.reasoning).toBe('Need the weather tool.');
    expect(result.toolCalls).toEqual([{ id: '482913765', name: 'get_weather', arguments: '{"city":"Lyon"}', input: { city: 'Lyon' } }]);
  });

  it('a tool call message without a content key (older docs shape)', async () => {
    const { result } = await chatWith(chatToolCallNoContent, { model: 'qwen2.5-7b-instruct' });
    expect(result.content).toBe('');
    expect(result.toolCalls).toEqual([{ id: '918273645', name: 'lookup', arguments: '{"q":"x"}', input: { q: 'x' } }]);
  });

  it.each([
    ['truncated JSON', '{"city": "Ly'],
    ['JSON that is not an object', '["Lyon"]'],
    ['not JSON at all', 'city=Lyon'],
  ])('unparseable arguments (%s) keep the raw text and an error; the call still succeeds', async (_name, args) => {
    const body = chatResponse({ content: '', tool_calls: [toolCall('100000001', 'get_weather', args), toolCall('100000002', 'get_weather', '{"city":"Nice"}')] }, { finish: 'tool_calls' });
    const { result } = await chatWith(body, { tools: [weather] });
    expect(result.toolCalls).toHaveLength(2);
    const [broken, fine] = result.toolCalls;
    expect(broken).toMatchObject({ id: '100000001', name: 'get_weather', arguments: args, input: undefined });
    expect(typeof broken?.error).toBe('string');
    expect(broken?.error?.length).toBeGreaterThan(0);
    expect(fine).toEqual({ id: '100000002', name: 'get_weather', arguments: '{"city":"Nice"}', input: { city: 'Nice' } });
  });

  it('empty arguments become input {}', async () => {
    const body = chatResponse({ content: '', tool_calls: [toolCall('100000003', 'get_time', '')] }, { finish: 'tool_calls' });
    const { result } = await chatWith(body, { tools: [time] });
    expect(result.toolCalls).toEqual([{ id: '100000003', name: 'get_time', arguments: '', input: {} }]);
  });

  it('modelMismatch when another loaded model answered', async () => {
    const { result } = await chatWith(chatServedByOtherModel, { model: 'no-such-model' });
    expect(result.modelMismatch).toBe(true);
    expect(result.model).toBe('qwen/qwen3-8b');
    expect(result.requestedModel).toBe('no-such-model');
    expect(result.content).toBe('Hello!');
  });

  it('no mismatch for a @quant variant or an instance suffix of the same model', async () => {
    expect((await chatWith(chatPlain, { model: 'mistralai/ministral-8b@q6_k' })).result.modelMismatch).toBe(false);
    expect((await chatWith(chatResponse({ content: 'x' }, { model: 'mistralai/ministral-8b:2' }))).result.modelMismatch).toBe(false);
  });

  it('usage without completion_tokens_details has no reasoningTokens', async () => {
    const { result } = await chatWith(chatOldShape, { model: 'mistral-7b-instruct-v0.3' });
    expect(result.usage).toEqual({ promptTokens: 20, completionTokens: 4, totalTokens: 24 });
    expect(result.finishReason).toBe('length');
  });
});

describe('embed()', () => {
  it('returns the vectors in input (index) order', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, {
        object: 'list',
        data: [
          { object: 'embedding', embedding: [0.3, 0.4], index: 2 },
          { object: 'embedding', embedding: [0.1, 0.2], index: 0 },
          { object: 'embedding', embedding: [0.5, 0.6], index: 1 },
        ],
        model: 'text-embedding-nomic-embed-text-v2',
        usage: { prompt_tokens: 6, total_tokens: 6 },
      }),
    );
    const { vectors, model, usage } = await createLmStudioClient({ baseUrl: server.url }).embed({ model: 'text-embedding-nomic-embed-text-v2', input: ['a', 'b', 'c'] });
    expect(model).toBe('text-embedding-nomic-embed-text-v2');
    expect(usage).toEqual({ promptTokens: 6, totalTokens: 6 });
    expect(vectors).toEqual([
      [0.1, 0.2],
      [0.5, 0.6],
      [0.3, 0.4],
    ]);
    expect(server.requests[0]?.url).toBe('/v1/embeddings');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ model: 'text-embedding-nomic-embed-text-v2', input: ['a', 'b', 'c'] });
  });
});

describe('timeouts and aborts', () => {
  it('timeouts.totalMs against a server that never answers → timeout, phase total, on time', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url, timeouts: { totalMs: 200 } }).chat({ model: 'm', messages }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('timeout');
    expect(error.phase).toBe('total');
    expect(error.hostCode).toBe('AI_TIMEOUT');
    expectReadable(error);
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('a per-call totalMs overrides the client one', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages }, { timeouts: { totalMs: 150 } }));
    expect(error).toMatchObject({ code: 'timeout', phase: 'total' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('an already aborted signal → aborted', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, chatPlain));
    const controller = new AbortController();
    controller.abort();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages }, { signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expectReadable(error);
  });

  it('aborting while the server is silent → aborted, promptly', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await lmStudioError(createLmStudioClient({ baseUrl: server.url }).chat({ model: 'm', messages }, { signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

// ---- the recorded non-streamed answers -------------------------------------------------------------------------

interface RecordedResponse {
  model: string;
  choices: { message: { content?: string | null; reasoning_content?: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[] } }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; completion_tokens_details?: { reasoning_tokens?: number } };
}

const noTraces = skipWithoutTraces('client: recorded chat answers');
const recordedAnswers = listTraces().filter((f) => /^chat-nonstream-.*\.json$/.test(f) && !/\.(request|meta)\.json$/.test(f));

describe.skipIf(noTraces)('chat() over the recorded answers', () => {
  it('the unknown-model recording, requested as ollmost-no-such-model, is a modelMismatch', async () => {
    const meta = readTraceJson<{ request: { model: string } }>('chat-nonstream-unknown-model-served-by-loaded-ollmost.meta.json');
    expect(meta.request.model).toBe('ollmost-no-such-model');
    const { result } = await chatWith(readTrace('chat-nonstream-unknown-model-served-by-loaded-ollmost.json'), { model: meta.request.model });
    expect(result.modelMismatch).toBe(true);
    expect(result.model).toBe('qwen/qwen3.8-27b');
    expect(result.requestedModel).toBe('ollmost-no-such-model');
    expect(result.content).toBe('Hey! How can I help you today?');
    expect(result.reasoning).toContain('User said "hi"');
    expect(result.usage).toEqual({ promptTokens: 53, completionTokens: 26, totalTokens: 79, reasoningTokens: 14 });
  });

  it('the recorded tool call', async () => {
    const { result } = await chatWith(readTrace('chat-nonstream-tool-call-ollmost.json'), { model: 'google/gemma-4-e4b', tools: [weather] });
    expect(result.toolCalls).toEqual([{ id: '146102770', name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' } }]);
    expect(result.finishReason).toBe('tool_calls');
  });

  it('the docs tool-call example (no content key)', async () => {
    const { result } = await chatWith(readTrace('docs-example-v1-chat-tool-call-nonstream.json'), { model: 'lmstudio-community/qwen2.5-7b-instruct' });
    expect(result.content).toBe('');
    expect(result.toolCalls[0]?.input).toEqual({ query: 'dell', category: 'electronics', max_price: 50 });
  });

  it.each(recordedAnswers)('%s', async (file) => {
    const recorded = readTraceJson<RecordedResponse>(file);
    const message = recorded.choices[0]?.message;
    const { result } = await chatWith(readTrace(file), { model: recorded.model });
    const reasoning = message?.reasoning_content ?? '';
    expect(result.reasoning).toBe(reasoning);
    const content = message?.content ?? '';
    expect(result.content).toBe(reasoning ? content.trimStart() : content);
    expect(result.content).not.toMatch(/<\/?think>/);
    expect(result.toolCalls.map((c) => c.id)).toEqual((message?.tool_calls ?? []).map((c) => c.id));
    expect(result.modelMismatch).toBe(false);
    const usage = recorded.usage;
    if (usage) {
      expect(result.usage).toMatchObject({ promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens });
      expect(result.usage?.reasoningTokens).toBe(usage.completion_tokens_details?.reasoning_tokens);
    }
  });
});
