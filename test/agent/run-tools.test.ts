// `client.runTools` end to end against the emulator: the same guarantees as test/stream/run-tools.test.ts, with
// the emulator's scripted models (well-behaved and misbehaving) instead of a hand-scripted server.
import { describe, expect, it } from 'vitest';
import {
  BAD_ARGS_MODEL,
  BAD_JSON_MODEL,
  REPEATS_MODEL,
  REPEATS_TWICE_MODEL,
  TEXT_FUNCTION_CALL_MODEL,
  TEXT_FUNCTION_CALL_UNDERSCORE_MODEL,
  TEXT_TOOLS_MODEL,
  TEXT_TOOL_CALL_MODEL,
  TEXT_TOOL_REQUEST_MODEL,
  TOOL_LOOP_MODEL,
} from '../../src/emulator/index.js';
import type { RunnableTool, ToolRunEvent } from '../../src/index.js';
import {
  NORMAL_MODEL,
  TEST_TIMEOUT_MS,
  addTool,
  assistantCalls,
  chatBodies,
  chatStatuses,
  clientFor,
  multiplyTool,
  toolResults,
  useEmulators,
} from './helpers.js';

const emulator = useEmulators();
const NOTE = '(Note: this is the same call as in the previous round; its result is repeated, it was not run again.)';

async function collect(run: AsyncIterable<ToolRunEvent>): Promise<ToolRunEvent[]> {
  const events: ToolRunEvent[] = [];
  for await (const e of run) events.push(e);
  return events;
}

const executionEnds = (events: ToolRunEvent[]) =>
  events.filter((e): e is Extract<ToolRunEvent, { type: 'tool-execution-end' }> => e.type === 'tool-execution-end');

describe('runTools against the emulator', { timeout: TEST_TIMEOUT_MS }, () => {
  it('runs a tool round, then the model answers from the result (valid transcript, events per round)', async () => {
    const h = await emulator();
    const add = addTool();
    const run = clientFor(h).runTools({ model: NORMAL_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add] });
    const events = await collect(run);
    const result = await run.result();
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 2 });
    expect(result.final.content).toBe('The tool returned: 5.');
    expect(add.calls).toEqual([{ a: 2, b: 3 }]);
    const callId = (result.messages[1] as { tool_calls: { id: string }[] }).tool_calls[0]?.id;
    expect(callId).toMatch(/^\d{9}$/);
    expect(result.messages).toEqual([
      { role: 'user', content: 'What is 2 plus 3?' },
      { role: 'assistant', content: '', tool_calls: [{ id: callId, type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }] },
      { role: 'tool', tool_call_id: callId, content: '5' },
      { role: 'assistant', content: 'The tool returned: 5.' },
    ]);
    expect(events.filter((e) => e.type === 'round-start').map((e) => e.round)).toEqual([1, 2]);
    expect(executionEnds(events)).toEqual([expect.objectContaining({ round: 1, result: '5', isError: false })]);
    const text = events.filter((e) => e.type === 'text').map((e) => (e as { delta: string; round: number }).round);
    expect(new Set(text)).toEqual(new Set([2]));
    // What the emulator received in round 2 is the transcript so far.
    const bodies = chatBodies(h);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]?.messages).toEqual(result.messages.slice(0, 3));
    expect(chatStatuses(h)).toEqual([200, 200]);
  });

  it('runs two calls of one round concurrently and sends the results back in call order', async () => {
    const h = await emulator();
    let running = 0;
    let peak = 0;
    const slow = (tool: RunnableTool, ms: number): RunnableTool => ({
      ...tool,
      execute: async (input, context) => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, ms));
        running--;
        return tool.execute(input, context);
      },
    });
    const add = addTool();
    const multiply = multiplyTool();
    const run = clientFor(h).runTools({
      model: NORMAL_MODEL,
      messages: [{ role: 'user', content: 'Add 2 and 3, and multiply 4 by 5' }],
      tools: [slow(add, 80), slow(multiply, 10)],
    });
    const events = await collect(run);
    const result = await run.result();
    expect(peak).toBe(2);
    expect(assistantCalls(result.messages)[0]).toEqual([
      { name: 'add', arguments: '{"a":2,"b":3}' },
      { name: 'multiply', arguments: '{"x":4,"y":5}' },
    ]);
    expect(toolResults(result.messages)).toEqual(['5', '20']);
    // The quicker call finished first.
    expect(executionEnds(events).map((e) => e.toolCall.name)).toEqual(['multiply', 'add']);
    expect(result.final.content).toBe('The tool returned: 5; 20.');
    expect(result.rounds).toBe(2);
  });

  it('bad arguments go back as an Error: result; the model corrects them and the tool runs once, with the corrected input', async () => {
    const h = await emulator();
    const add = addTool();
    const run = clientFor(h).runTools({ model: BAD_ARGS_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add] });
    const events = await collect(run);
    const result = await run.result();
    expect(add.calls).toEqual([{ a: 2, b: 3 }]);
    expect(assistantCalls(result.messages)).toEqual([[{ name: 'add', arguments: '{"a":"2","b":3}' }], [{ name: 'add', arguments: '{"a":2,"b":3}' }]]);
    const [first, second] = toolResults(result.messages);
    expect(first).toMatch(/^Error: the arguments do not fit the schema of add: .*\/a/);
    expect(second).toBe('5');
    expect(executionEnds(events).map((e) => [e.round, e.isError, e.skipped])).toEqual([
      [1, true, 'invalid-arguments'],
      [2, false, undefined],
    ]);
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 3 });
    expect(result.final.content).toBe('The tool returned: 5.');
    // On the wire: the first tool result the emulator saw starts with "Error:".
    const secondRequest = chatBodies(h)[1]!;
    expect(secondRequest.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringMatching(/^Error:/) });
    expect(chatStatuses(h)).toEqual([200, 200, 200]);
  });

  it('a bad argument in one of two parallel calls: only that call is retried', async () => {
    const h = await emulator();
    const add = addTool();
    const multiply = multiplyTool();
    const result = await clientFor(h)
      .runTools({ model: BAD_ARGS_MODEL, messages: [{ role: 'user', content: 'Add 2 and 3, and multiply 4 by 5' }], tools: [add, multiply] })
      .result();
    expect(add.calls).toEqual([{ a: 2, b: 3 }]);
    expect(multiply.calls).toEqual([{ x: 4, y: 5 }]);
    expect(assistantCalls(result.messages).map((round) => round.map((c) => c.name))).toEqual([['add', 'multiply'], ['add']]);
    expect(result.final.content).toBe('The tool returned: 5.');
  });

  it('unparseable (truncated) JSON arguments are sent back, corrected next round, and the tool runs once', async () => {
    const h = await emulator();
    const add = addTool();
    const streamed = clientFor(h).runTools({ model: BAD_JSON_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add] });
    const events = await collect(streamed);
    const result = await streamed.result();
    expect(add.calls).toEqual([{ a: 2, b: 3 }]);
    const [broken, fixed] = assistantCalls(result.messages);
    expect(() => JSON.parse(broken![0]!.arguments)).toThrow();
    expect(fixed).toEqual([{ name: 'add', arguments: '{"a":2,"b":3}' }]);
    expect(toolResults(result.messages)[0]).toMatch(/^Error: the arguments are not a valid JSON object/);
    expect(executionEnds(events)[0]).toMatchObject({ isError: true, skipped: 'invalid-arguments' });
    expect(events.find((e) => e.type === 'tool-call-end' && e.round === 1)).toMatchObject({ toolCall: { input: undefined, error: expect.stringMatching(/not valid JSON/) } });
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 3 });
    // The transcript with the raw truncated arguments was accepted by the server.
    expect(chatBodies(h)[1]?.messages[1]).toMatchObject({ tool_calls: [{ function: { arguments: broken![0]!.arguments } }] });
    expect(chatStatuses(h)).toEqual([200, 200, 200]);
  });

  it('a throwing tool: its message goes back flagged as an error and the run continues', async () => {
    const h = await emulator();
    const boom: RunnableTool = {
      name: 'backup',
      description: 'Backs up the disk',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      execute: () => {
        throw new Error('disk full');
      },
    };
    const run = clientFor(h).runTools({ model: NORMAL_MODEL, messages: [{ role: 'user', content: 'Back up the disk at "/data"' }], tools: [boom] });
    const events = await collect(run);
    const result = await run.result();
    expect(executionEnds(events)).toEqual([expect.objectContaining({ result: 'Error: disk full', isError: true })]);
    expect(executionEnds(events)[0]?.skipped).toBeUndefined();
    expect(toolResults(result.messages)).toEqual(['Error: disk full']);
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 2 });
    expect(result.final.content).toBe('The tool returned: Error: disk full.');
  });

  it('a guard denies one call (the reason goes back) and replaces the input of another', async () => {
    const h = await emulator();
    const add = addTool();
    const multiply = multiplyTool();
    const run = clientFor(h).runTools({
      model: NORMAL_MODEL,
      messages: [{ role: 'user', content: 'Add 2 and 3, and multiply 4 by 5' }],
      tools: [add, multiply],
      guard: (call) => (call.name === 'add' ? { action: 'deny', reason: 'adding is not allowed' } : { action: 'replace', input: { x: 6, y: 7 } }),
    });
    const events = await collect(run);
    const result = await run.result();
    expect(add.calls).toEqual([]);
    expect(multiply.calls).toEqual([{ x: 6, y: 7 }]);
    expect(toolResults(result.messages)).toEqual(['Error: this call was denied: adding is not allowed', '42']);
    expect(executionEnds(events).find((e) => e.toolCall.name === 'add')).toMatchObject({ isError: true, skipped: 'denied' });
    expect(result.final.content).toBe('The tool returned: Error: this call was denied: adding is not allowed; 42.');
  });

  it('a repeated call is answered from the first result with a note, without running the tool again', async () => {
    const h = await emulator();
    const add = addTool();
    const run = clientFor(h).runTools({ model: REPEATS_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add] });
    const events = await collect(run);
    const result = await run.result();
    expect(add.calls).toEqual([{ a: 2, b: 3 }]);
    const rounds = assistantCalls(result.messages);
    expect(rounds).toEqual([[{ name: 'add', arguments: '{"a":2,"b":3}' }], [{ name: 'add', arguments: '{"a":2,"b":3}' }]]);
    const [first, repeat] = toolResults(result.messages);
    expect(first).toBe('5');
    expect(repeat).toBe(`5\n\n${NOTE}`);
    expect(executionEnds(events).map((e) => e.skipped)).toEqual([undefined, 'repeated']);
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 3 });
    expect(result.final.content).toBe(`The tool returned: 5\n\n${NOTE}.`);
  });

  it('a call repeated twice still runs the tool once', async () => {
    const h = await emulator();
    const add = addTool();
    const run = clientFor(h).runTools({ model: REPEATS_TWICE_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add] });
    const events = await collect(run);
    const result = await run.result();
    expect(add.calls).toHaveLength(1);
    expect(assistantCalls(result.messages)).toHaveLength(3);
    expect(executionEnds(events).map((e) => e.skipped)).toEqual([undefined, 'repeated', 'repeated']);
    const results = toolResults(result.messages);
    expect(results[0]).toBe('5');
    for (const r of results.slice(1)) expect(r.startsWith(`5\n\n${NOTE}`)).toBe(true);
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 4 });
  });

  // Regression: notes once piled up on a call repeated in several consecutive rounds.
  it('every repeat of a call carries the first result with exactly one note', async () => {
    const h = await emulator();
    const result = await clientFor(h)
      .runTools({ model: REPEATS_TWICE_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [addTool()] })
      .result();
    expect(toolResults(result.messages)).toEqual(['5', `5\n\n${NOTE}`, `5\n\n${NOTE}`]);
  });

  it('stops with max-rounds when the model keeps calling tools', async () => {
    const h = await emulator();
    const add = addTool();
    const result = await clientFor(h)
      .runTools({ model: TOOL_LOOP_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add], maxRounds: 2 })
      .result();
    expect(result).toMatchObject({ stopReason: 'max-rounds', rounds: 2 });
    expect(add.calls).toEqual([{ a: 2, b: 3 }]);
    expect(result.final.toolCalls).toEqual([expect.objectContaining({ name: 'add', input: { a: 2, b: 3 } })]);
    expect(result.final.finishReason).toBe('tool_calls');
    // The last round's calls are in the transcript, unanswered.
    expect(result.messages.at(-1)).toMatchObject({ role: 'assistant', tool_calls: [expect.objectContaining({ type: 'function' })] });
    expect(chatBodies(h)).toHaveLength(2);
  });

  it('abort while the model is generating: the emulator sees the chat connection closed', { timeout: 60_000 }, async () => {
    const h = await emulator();
    h.setFault({ names: 'stall-mid-stream', afterEvents: 1 });
    const controller = new AbortController();
    const run = clientFor(h).runTools({
      model: NORMAL_MODEL,
      messages: [{ role: 'user', content: 'What is 2 plus 3?' }],
      tools: [addTool()],
      signal: controller.signal,
    });
    // A hang guard, not a speed test: the close is what is asserted (the machine may be busy with other suites).
    const closed = h.waitForClientClose(30_000);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of run) {
          seen.push(e.type);
          if (e.type === 'tool-call-start') controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'aborted' });
    await closed;
    expect(seen).toContain('tool-call-start');
    expect(h.requests.find((r) => r.path === '/v1/chat/completions')?.closedEarly).toBe(true);
    await expect(run.result()).rejects.toMatchObject({ code: 'aborted' });
  });

  it('abort while the model is generating (not iterated, result() only) also closes the connection', { timeout: 60_000 }, async () => {
    const h = await emulator({ tokenDelayMs: 200 });
    const controller = new AbortController();
    const run = clientFor(h).runTools({ model: NORMAL_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [addTool()], signal: controller.signal });
    const closed = h.waitForClientClose(30_000);
    const outcome = run.result();
    setTimeout(() => controller.abort(), 50);
    await expect(outcome).rejects.toMatchObject({ code: 'aborted' });
    await closed;
  });

  it('abort while a tool runs: the running execute sees its signal aborted', async () => {
    const h = await emulator();
    let toolSignal: AbortSignal | undefined;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const wait: RunnableTool = {
      name: 'wait',
      description: 'Waits for a while',
      parameters: { type: 'object', properties: { seconds: { type: 'number' } } },
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          toolSignal = signal;
          started();
          signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
        }),
    };
    const controller = new AbortController();
    const run = clientFor(h).runTools({ model: NORMAL_MODEL, messages: [{ role: 'user', content: 'Wait 30 seconds' }], tools: [wait], signal: controller.signal });
    const outcome = run.result();
    await running;
    expect(toolSignal?.aborted).toBe(false);
    controller.abort();
    await expect(outcome).rejects.toMatchObject({ code: 'aborted' });
    expect(toolSignal?.aborted).toBe(true);
    // The round's chat request had finished; no second one was sent.
    expect(chatBodies(h)).toHaveLength(1);
  });

  it.each([TEXT_TOOL_CALL_MODEL, TEXT_TOOL_REQUEST_MODEL, TEXT_TOOLS_MODEL, TEXT_FUNCTION_CALL_MODEL, TEXT_FUNCTION_CALL_UNDERSCORE_MODEL])(
    '%s: calls written as text are recovered, run, and answered',
    async (model) => {
      const h = await emulator();
      const add = addTool();
      const run = clientFor(h).runTools({ model, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add] });
      const events = await collect(run);
      const result = await run.result();
      expect(add.calls).toEqual([{ a: 2, b: 3 }]);
      expect(result).toMatchObject({ stopReason: 'answered', rounds: 2 });
      expect(result.final.content).toBe('The tool returned: 5.');
      const assistant = result.messages[1] as { content: string; tool_calls: { id: string; function: { name: string; arguments: string } }[] };
      expect(assistant.content).toBe('');
      expect(assistant.tool_calls).toEqual([{ id: expect.stringMatching(/\S/), type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }]);
      expect(result.messages[2]).toEqual({ role: 'tool', tool_call_id: assistant.tool_calls[0]!.id, content: '5' });
      expect(events.find((e) => e.type === 'tool-call-end' && e.round === 1)).toMatchObject({ toolCall: { recovered: true } });
      expect(events.some((e) => e.type === 'text' && e.round === 1)).toBe(false);
      // The emulator accepted the transcript with the client's generated call id.
      expect(chatStatuses(h)).toEqual([200, 200]);
    },
  );

  it('with recoverToolCalls: false a text call is just the answer', async () => {
    const h = await emulator();
    const add = addTool();
    const result = await clientFor(h)
      .runTools({ model: TEXT_TOOL_CALL_MODEL, messages: [{ role: 'user', content: 'What is 2 plus 3?' }], tools: [add], recoverToolCalls: false })
      .result();
    expect(add.calls).toEqual([]);
    expect(result).toMatchObject({ stopReason: 'answered', rounds: 1 });
    expect(result.final.content).toBe('<tool_call>{"name": "add", "arguments": {"a": 2, "b": 3}}</tool_call>');
    expect(result.final.toolCalls).toEqual([]);
  });
});
