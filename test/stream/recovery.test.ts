import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLmStudioClient, type ChatEvent, type ChatRequest, type LmStudioClientOptions } from '../../src/index.js';
import { sse, textStream } from './sse-fixtures.js';
import { chunkedFetch } from './stream-harness.js';

const enc = new TextEncoder();
const tools: ChatRequest['tools'] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { timezone: { type: 'string' } } } } },
];
const ask = (withTools = true): ChatRequest => ({
  model: 'qwen/qwen3-4b',
  messages: [{ role: 'user', content: 'weather?' }],
  ...(withTools ? { tools } : {}),
});

async function streamed(pieces: string[], withTools = true, extra: LmStudioClientOptions = {}) {
  const client = createLmStudioClient({ fetch: chunkedFetch(enc.encode(sse(textStream(pieces))), []), ...extra });
  const stream = client.streamChat(ask(withTools));
  const events: ChatEvent[] = [];
  for await (const e of stream) events.push(e);
  return { events, result: await stream.result() };
}

function whole(content: string, withTools = true) {
  const body = JSON.stringify({
    id: 'chatcmpl-x',
    object: 'chat.completion',
    created: 1,
    model: 'qwen/qwen3-4b',
    choices: [{ index: 0, message: { role: 'assistant', content, reasoning_content: '', tool_calls: [] }, logprobs: null, finish_reason: 'stop' }],
  });
  return createLmStudioClient({ fetch: chunkedFetch(enc.encode(body), [], 'application/json') }).chat(ask(withTools));
}

const formats = [
  ['<tool_call>', '{"name": "get_weather", "arguments": {"city": "Paris"}}', '</tool_call>'],
  ['[TOOL_REQUEST]', '{"name": "get_weather", "arguments": {"city": "Paris"}}', '[END_TOOL_REQUEST]'],
  ['<tools>', '\n    {"name": "get_weather", "arguments": {"city": "Paris"}}\n', '</tools>'],
  ['<function-call>', '{"name": "get_weather", "parameters": {"city": "Paris"}}', '</function-call>'],
] as const;

describe('tool calls recovered from text', () => {
  it.each(formats)('%s … streamed and not', async (open, inner, close) => {
    const content = `${open}${inner}${close}`;
    const expected = { name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' }, recovered: true };
    const fromStream = await streamed([content]);
    expect(fromStream.result.toolCalls).toEqual([expect.objectContaining(expected)]);
    expect(fromStream.result.content).toBe('');
    expect(fromStream.result.finishReason).toBe('tool_calls');
    expect(fromStream.events.some((e) => e.type === 'text')).toBe(false);
    const fromChat = await whole(content);
    expect(fromChat.toolCalls).toEqual([expect.objectContaining(expected)]);
    expect(fromChat.content).toBe('');
    expect(fromChat.toolCalls[0]?.id).toMatch(/\S/);
  });

  it('recovers calls with the markers split at every position (property)', async () => {
    const content = 'Let me check. <tool_call>{"name":"get_time","arguments":{"timezone":"Asia/Tokyo"}}</tool_call>';
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: content.length - 1 }), { maxLength: 10 }), async (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), content.length];
        const { result, events } = await streamed(points.slice(1).map((end, i) => content.slice(points[i], end)));
        expect(result.content).toBe('Let me check. ');
        expect(result.toolCalls).toEqual([expect.objectContaining({ name: 'get_time', input: { timezone: 'Asia/Tokyo' }, recovered: true })]);
        const text = events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('');
        expect(text).toBe('Let me check. ');
      }),
      { numRuns: 150 },
    );
  });

  it('releases text that only looks like a marker, unchanged', async () => {
    const looks = ['Use <tool', '_calls> wisely, [TOOL', ' requests] too, and <tools>nothing here</tools>.'];
    const { result } = await streamed(looks);
    expect(result.content).toBe(looks.join(''));
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toBe('stop');
  });

  it('releases prose after a marker-like word at once, not at the end of the answer', async () => {
    const pieces = ['Use the <tools> tag like this: ', ...Array.from({ length: 50 }, (_, i) => `word${i} `)];
    const { events, result } = await streamed(pieces);
    expect(result.content).toBe(pieces.join(''));
    const finish = events.findIndex((e) => e.type === 'finish');
    const texts = events.slice(0, finish).filter((e) => e.type === 'text');
    expect(texts.length).toBeGreaterThan(40);
  });

  it('recovers a call whose long arguments arrive in thousands of pieces', async () => {
    const body = 'x'.repeat(20_000);
    const args = JSON.stringify({ city: body });
    const pieces = ['<tool_call>{"name":"get_weather","arguments":', ...args.match(/.{1,3}/gs)!, '}</tool_call>'];
    const { result } = await streamed(pieces);
    expect(result.content).toBe('');
    expect(result.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather', input: { city: body }, recovered: true })]);
  });

  it('releases a block naming a tool that was not offered', async () => {
    const content = '<tool_call>{"name": "rm_rf", "arguments": {}}</tool_call>';
    expect((await streamed([content])).result).toMatchObject({ content, toolCalls: [] });
  });

  it('recovers an unclosed block at the end of the answer, and releases an unclosed non-call', async () => {
    expect((await streamed(['<tool_call>{"name":"get_time","arguments":{}}'])).result.toolCalls).toHaveLength(1);
    expect((await streamed(['<tool_call>so I was thinking'])).result.content).toBe('<tool_call>so I was thinking');
  });

  it('recovers nothing when no tools were offered, or when turned off', async () => {
    const content = '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>';
    expect((await streamed([content], false)).result).toMatchObject({ content, toolCalls: [] });
    expect((await whole(content, false)).content).toBe(content);
    expect((await streamed([content], true, { recoverToolCalls: false })).result).toMatchObject({ content, toolCalls: [] });
  });

  const trace = fileURLToPath(new URL('../../../shared/lmstudio-traces/chat-nonstream-toolcall-text-in-content-arcrouter.json', import.meta.url));
  if (!existsSync(trace)) console.warn(`[skip] recorded <tools> answer: ${trace} is absent; the format tests above cover it.`);
  it.skipIf(!existsSync(trace))('recovers both calls of the recorded <tools> answer (qwen2.5-coder via LM Studio)', async () => {
    const client = createLmStudioClient({ fetch: chunkedFetch(new Uint8Array(readFileSync(trace)), [], 'application/json') });
    const result = await client.chat(ask());
    expect(result.toolCalls.map((c) => [c.name, c.input, c.recovered])).toEqual([
      ['get_time', { timezone: 'Asia/Tokyo' }, true],
      ['get_weather', { city: 'Paris', units: 'metric' }, true],
    ]);
    expect(result.content).toBe('');
    expect(result.finishReason).toBe('tool_calls');
  });
});
