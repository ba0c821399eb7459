// Every emulator fault, connection failures and aborts at every phase, through streamChat: the specific error
// within a bounded time, `partial` equal to what the emulator sent, nothing left behind, and the same client
// working again on the next request.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { argumentsForSchema, FAULT_NAMES, tokenize, type FaultName } from '../../src/emulator/index.js';
import { argumentPieces } from '../../src/emulator/scripted-model.js';
import { Emulator } from '../../src/emulator/server.js';
import {
  createLmStudioClient,
  type ChatEvent,
  type ChatRequest,
  type ChatResult,
  type LmStudioErrorCode,
  type TimeoutPhase,
} from '../../src/index.js';
import {
  LOADED_LLM,
  SSE_HEADERS,
  argumentsOf,
  chunkEvent,
  closedPort,
  expectReleased,
  headerFetch,
  loopback,
  quietHandles,
  runStream,
  startTrackedEmulator,
  textOf,
  waitFor,
  type Outcome,
  type TrackedEmulator,
} from './harness.js';

const LIMITS = { firstTokenMs: 600, idleMs: 300, totalMs: 10_000, requestMs: 3_000 };
/** Mid-stream faults strike after this many events. */
const AFTER = 4;
/**
 * Shared machines are noisy (other suites run beside this one): time bounds are hang guards, asserted at SLACK
 * times the row's bound; calls whose outcome is not a timeout run under RELAXED limits, so that a slow machine
 * cannot turn them into first-token or idle timeouts. The limits under test (LIMITS) stay short.
 */
const SLACK = 4;
const RELAXED = { firstTokenMs: 30_000, idleMs: 30_000 };

const PROMPT = 'Tell me something about the sea and the sky';
const ANSWER = `You said: ${PROMPT}`;
const TOKENS = tokenize(ANSWER);
/** The text of the first `AFTER` events the emulator sends before a mid-stream fault. */
const TEXT_BEFORE_FAULT = TOKENS.slice(0, AFTER).join('');

const ADD_TOOL = {
  type: 'function' as const,
  function: {
    name: 'add',
    description: 'Add two numbers',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' }, note: { type: 'string' } },
      required: ['a', 'b', 'note'],
    },
  },
};
const TOOL_PROMPT = 'What is 2 plus 3? Please add them.';
const TOOL_ARGS = JSON.stringify(argumentsForSchema(ADD_TOOL.function.parameters, TOOL_PROMPT));

const textRequest: ChatRequest = { model: LOADED_LLM, messages: [{ role: 'user', content: PROMPT }] };
const toolRequest: ChatRequest = { model: LOADED_LLM, messages: [{ role: 'user', content: TOOL_PROMPT }], tools: [ADD_TOOL] };

const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function emulator(): Promise<TrackedEmulator> {
  const emu = await startTrackedEmulator();
  started.push(emu);
  return emu;
}

function expectPlainAnswer(result: ChatResult | undefined): void {
  expect(result).toMatchObject({ content: ANSWER, reasoning: '', toolCalls: [], finishReason: 'stop', modelMismatch: false, model: LOADED_LLM });
}

function expectAddCall(result: ChatResult | undefined): void {
  expect(result?.finishReason).toBe('tool_calls');
  expect(result?.toolCalls).toEqual([
    { id: expect.stringMatching(/^\d{9}$/), name: 'add', arguments: TOOL_ARGS, input: JSON.parse(TOOL_ARGS) },
  ]);
}

interface Failure {
  code: LmStudioErrorCode;
  phase?: TimeoutPhase;
  status?: number;
  /** Text that arrived before the failure; undefined (and no partialArguments): nothing arrived. */
  partialText?: string;
  /** Tool-call arguments that arrived before the failure (one `add` call). */
  partialArguments?: string;
}

interface FaultRow {
  fault: FaultName;
  request: 'text' | 'tool';
  headers?: Record<string, string>;
  /** The failure the caller must get, or the check of a successful answer. */
  fails?: Failure;
  succeeds?: (outcome: Outcome) => void;
  /** Per-call limits over the client's. */
  callTimeouts?: { idleMs?: number; firstTokenMs?: number };
  minMs?: number;
  maxMs: number;
  /** The emulator must see the client close the connection (it was left hanging, or stopped early). */
  clientCloses?: boolean;
}

const after = { 'x-emulator-after-events': String(AFTER) };

const FAULT_ROWS: FaultRow[] = [
  {
    fault: 'jit-delay',
    request: 'text',
    headers: { 'x-emulator-delay-ms': '250' },
    succeeds: ({ result }) => expectPlainAnswer(result),
    minMs: 240,
    maxMs: 3_000,
  },
  {
    fault: 'stall-before-first-byte',
    request: 'text',
    fails: { code: 'timeout', phase: 'first-token' },
    minMs: LIMITS.firstTokenMs - 20,
    maxMs: LIMITS.firstTokenMs + 2_500,
    clientCloses: true,
  },
  {
    fault: 'stall-mid-stream',
    request: 'text',
    headers: after,
    fails: { code: 'timeout', phase: 'idle', partialText: TEXT_BEFORE_FAULT },
    minMs: LIMITS.idleMs - 20,
    maxMs: LIMITS.idleMs + 2_500,
    clientCloses: true,
  },
  {
    fault: 'reset-mid-stream',
    request: 'text',
    headers: after,
    fails: { code: 'stream-truncated', partialText: TEXT_BEFORE_FAULT },
    maxMs: 2_500,
  },
  {
    // LM Studio's in-stream error is a context overflow (0.4.21 trace): the specific code wins over stream-error.
    fault: 'error-event',
    request: 'text',
    headers: after,
    fails: { code: 'context-overflow', partialText: TEXT_BEFORE_FAULT },
    maxMs: 2_500,
  },
  {
    // A finish reason without [DONE] is a complete answer.
    fault: 'no-done',
    request: 'text',
    succeeds: ({ result }) => expectPlainAnswer(result),
    maxMs: 2_500,
  },
  {
    fault: 'truncate',
    request: 'text',
    headers: after,
    fails: { code: 'stream-truncated', partialText: TEXT_BEFORE_FAULT },
    maxMs: 2_500,
  },
  {
    fault: 'malformed-json',
    request: 'text',
    headers: after,
    fails: { code: 'bad-response', partialText: TEXT_BEFORE_FAULT },
    maxMs: 2_500,
  },
  {
    // The emulator's 8 MiB event against the default 4 MiB cap.
    fault: 'oversize-event',
    request: 'text',
    headers: after,
    fails: { code: 'bad-response', partialText: TEXT_BEFORE_FAULT },
    maxMs: 5_000,
  },
  {
    fault: 'slow-drip',
    request: 'text',
    succeeds: ({ result }) => expectPlainAnswer(result),
    maxMs: 8_000,
  },
  {
    fault: 'model-mismatch',
    request: 'text',
    succeeds: ({ result }) => {
      expect(result).toMatchObject({ content: ANSWER, finishReason: 'stop', requestedModel: LOADED_LLM, modelMismatch: true });
      expect(result?.model).not.toBe(LOADED_LLM);
    },
    maxMs: 2_500,
  },
  {
    // Ends at [DONE] although the server keeps the response open, long before the (here long) idle limit.
    fault: 'keep-open-after-done',
    request: 'text',
    callTimeouts: { idleMs: 8_000 },
    succeeds: ({ result }) => expectPlainAnswer(result),
    maxMs: 2_500,
    clientCloses: true,
  },
  {
    fault: 'http-500',
    request: 'text',
    fails: { code: 'server-error', status: 500 },
    maxMs: 2_500,
  },
  {
    fault: 'tool-call-tokens',
    request: 'tool',
    succeeds: ({ result, events }) => {
      expectAddCall(result);
      const deltas = events.filter((e) => e.type === 'tool-call-delta');
      expect(deltas.length).toBe(argumentPieces(TOOL_ARGS).length);
      expect(argumentsOf(events)).toBe(TOOL_ARGS);
    },
    maxMs: 2_500,
  },
  {
    fault: 'tool-call-whole',
    request: 'tool',
    succeeds: ({ result, events }) => {
      expectAddCall(result);
      expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([{ type: 'tool-call-delta', index: 0, argumentsDelta: TOOL_ARGS }]);
    },
    maxMs: 2_500,
  },
];

/** The arguments the emulator sends (token by token) before a mid-stream fault: the start event, then AFTER − 1 pieces. */
const ARGS_BEFORE_FAULT = argumentPieces(TOOL_ARGS).slice(0, AFTER - 1).join('');

/** The failing mid-stream faults again, striking inside a tool call's arguments. */
const TOOL_FAULT_ROWS: FaultRow[] = FAULT_ROWS.filter((row) => row.fails?.partialText !== undefined).map((row) => ({
  ...row,
  request: 'tool',
  headers: { ...row.headers, 'x-emulator-fault': `${row.fault},tool-call-tokens` },
  fails: { ...(row.fails as Failure), partialText: undefined, partialArguments: ARGS_BEFORE_FAULT },
}));

function expectFailure(outcome: Outcome, fails: Failure): void {
  const { error } = outcome;
  expect(outcome.result, 'the call should have failed').toBeUndefined();
  expect(error?.code).toBe(fails.code);
  expect(error?.name).toBe('LmStudioError');
  if (fails.phase) expect(error?.phase).toBe(fails.phase);
  if (fails.status !== undefined) expect(error?.status).toBe(fails.status);
  const partial = error?.partial;
  // Compared with what the emulator sent softly, so that the release and next-request checks still run.
  if (fails.partialArguments !== undefined) {
    expect(partial?.content).toBe('');
    expect(partial?.finishReason).toBeNull();
    expect.soft(partial?.toolCalls, 'partial tool calls = what the emulator sent').toEqual([
      { id: expect.stringMatching(/^\d{9}$/), name: 'add', arguments: fails.partialArguments, input: undefined, error: expect.any(String) },
    ]);
    // The deltas handed out add up to exactly the partial arguments.
    expect(argumentsOf(outcome.events)).toBe(partial?.toolCalls[0]?.arguments ?? '');
    expect(outcome.events.some((e) => e.type === 'tool-call-end')).toBe(false);
  } else if (fails.partialText === undefined) {
    // Nothing arrived: no partial, or an empty one.
    if (partial) expect(partial).toMatchObject({ content: '', reasoning: '', toolCalls: [] });
    expect(outcome.events).toEqual([]);
  } else {
    expect.soft(partial?.content, 'partial text = what the emulator sent').toBe(fails.partialText);
    // The events handed out are exactly what the partial holds.
    expect(textOf(outcome.events)).toBe(partial?.content);
    expect(partial?.finishReason).toBeNull();
    expect(partial?.requestedModel).toBe(LOADED_LLM);
  }
  // No timer, socket or listener of the call survives in the error (it serialises).
  expect(() => JSON.stringify(error)).not.toThrow();
}

describe('every emulator fault through streamChat', () => {
  it('the table covers every fault the emulator can inject', () => {
    expect(FAULT_ROWS.map((r) => r.fault).sort()).toEqual([...FAULT_NAMES].sort());
  });

  it('the tool-call fault point falls inside the arguments', () => {
    expect(TOOL_FAULT_ROWS.map((r) => r.fault)).toEqual([
      'stall-mid-stream',
      'reset-mid-stream',
      'error-event',
      'truncate',
      'malformed-json',
      'oversize-event',
    ]);
    expect(ARGS_BEFORE_FAULT.length).toBeGreaterThan(0);
    expect(TOOL_ARGS.startsWith(ARGS_BEFORE_FAULT) && ARGS_BEFORE_FAULT !== TOOL_ARGS).toBe(true);
  });

  it.each([...FAULT_ROWS.map((row) => ({ ...row, label: row.fault })), ...TOOL_FAULT_ROWS.map((row) => ({ ...row, label: `${row.fault} (inside tool-call arguments)` }))])('$label', async (row) => {
    const emu = await emulator();
    const state = { headers: {} as Record<string, string> };
    const client = createLmStudioClient({ baseUrl: emu.url, fetch: headerFetch(state), timeouts: LIMITS });
    const request = row.request === 'tool' ? toolRequest : textRequest;
    const baseline = await quietHandles();

    state.headers = { 'x-emulator-fault': row.fault, ...row.headers };
    const faultHeader = state.headers['x-emulator-fault'];
    // A caller's signal that never fires: the call must take its listener off again.
    const caller = new AbortController();
    // Only the rows that test a limit run under it; the others must not hit one on a busy machine.
    const timeouts = row.callTimeouts ?? (row.fails?.code === 'timeout' ? undefined : RELAXED);
    const outcome = await runStream(client, request, { signal: caller.signal, ...(timeouts ? { timeouts } : {}) });
    state.headers = {};
    expect(getEventListeners(caller.signal, 'abort'), 'listeners left on the caller\'s signal').toEqual([]);

    if (row.fails) expectFailure(outcome, row.fails);
    else {
      expect(outcome.error, outcome.error?.message).toBeUndefined();
      row.succeeds?.(outcome);
    }
    expect(outcome.elapsed).toBeLessThan(row.maxMs * SLACK);
    if (row.minMs !== undefined) expect(outcome.elapsed).toBeGreaterThanOrEqual(row.minMs);
    expect(emu.requests.at(-1)?.headers['x-emulator-fault']).toBe(faultHeader);
    if (row.clientCloses) {
      expect(await waitFor(() => emu.requests.at(-1)?.closedEarly === true), 'the emulator saw the client close').toBe(true);
    }
    await expectReleased(emu, baseline);

    // The same client, next request, no fault.
    const next = await runStream(client, request, { timeouts: RELAXED });
    expect(next.error, next.error?.message).toBeUndefined();
    if (row.request === 'tool') expectAddCall(next.result);
    else expectPlainAnswer(next.result);
    expect(emu.requests.at(-1)?.headers['x-emulator-fault']).toBeUndefined();
  }, 60_000);
});

describe('the release check', () => {
  it('catches a stream left open and a timer left running (so its passes mean something)', async () => {
    const emu = await emulator();
    const baseline = await quietHandles();
    const res = await fetch(`${emu.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-emulator-fault': 'stall-mid-stream' },
      body: JSON.stringify({ ...textRequest, stream: true }),
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    // The response is stalled and nobody cancels it.
    await expect(expectReleased(emu, baseline, 200)).rejects.toThrow(/in progress/);
    await reader.cancel();
    await expectReleased(emu, baseline);
    // A fresh quiet baseline: on a busy machine a transient timer counted in the first one may end meanwhile and
    // hide the one left running below.
    const settled = await quietHandles(300);
    const timer = setTimeout(() => undefined, 10_000);
    await expect(expectReleased(emu, settled, 200)).rejects.toThrow(/active timers/);
    clearTimeout(timer);
    await expectReleased(emu, settled);
  }, 60_000);
});

describe('connection failures through streamChat', () => {
  it('a reset after events the server did flush: stream-truncated keeps every one (the client side of reset-mid-stream)', async () => {
    const events = TOKENS.slice(0, AFTER).map((token, i) => chunkEvent(i === 0 ? { role: 'assistant', content: token } : { content: token }));
    const s = await loopback((_req, res) => {
      res.writeHead(200, SSE_HEADERS);
      // The write callback fires once the bytes are handed to the kernel; only then reset.
      res.write(events.join(''), () => res.socket?.resetAndDestroy());
    });
    started.push(s);
    const closed = s.closed();
    const client = createLmStudioClient({ baseUrl: s.url, timeouts: LIMITS });
    const baseline = await quietHandles();
    const outcome = await runStream(client, textRequest);
    expect(outcome.error?.code).toBe('stream-truncated');
    expect(outcome.error?.partial?.content).toBe(TEXT_BEFORE_FAULT);
    expect(textOf(outcome.events)).toBe(TEXT_BEFORE_FAULT);
    expect(outcome.elapsed).toBeLessThan(2_500 * SLACK);
    await closed;
    await expectReleased(undefined, baseline);
  }, 60_000);

  it('connection refused: unreachable at once; the same client works once the server is up', async () => {
    const port = await closedPort();
    const client = createLmStudioClient({ baseUrl: `http://127.0.0.1:${port}`, timeouts: LIMITS });
    const baseline = await quietHandles();
    const caller = new AbortController();
    const outcome = await runStream(client, textRequest, { signal: caller.signal });
    expect(getEventListeners(caller.signal, 'abort')).toEqual([]);
    expect(outcome.error).toMatchObject({ code: 'unreachable', hostCode: 'AI_CONNECTION_ERROR' });
    expect(outcome.error?.message).toContain('connection refused');
    expect(outcome.error?.partial).toBeUndefined();
    expect(outcome.events).toEqual([]);
    expect(outcome.elapsed).toBeLessThan(2_000 * SLACK);
    await expectReleased(undefined, baseline);

    const emu = new Emulator({ seed: 7, port });
    const handle = await emu.listen();
    started.push(handle);
    const next = await runStream(client, textRequest, { timeouts: RELAXED });
    expect(next.error, next.error?.message).toBeUndefined();
    expectPlainAnswer(next.result);
  }, 60_000);

  it('an unresolvable host (.invalid): unreachable; the same client works once the name resolves', async () => {
    const emu = await emulator();
    const deadHost = 'http://nonexistent.invalid:1234';
    // Before `online`, requests go out as they are (and fail to resolve); after, the name "resolves" to the emulator.
    let online = false;
    const fetchImpl: typeof globalThis.fetch = (input, init) => {
      // The client calls fetch(url, init) with the URL as a string.
      if (online && typeof input === 'string' && input.startsWith(deadHost)) {
        return globalThis.fetch(emu.url + input.slice(deadHost.length), init);
      }
      return globalThis.fetch(input, init);
    };
    const client = createLmStudioClient({ baseUrl: deadHost, fetch: fetchImpl, timeouts: LIMITS });
    const baseline = await quietHandles();
    const caller = new AbortController();
    // A generous first-token limit: a slow resolver must still end in `unreachable`, not a timeout.
    const outcome = await runStream(client, textRequest, { signal: caller.signal, timeouts: { firstTokenMs: 5_000 } });
    expect(getEventListeners(caller.signal, 'abort')).toEqual([]);
    expect(outcome.error?.code).toBe('unreachable');
    expect(outcome.error?.message).toMatch(/nonexistent\.invalid/);
    expect(outcome.error?.message).toMatch(/host not found/);
    expect(outcome.error?.partial).toBeUndefined();
    expect(outcome.elapsed).toBeLessThan(7_500 * SLACK);
    expect(emu.requests).toEqual([]);
    await expectReleased(undefined, baseline);

    online = true;
    const next = await runStream(client, textRequest, { timeouts: RELAXED });
    expect(next.error, next.error?.message).toBeUndefined();
    expectPlainAnswer(next.result);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Aborts

interface AbortRow {
  phase: string;
  request: 'text' | 'tool';
  headers: Record<string, string>;
  /** When to abort: before the call, once the emulator has the request, once it sent headers, or after some events. */
  trigger: 'already' | 'after-request-sent' | 'after-headers' | { events: (events: ChatEvent[]) => boolean };
  partialText?: string;
  partialArguments?: string;
  /** The request reaches the emulator. */
  sent: boolean;
}

const TOOL_CUT = 4;
const ARGS_BEFORE_ABORT = argumentPieces(TOOL_ARGS).slice(0, TOOL_CUT - 1).join('');
const TEXT_CUT = 5;

const ABORT_ROWS: AbortRow[] = [
  { phase: 'before sending (signal already aborted)', request: 'text', headers: {}, trigger: 'already', sent: false },
  {
    phase: 'before headers (model loading)',
    request: 'text',
    headers: { 'x-emulator-fault': 'stall-before-first-byte' },
    trigger: 'after-request-sent',
    sent: true,
  },
  {
    phase: 'after headers, before the first token',
    request: 'text',
    headers: { 'x-emulator-fault': 'stall-mid-stream', 'x-emulator-after-events': '0' },
    trigger: 'after-headers',
    sent: true,
  },
  {
    phase: 'mid-text',
    request: 'text',
    headers: { 'x-emulator-fault': 'stall-mid-stream', 'x-emulator-after-events': String(TEXT_CUT) },
    trigger: { events: (events) => events.filter((e) => e.type === 'text').length === TEXT_CUT },
    partialText: TOKENS.slice(0, TEXT_CUT).join(''),
    sent: true,
  },
  {
    phase: 'mid tool-call arguments',
    request: 'tool',
    headers: { 'x-emulator-fault': 'stall-mid-stream,tool-call-tokens', 'x-emulator-after-events': String(TOOL_CUT) },
    trigger: { events: (events) => events.filter((e) => e.type === 'tool-call-delta').length === TOOL_CUT - 1 },
    partialArguments: ARGS_BEFORE_ABORT,
    sent: true,
  },
];

describe('aborting through the caller\'s signal at every phase', () => {
  it('the tool-call abort point falls inside the arguments', () => {
    expect(ARGS_BEFORE_ABORT.length).toBeGreaterThan(0);
    expect(TOOL_ARGS.startsWith(ARGS_BEFORE_ABORT)).toBe(true);
    expect(ARGS_BEFORE_ABORT.length).toBeLessThan(TOOL_ARGS.length);
  });

  it.each(ABORT_ROWS)('$phase', async (row) => {
    const emu = await emulator();
    // Long limits: only the abort may end these calls.
    const state = { headers: {} as Record<string, string> };
    const client = createLmStudioClient({
      baseUrl: emu.url,
      fetch: headerFetch(state),
      timeouts: { firstTokenMs: 10_000, idleMs: 10_000, totalMs: 12_000 },
    });
    const request = row.request === 'tool' ? toolRequest : textRequest;
    const baseline = await quietHandles();
    const controller = new AbortController();
    let abortedAt = 0;
    const abort = (): void => {
      if (abortedAt) return;
      abortedAt = Date.now();
      controller.abort();
    };
    if (row.trigger === 'already') abort();
    else if (row.trigger === 'after-request-sent') {
      void waitFor(() => emu.requests.length > 0, 5_000).then(() => setTimeout(abort, 50));
    } else if (row.trigger === 'after-headers') {
      void waitFor(() => emu.requests.at(-1)?.status === 200, 5_000).then(() => setTimeout(abort, 50));
    }
    const trigger = row.trigger;
    state.headers = row.headers;
    const outcome = await runStream(client, request, {
      signal: controller.signal,
      // Abort once the stream has stalled after the expected events.
      onEvent: typeof trigger === 'object' ? (_e, events) => (trigger.events(events) ? void setTimeout(abort, 50) : undefined) : undefined,
    });
    state.headers = {};

    expect(outcome.error?.code).toBe('aborted');
    expect(outcome.error?.hostCode).toBe('AI_REQUEST_ERROR');
    expect(abortedAt).toBeGreaterThan(0);
    // The abort takes effect at once.
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    expect(outcome.elapsed).toBeLessThan(5_000 * SLACK);
    const partial = outcome.error?.partial;
    if (row.partialText !== undefined) {
      expect(partial?.content).toBe(row.partialText);
      expect(textOf(outcome.events)).toBe(row.partialText);
    } else if (row.partialArguments !== undefined) {
      expect(partial?.content).toBe('');
      expect(partial?.toolCalls).toEqual([
        {
          id: expect.stringMatching(/^\d{9}$/),
          name: 'add',
          arguments: row.partialArguments,
          input: undefined,
          error: expect.stringMatching(/not valid JSON/),
        },
      ]);
      expect(argumentsOf(outcome.events)).toBe(row.partialArguments);
      expect(outcome.events[0]).toMatchObject({ type: 'tool-call-start', index: 0, name: 'add' });
    } else {
      if (partial) expect(partial).toMatchObject({ content: '', reasoning: '', toolCalls: [], finishReason: null });
      expect(outcome.events).toEqual([]);
    }
    expect(emu.requests.length).toBe(row.sent ? 1 : 0);
    if (row.sent) expect(await waitFor(() => emu.requests.at(-1)?.closedEarly === true), 'the emulator saw the client close').toBe(true);
    await expectReleased(emu, baseline);

    const next = await runStream(client, request, { timeouts: RELAXED });
    expect(next.error, next.error?.message).toBeUndefined();
    if (row.request === 'tool') expectAddCall(next.result);
    else expectPlainAnswer(next.result);
  }, 60_000);
});
