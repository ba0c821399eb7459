import { afterEach, describe, expect, it } from 'vitest';
import { createLmStudioClient, type ChatMessage, type RunnableTool, type ToolRunEvent } from '../../src/index.js';
import { chunk, sse, textStream } from './sse-fixtures.js';
import { loopback, type LoopbackServer } from './stream-harness.js';

/**
 * A scripted model: each round's reply is chosen by a function of the messages so far, so every test states
 * exactly what the "model" does. Replies are LM Studio-shaped SSE.
 */
type Reply = { text: string } | { calls: { name: string; args: string }[] } | { hang: true };
let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scripted(script: (messages: ChatMessage[], round: number) => Reply) {
  let round = 0;
  server = await loopback((_req, res, body) => {
    const reply = script((JSON.parse(body) as { messages: ChatMessage[] }).messages, ++round);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if ('hang' in reply) return void res.write(`data: ${chunk({ delta: { role: 'assistant', content: '' } })}\n\n`);
    if ('text' in reply) return void res.end(sse(textStream([reply.text])));
    const events = reply.calls.flatMap((c, index) => [
      chunk({ delta: { tool_calls: [{ index, id: `${100000000 + round * 10 + index}`, type: 'function', function: { name: c.name, arguments: '' } }] } }),
      chunk({ delta: { tool_calls: [{ index, type: 'function', function: { arguments: c.args } }] } }),
    ]);
    res.end(sse([...events, chunk({ delta: {}, finish: 'tool_calls' })]));
  });
  return createLmStudioClient({ baseUrl: server.url });
}

const toolResults = (messages: ChatMessage[]) => messages.filter((m) => m.role === 'tool').map((m) => (m as { content: string }).content);
const lastIsTool = (messages: ChatMessage[]) => messages[messages.length - 1]?.role === 'tool';

const add: RunnableTool = {
  name: 'add',
  description: 'Adds two numbers',
  parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
  execute: (input) => String((input.a as number) + (input.b as number)),
};

describe('runTools', () => {
  it('runs rounds until the model answers, with a valid transcript', async () => {
    const client = await scripted((messages) =>
      lastIsTool(messages) ? { text: `The sum is ${toolResults(messages).at(-1)}.` } : { calls: [{ name: 'add', args: '{"a":2,"b":3}' }] },
    );
    const run = client.runTools({ model: 'qwen/qwen3-4b', messages: [{ role: 'user', content: 'add 2 and 3' }], tools: [add] });
    const events: ToolRunEvent[] = [];
    for await (const e of run) events.push(e);
    const result = await run.result();
    expect(result.stopReason).toBe('answered');
    expect(result.rounds).toBe(2);
    expect(result.final.content).toBe('The sum is 5.');
    expect(result.messages).toEqual([
      { role: 'user', content: 'add 2 and 3' },
      { role: 'assistant', content: '', tool_calls: [{ id: '100000010', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }] },
      { role: 'tool', tool_call_id: '100000010', content: '5' },
      { role: 'assistant', content: 'The sum is 5.' },
    ]);
    expect(events.filter((e) => e.type === 'round-start').map((e) => e.round)).toEqual([1, 2]);
    expect(events.find((e) => e.type === 'tool-execution-end')).toMatchObject({ round: 1, result: '5', isError: false });
    expect(events.find((e) => e.type === 'text')).toMatchObject({ round: 2, delta: 'The sum is 5.' });
  });

  it('runs parallel calls concurrently and sends results back in call order', async () => {
    let running = 0;
    let peak = 0;
    const slow: RunnableTool = {
      name: 'slow',
      parameters: { type: 'object', properties: { ms: { type: 'number' } } },
      execute: async (input) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, input.ms as number));
        running--;
        return `waited ${String(input.ms)}`;
      },
    };
    const client = await scripted((messages) =>
      lastIsTool(messages) ? { text: 'done' } : { calls: [{ name: 'slow', args: '{"ms":80}' }, { name: 'slow', args: '{"ms":10}' }] },
    );
    const result = await client.runTools({ model: 'm', messages: [{ role: 'user', content: 'go' }], tools: [slow] }).result();
    expect(peak).toBe(2);
    expect(toolResults(result.messages)).toEqual(['waited 80', 'waited 10']);
  });

  it('runs calls one after another when parallel is false', async () => {
    let running = 0;
    let peak = 0;
    const tool: RunnableTool = {
      name: 't',
      parameters: { type: 'object' },
      execute: async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return 'ok';
      },
    };
    const client = await scripted((messages) => (lastIsTool(messages) ? { text: 'done' } : { calls: [{ name: 't', args: '{}' }, { name: 't', args: '{"x":1}' }] }));
    await client.runTools({ model: 'm', messages: [{ role: 'user', content: 'go' }], tools: [tool], parallel: false }).result();
    expect(peak).toBe(1);
  });

  it('sends unparseable and schema-violating arguments back for correction instead of executing', async () => {
    let executed = 0;
    const counted: RunnableTool = { ...add, execute: (input) => (executed++, add.execute(input, undefined as never)) };
    const client = await scripted((messages, round) => {
      if (round === 1) return { calls: [{ name: 'add', args: '{"a": 2, "b":' }] };
      if (round === 2) return { calls: [{ name: 'add', args: '{"a": "two", "b": 3}' }] };
      if (round === 3) return { calls: [{ name: 'add', args: '{"a": 2, "b": 3}' }] };
      return { text: `ok ${toolResults(messages).at(-1)}` };
    });
    const result = await client.runTools({ model: 'm', messages: [{ role: 'user', content: 'add' }], tools: [counted] }).result();
    const [parse, schema, fixed] = toolResults(result.messages);
    expect(parse).toMatch(/^Error: the arguments are not a valid JSON object/);
    expect(schema).toMatch(/^Error: the arguments do not fit the schema of add: .*\/a/);
    expect(fixed).toBe('5');
    expect(executed).toBe(1);
    expect(result.final.content).toBe('ok 5');
  });

  it('reports a throwing tool to the model as an error result', async () => {
    const boom: RunnableTool = { name: 'boom', parameters: { type: 'object' }, execute: () => { throw new Error('disk full'); } };
    const client = await scripted((messages) => (lastIsTool(messages) ? { text: 'sorry' } : { calls: [{ name: 'boom', args: '{}' }] }));
    const run = client.runTools({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [boom] });
    const ends: ToolRunEvent[] = [];
    for await (const e of run) if (e.type === 'tool-execution-end') ends.push(e);
    expect(ends).toEqual([expect.objectContaining({ result: 'Error: disk full', isError: true })]);
    expect(toolResults((await run.result()).messages)).toEqual(['Error: disk full']);
  });

  it('lets a guard deny a call (reason sent back) or replace its input', async () => {
    const seen: unknown[] = [];
    const echo: RunnableTool = { name: 'echo', parameters: { type: 'object' }, execute: (input) => (seen.push(input), 'echoed') };
    const client = await scripted((messages, round) => {
      if (round === 1) return { calls: [{ name: 'echo', args: '{"path":"/etc/passwd"}' }, { name: 'echo', args: '{"path":"notes.txt"}' }] };
      return { text: toolResults(messages).join(' | ') };
    });
    const result = await client
      .runTools({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        tools: [echo],
        guard: (call) =>
          String(call.input?.path).startsWith('/') ? { action: 'deny', reason: 'absolute paths are not allowed' } : { action: 'replace', input: { path: 'safe/notes.txt' } },
      })
      .result();
    expect(seen).toEqual([{ path: 'safe/notes.txt' }]);
    expect(result.final.content).toBe('Error: this call was denied: absolute paths are not allowed | echoed');
  });

  it('answers the same call repeated in the next round from its first result, without running it again', async () => {
    let runs = 0;
    const clock: RunnableTool = { name: 'clock', parameters: { type: 'object' }, execute: () => `t${++runs}` };
    const client = await scripted((_messages, round) => (round <= 2 ? { calls: [{ name: 'clock', args: round === 1 ? '{"tz":"UTC","f":1}' : '{"f":1,"tz":"UTC"}' }] } : { text: 'fine' }));
    const result = await client.runTools({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [clock] }).result();
    expect(runs).toBe(1);
    const [first, second] = toolResults(result.messages);
    expect(first).toBe('t1');
    expect(second).toMatch(/^t1\n\n\(Note: this is the same call as in the previous round/);
  });

  it('stops with max-rounds when the model keeps calling tools', async () => {
    let n = 0;
    const counter: RunnableTool = { name: 'count', parameters: { type: 'object' }, execute: () => String(++n) };
    const client = await scripted((_m, round) => ({ calls: [{ name: 'count', args: `{"i":${round}}` }] }));
    const result = await client.runTools({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [counter], maxRounds: 3 }).result();
    expect(result).toMatchObject({ stopReason: 'max-rounds', rounds: 3 });
    expect(n).toBe(2);
    expect(result.final.toolCalls).toHaveLength(1);
  });

  it('abort mid-round closes the request and signals running tools', async () => {
    let toolSignal: AbortSignal | undefined;
    const waits: RunnableTool = {
      name: 'wait',
      parameters: { type: 'object' },
      execute: (_i, { signal }) =>
        new Promise((_resolve, reject) => {
          toolSignal = signal;
          signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    };
    const client = await scripted(() => ({ calls: [{ name: 'wait', args: '{}' }] }));
    const controller = new AbortController();
    const run = client.runTools({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [waits], signal: controller.signal });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of run) {
          seen.push(e.type);
          if (e.type === 'tool-execution-start') setTimeout(() => controller.abort(), 20);
        }
      })(),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(toolSignal?.aborted).toBe(true);
    await expect(run.result()).rejects.toMatchObject({ code: 'aborted' });
  });

  it('abort while the model is generating closes the socket', async () => {
    const client = await scripted(() => ({ hang: true }));
    const closed = (server as LoopbackServer).closed();
    const controller = new AbortController();
    const run = client.runTools({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [add], signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(run.result()).rejects.toMatchObject({ code: 'aborted' });
    await closed;
  });

  it('recovers calls the model wrote as text and runs them', async () => {
    const client = await scripted((messages) =>
      lastIsTool(messages) ? { text: `= ${toolResults(messages)[0]}` } : { text: '<tool_call>{"name":"add","arguments":{"a":1,"b":1}}</tool_call>' },
    );
    const result = await client.runTools({ model: 'm', messages: [{ role: 'user', content: '1+1' }], tools: [add] }).result();
    expect(result.final.content).toBe('= 2');
    const assistant = result.messages[1] as { tool_calls: { id: string }[]; content: string };
    expect(assistant.content).toBe('');
    expect(assistant.tool_calls[0]?.id).toMatch(/\S/);
  });
});
