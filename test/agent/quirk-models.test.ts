// The emulator's misbehaving tool-calling models, on the wire: listed by id, what each turn looks like, and that
// the transcripts they cause are accepted back.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BAD_ARGS_MODEL,
  BAD_JSON_MODEL,
  QUIRK_MODELS,
  REPEATS_MODEL,
  REPEATS_TWICE_MODEL,
  TEXT_FUNCTION_CALL_MODEL,
  TEXT_FUNCTION_CALL_UNDERSCORE_MODEL,
  TEXT_TOOLS_MODEL,
  TEXT_TOOL_CALL_MODEL,
  TEXT_TOOL_REQUEST_MODEL,
  TOOL_LOOP_MODEL,
  breakArguments,
  defaultModels,
  truncateJson,
  type EmulatorHandle,
} from '../../src/emulator/index.js';
import { planTurn, type PlanModel } from '../../src/emulator/scripted-model.js';
import { NORMAL_MODEL, TEST_TIMEOUT_MS, addTool, multiplyTool, useEmulators, weatherTool, wireTools } from './helpers.js';

const emulator = useEmulators();

async function post(h: EmulatorHandle, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, text: await res.text() };
}

/** The JSON data of every SSE event (without `[DONE]`). */
function chunks(text: string): any[] {
  return text
    .split('\n\n')
    .filter((b) => b.startsWith('data: ') && b !== 'data: [DONE]')
    .map((b) => JSON.parse(b.slice(6)));
}

const WEATHER = wireTools(weatherTool());
const MATH = wireTools(addTool(), multiplyTool());
const ask = (model: string, content: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});

const TEXT_MODELS = [
  [TEXT_TOOL_CALL_MODEL, '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>'],
  [TEXT_TOOL_REQUEST_MODEL, '[TOOL_REQUEST]{"name": "get_weather", "arguments": {"city": "Paris"}}[END_TOOL_REQUEST]'],
  [TEXT_TOOLS_MODEL, '<tools>\n    {"name": "get_weather", "arguments": {"city": "Paris"}}\n</tools>'],
  [TEXT_FUNCTION_CALL_MODEL, '<function-call>{"name": "get_weather", "arguments": {"city": "Paris"}}</function-call>'],
  [TEXT_FUNCTION_CALL_UNDERSCORE_MODEL, '<function_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</function_call>'],
] as const;

describe('quirky models in the catalogue', { timeout: TEST_TIMEOUT_MS }, () => {
  it('are listed after the existing models, which keep their order and properties', async () => {
    const ids = QUIRK_MODELS.map((m) => m.id);
    expect(ids).toEqual([
      BAD_ARGS_MODEL,
      BAD_JSON_MODEL,
      REPEATS_MODEL,
      REPEATS_TWICE_MODEL,
      TOOL_LOOP_MODEL,
      TEXT_TOOL_CALL_MODEL,
      TEXT_TOOL_REQUEST_MODEL,
      TEXT_TOOLS_MODEL,
      TEXT_FUNCTION_CALL_MODEL,
      TEXT_FUNCTION_CALL_UNDERSCORE_MODEL,
    ]);
    const h = await emulator();
    const listed = ((await (await fetch(`${h.url}/v1/models`, { signal: AbortSignal.timeout(5000) })).json()) as { data: { id: string }[] }).data.map(
      (m) => m.id,
    );
    expect(listed).toEqual([
      'text-embedding-nomic-embed-text-v1.5',
      'qwen/qwen3-4b-2507',
      'google/gemma-4-e4b',
      'qwen/qwen3.8-27b',
      'smollm2-135m-instruct',
      ...ids,
    ]);
    const models = defaultModels();
    expect(models.filter((m) => m.loaded).map((m) => m.id)).toEqual([NORMAL_MODEL]);
    for (const m of models.slice(5)) expect(m).toMatchObject({ type: 'llm', loaded: false, toolUse: true, toolQuirk: expect.any(String) });
    for (const m of models.slice(0, 5)) expect(m.toolQuirk).toBeUndefined();
  });

  it('answer normally when no tools are offered, or with tool_choice "none"', async () => {
    const h = await emulator();
    for (const { id } of QUIRK_MODELS) {
      for (const extra of [{}, { tools: WEATHER, tool_choice: 'none' }]) {
        const { status, text } = await post(h, ask(id, 'What is the weather in Paris?', extra));
        expect(status, id).toBe(200);
        const message = JSON.parse(text).choices[0].message;
        expect(message, id).toMatchObject({ content: 'You said: What is the weather in Paris?', tool_calls: [] });
      }
    }
  });
});

describe('tool calls as text', { timeout: TEST_TIMEOUT_MS }, () => {
  it.each(TEXT_MODELS)('%s: non-streamed, the call is text in content, tool_calls [] and finish_reason stop', async (model, expected) => {
    const h = await emulator();
    const { status, text } = await post(h, ask(model, 'What is the weather in Paris?', { tools: WEATHER }));
    expect(status).toBe(200);
    const choice = JSON.parse(text).choices[0];
    expect(choice.message).toEqual({ role: 'assistant', content: expected, reasoning_content: '', tool_calls: [] });
    expect(choice.finish_reason).toBe('stop');
  });

  it.each(TEXT_MODELS)('%s: streamed token by token, markers split across events, no tool_calls fragments', async (model, expected) => {
    const h = await emulator();
    const { text } = await post(h, ask(model, 'What is the weather in Paris?', { tools: WEATHER, stream: true }));
    const events = chunks(text);
    const deltas = events.map((e) => e.choices[0]?.delta).filter(Boolean);
    expect(deltas.some((d) => 'tool_calls' in d)).toBe(false);
    const pieces = deltas.map((d) => d.content).filter((c): c is string => typeof c === 'string' && c !== '');
    expect(pieces.join('')).toBe(expected);
    expect(pieces.length).toBeGreaterThan(10);
    // No event holds a whole opening or closing marker.
    const open = expected.slice(0, expected.search(/[{\n]/));
    const close = expected.slice(expected.lastIndexOf('}') + 1).trim();
    expect(open.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.includes(open)).toBe(false);
      expect(piece.includes(close)).toBe(false);
    }
    expect(events.map((e) => e.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('several calls: one block per call (one line per call inside <tools>)', async () => {
    const h = await emulator();
    const prompt = 'Add 2 and 3, and multiply 4 by 5';
    const content = async (model: string) => JSON.parse((await post(h, ask(model, prompt, { tools: MATH }))).text).choices[0].message.content;
    expect(await content(TEXT_TOOL_CALL_MODEL)).toBe(
      '<tool_call>{"name": "add", "arguments": {"a": 2, "b": 3}}</tool_call>\n<tool_call>{"name": "multiply", "arguments": {"x": 4, "y": 5}}</tool_call>',
    );
    expect(await content(TEXT_TOOLS_MODEL)).toBe(
      '<tools>\n    {"name": "add", "arguments": {"a": 2, "b": 3}}\n    {"name": "multiply", "arguments": {"x": 4, "y": 5}}\n</tools>',
    );
  });

  const trace = fileURLToPath(new URL('../../../shared/lmstudio-traces/chat-nonstream-toolcall-text-in-content-arcrouter.json', import.meta.url));
  it.skipIf(!existsSync(trace))('<tools> text has the layout of the recorded qwen2.5-coder answer', async () => {
    const real = JSON.parse(readFileSync(trace, 'utf8')).choices[0];
    const h = await emulator();
    const tools = [
      { type: 'function', function: { name: 'get_time', description: 'Get the current time in a timezone', parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] } } },
      { type: 'function', function: { name: 'get_weather', description: 'Get the weather', parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['metric', 'imperial'] } }, required: ['city', 'units'] } } },
    ];
    const ours = JSON.parse((await post(h, ask(TEXT_TOOLS_MODEL, 'What time is it in "Asia/Tokyo" and what is the weather in "Paris"? Both please.', { tools }))).text).choices[0];
    expect(ours.finish_reason).toBe(real.finish_reason);
    expect(ours.message.tool_calls).toEqual(real.message.tool_calls);
    expect(ours.message.content).toBe(real.message.content);
  });
});

describe('bad arguments, repeats and loops on the wire', { timeout: TEST_TIMEOUT_MS }, () => {
  const NORMAL: PlanModel = { behaviour: 'normal', toolUse: true, vision: false };
  const add = MATH[0]!;
  const user = { role: 'user', content: 'Add 2 and 3' };
  const callTurn = (args: string, id = '111111111') => ({
    role: 'assistant',
    content: '',
    tool_calls: [{ id, type: 'function', function: { name: 'add', arguments: args } }],
  });
  const result = (content: string, id = '111111111') => ({ role: 'tool', tool_call_id: id, content });

  it('bad-args: a wrong type first; after an Error: result, the correct call; after a real result, the answer', () => {
    const model = { ...NORMAL, toolQuirk: 'bad-args' as const };
    const first = planTurn({ messages: [user], tools: [add] }, model);
    expect(first.toolCalls.map((c) => [c.name, c.arguments])).toEqual([['add', '{"a":"2","b":3}']]);
    const second = planTurn({ messages: [user, callTurn('{"a":"2","b":3}'), result('Error: /a must be a number')], tools: [add] }, model);
    expect(second.toolCalls.map((c) => [c.name, c.arguments])).toEqual([['add', '{"a":2,"b":3}']]);
    const third = planTurn(
      { messages: [user, callTurn('{"a":"2","b":3}'), result('Error: no'), callTurn('{"a":2,"b":3}', '2'), result('5', '2')], tools: [add] },
      model,
    );
    expect(third).toMatchObject({ toolCalls: [], finishReason: 'stop' });
    expect(third.content.join('')).toBe('The tool returned: 5.');
    // Not an error: no retry.
    expect(planTurn({ messages: [user, callTurn('{"a":"2","b":3}'), result('23')], tools: [add] }, model).content.join('')).toBe('The tool returned: 23.');
    // Only the conversation's first call is bad.
    const later = planTurn({ messages: [user, callTurn('{"a":2,"b":3}'), result('5'), { role: 'assistant', content: 'ok' }, user], tools: [add] }, model);
    expect(later.toolCalls.map((c) => c.arguments)).toEqual(['{"a":2,"b":3}']);
  });

  it('breakArguments: wrong type, else a missing required property, else not an object', () => {
    expect(breakArguments({ type: 'object', properties: { s: { type: 'string' } } }, { s: 'x' })).toEqual({ s: 42 });
    expect(breakArguments({ type: 'object', properties: { f: { type: 'boolean' } } }, { f: true })).toEqual({ f: 'yes' });
    expect(breakArguments({ type: 'object', properties: { x: { enum: ['a'] } }, required: ['x'] }, { x: 'a' })).toEqual({});
    expect(breakArguments({ type: 'object' }, {})).toEqual([{}]);
  });

  it('bad-json: truncated arguments first (never parseable), then the correct call', () => {
    const model = { ...NORMAL, toolQuirk: 'bad-json' as const };
    const first = planTurn({ messages: [user], tools: [add] }, model);
    expect(first.toolCalls[0]?.arguments).toBe('{"a":2,');
    expect(() => JSON.parse(first.toolCalls[0]!.arguments)).toThrow();
    for (const text of ['{}', '{"a":1}', '{"city":"Paris","units":"metric"}']) expect(() => JSON.parse(truncateJson(text))).toThrow();
    const second = planTurn({ messages: [user, callTurn('{"a":2,"'), result('Error: not JSON')], tools: [add] }, model);
    expect(second.toolCalls.map((c) => c.arguments)).toEqual(['{"a":2,"b":3}']);
  });

  it('repeats / repeats-twice call the same tool with the same arguments again, then answer', () => {
    const once = { ...NORMAL, toolQuirk: 'repeats' as const };
    const twice = { ...NORMAL, toolQuirk: 'repeats-twice' as const };
    const round2 = [user, callTurn('{"a":2,"b":3}'), result('5')];
    const round3 = [...round2, callTurn('{"a":2,"b":3}', '2'), result('5 (again)', '2')];
    const round4 = [...round3, callTurn('{"a":2,"b":3}', '3'), result('5 (again)', '3')];
    expect(planTurn({ messages: round2, tools: [add] }, once).toolCalls.map((c) => c.arguments)).toEqual(['{"a":2,"b":3}']);
    expect(planTurn({ messages: round3, tools: [add] }, once).toolCalls).toEqual([]);
    expect(planTurn({ messages: round3, tools: [add] }, twice).toolCalls.map((c) => c.arguments)).toEqual(['{"a":2,"b":3}']);
    expect(planTurn({ messages: round4, tools: [add] }, twice).content.join('')).toBe('The tool returned: 5 (again).');
  });

  it('tool-loop calls tools after every result', () => {
    const model = { ...NORMAL, toolQuirk: 'tool-loop' as const };
    const messages = [user, callTurn('{"a":2,"b":3}'), result('5'), callTurn('{"a":2,"b":3}', '2'), result('5', '2')];
    expect(planTurn({ messages, tools: [add] }, model)).toMatchObject({ finishReason: 'tool_calls', toolCalls: [expect.objectContaining({ name: 'add' })] });
  });

  it('the server accepts transcripts with truncated arguments, recovered-call ids and repeated calls', async () => {
    const h = await emulator();
    const transcript = [
      user,
      callTurn('{"a":2,"'),
      result('Error: the arguments are not a valid JSON object'),
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_chatcmpl-abc_0', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }] },
      { role: 'tool', tool_call_id: 'call_chatcmpl-abc_0', content: '5' },
    ];
    for (const model of [BAD_JSON_MODEL, REPEATS_MODEL, NORMAL_MODEL]) {
      for (const stream of [false, true]) {
        const res = await post(h, { model, messages: transcript, tools: MATH, stream });
        expect(res.status, `${model} ${stream}`).toBe(200);
      }
    }
  });
});
