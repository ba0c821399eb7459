// Client-side recovery of tool calls written as text, against the emulator's text-tool-call models: every
// supported format, `chat()` and `streamChat()`, and when nothing must be recovered.
import { describe, expect, it } from 'vitest';
import {
  TEXT_FUNCTION_CALL_MODEL,
  TEXT_FUNCTION_CALL_UNDERSCORE_MODEL,
  TEXT_TOOLS_MODEL,
  TEXT_TOOL_CALL_MODEL,
  TEXT_TOOL_REQUEST_MODEL,
} from '../../src/emulator/index.js';
import type { ChatEvent, ChatRequest, ChatResult, LmStudioClient, RunnableTool } from '../../src/index.js';
import { NORMAL_MODEL, TEST_TIMEOUT_MS, addTool, clientFor, multiplyTool, timeTool, useEmulators, weatherTool, wireTools } from './helpers.js';

const emulator = useEmulators();

/** Each text model with the exact text it writes for one `get_weather` call. */
const FORMATS = [
  [TEXT_TOOL_CALL_MODEL, '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>'],
  [TEXT_TOOL_REQUEST_MODEL, '[TOOL_REQUEST]{"name": "get_weather", "arguments": {"city": "Paris"}}[END_TOOL_REQUEST]'],
  [TEXT_TOOLS_MODEL, '<tools>\n    {"name": "get_weather", "arguments": {"city": "Paris"}}\n</tools>'],
  [TEXT_FUNCTION_CALL_MODEL, '<function-call>{"name": "get_weather", "arguments": {"city": "Paris"}}</function-call>'],
  [TEXT_FUNCTION_CALL_UNDERSCORE_MODEL, '<function_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</function_call>'],
] as const;
const MODELS = FORMATS.map(([model]) => model);

const weatherRequest = (model: string, tools: RunnableTool[] | null = [weatherTool(), timeTool()]): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  ...(tools ? { tools: wireTools(...tools) } : {}),
});

async function streamed(client: LmStudioClient, request: ChatRequest, options: { recoverToolCalls?: boolean } = {}): Promise<{ events: ChatEvent[]; result: ChatResult }> {
  const stream = client.streamChat(request, options);
  const events: ChatEvent[] = [];
  for await (const e of stream) events.push(e);
  return { events, result: await stream.result() };
}

const textOf = (events: ChatEvent[]) =>
  events
    .filter((e): e is Extract<ChatEvent, { type: 'text' }> => e.type === 'text')
    .map((e) => e.delta)
    .join('');
const withoutIds = (result: ChatResult) => result.toolCalls.map(({ id: _id, ...rest }) => rest);

describe('tool calls written as text, recovered', { timeout: TEST_TIMEOUT_MS }, () => {
  it.each(FORMATS)('%s: chat() and streamChat() recover the call, mark it, and take its text out of content', async (model) => {
    const h = await emulator();
    const client = clientFor(h);
    const expected = { name: 'get_weather', arguments: '{"city":"Paris"}', input: { city: 'Paris' }, recovered: true };

    const whole = await client.chat(weatherRequest(model));
    expect(whole.toolCalls).toEqual([{ id: expect.stringMatching(/\S/), ...expected }]);
    expect(whole.content).toBe('');
    expect(whole.finishReason).toBe('tool_calls');

    const { events, result } = await streamed(client, weatherRequest(model));
    expect(result.toolCalls).toEqual([{ id: expect.stringMatching(/\S/), ...expected }]);
    expect(result.content).toBe('');
    expect(result.finishReason).toBe('tool_calls');
    expect(events.some((e) => e.type === 'text')).toBe(false);
    expect(events.filter((e) => e.type === 'tool-call-start')).toEqual([expect.objectContaining({ name: 'get_weather' })]);
    expect(events.find((e) => e.type === 'tool-call-end')).toMatchObject({ toolCall: expected });
    expect(events.filter((e) => e.type === 'finish')).toEqual([{ type: 'finish', finishReason: 'tool_calls' }]);
    expect(withoutIds(result)).toEqual(withoutIds(whole));
  });

  it.each(MODELS)('%s: two calls in one answer are both recovered, in order', async (model) => {
    const h = await emulator();
    const client = clientFor(h);
    const request: ChatRequest = {
      model,
      messages: [{ role: 'user', content: 'Add 2 and 3, and multiply 4 by 5' }],
      tools: wireTools(addTool(), multiplyTool()),
    };
    const calls = [
      { name: 'add', input: { a: 2, b: 3 }, recovered: true },
      { name: 'multiply', input: { x: 4, y: 5 }, recovered: true },
    ];
    const whole = await client.chat(request);
    const { events, result } = await streamed(client, request);
    for (const r of [whole, result]) {
      expect(r.toolCalls).toEqual(calls.map((c) => expect.objectContaining(c)));
      expect(new Set(r.toolCalls.map((c) => c.id)).size).toBe(2);
      expect(r.finishReason).toBe('tool_calls');
      // No marker or JSON is left behind (and the newline between blocks: see below).
      expect(r.content.trim()).toBe('');
    }
    expect(textOf(events).trim()).toBe('');
  });

  // Regression: the newline between two call blocks once survived as the answer.
  it('two <tool_call> blocks separated by a newline leave content empty', async () => {
    const h = await emulator();
    const request: ChatRequest = {
      model: TEXT_TOOL_CALL_MODEL,
      messages: [{ role: 'user', content: 'Add 2 and 3, and multiply 4 by 5' }],
      tools: wireTools(addTool(), multiplyTool()),
    };
    const whole = await clientFor(h).chat(request);
    expect(whole.toolCalls).toHaveLength(2);
    expect(whole.content).toBe('');
  });

  it('native tool calls are not marked recovered', async () => {
    const h = await emulator();
    const result = await clientFor(h).chat(weatherRequest(NORMAL_MODEL));
    expect(result.toolCalls).toEqual([expect.objectContaining({ name: 'get_weather', input: { city: 'Paris' } })]);
    expect(result.toolCalls[0]?.recovered).toBeUndefined();
  });
});

describe('nothing recovered', { timeout: TEST_TIMEOUT_MS }, () => {
  it.each(FORMATS)('%s with recoverToolCalls: false: the marker text stays in content', async (model, text) => {
    const h = await emulator();
    const client = clientFor(h);
    const whole = await client.chat(weatherRequest(model), { recoverToolCalls: false });
    expect(whole).toMatchObject({ content: text, toolCalls: [], finishReason: 'stop' });
    const { events, result } = await streamed(client, weatherRequest(model), { recoverToolCalls: false });
    expect(result).toMatchObject({ content: text, toolCalls: [], finishReason: 'stop' });
    expect(textOf(events)).toBe(text);
    expect(events.some((e) => e.type === 'tool-call-start')).toBe(false);
  });

  it('recoverToolCalls: false as a client default works the same', async () => {
    const h = await emulator();
    const client = clientFor(h, { recoverToolCalls: false });
    expect(await client.chat(weatherRequest(TEXT_TOOL_REQUEST_MODEL))).toMatchObject({ content: FORMATS[1][1], toolCalls: [] });
    // A call option overrides it.
    expect((await client.chat(weatherRequest(TEXT_TOOL_REQUEST_MODEL), { recoverToolCalls: true })).toolCalls).toHaveLength(1);
  });

  it.each(MODELS)('%s without tools answers normally (no call text to recover)', async (model) => {
    const h = await emulator();
    const client = clientFor(h);
    const whole = await client.chat(weatherRequest(model, null));
    expect(whole).toMatchObject({ content: 'You said: What is the weather in Paris?', toolCalls: [], finishReason: 'stop' });
    const { result } = await streamed(client, weatherRequest(model, null));
    expect(result).toMatchObject({ content: 'You said: What is the weather in Paris?', toolCalls: [], finishReason: 'stop' });
  });
});
