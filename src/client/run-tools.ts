import { LmStudioError } from '../domain/errors.js';
import { asLmStudioError } from '../http/classify.js';
import type { ChatEvent, ChatMessage, ChatRequest, ChatResult, ToolCall } from '../domain/types.js';
import type { ChatStream } from '../stream/chat-stream.js';
import type { JsonSchema } from './json-schema-check.js';
import { callKey, jsonOr } from './tool-call-key.js';
import { settleCall, type Outcome } from './settle-tool-call.js';

/** What a tool's `execute` gets besides its input. */
export interface ToolContext {
  /** Aborted when the run is aborted or left early. */
  signal: AbortSignal;
  toolCall: ToolCall;
}

/** A tool for {@link ChatSurface.runTools}: its schema for the model and the function that runs it. */
export interface RunnableTool {
  name: string;
  description?: string;
  /** JSON Schema of the input; arguments that do not fit are sent back to the model, not executed. */
  parameters: JsonSchema;
  /** Runs the tool; a string is sent back as is, anything else as JSON. A throw is sent back as an error. */
  execute(input: Record<string, unknown>, context: ToolContext): unknown;
}

/** A guard's answer for one call: run it, refuse it (the reason goes back to the model), or run it with another input. */
export type GuardDecision =
  | { action: 'allow' }
  | { action: 'deny'; reason: string }
  | { action: 'replace'; input: Record<string, unknown> };

/** What {@link ChatSurface.runTools} takes: a chat request whose tools carry their implementation, and loop options. */
export interface RunToolsRequest extends Omit<ChatRequest, 'tools' | 'stream' | 'stream_options'> {
  tools: RunnableTool[];
  /** Model calls at most (default 10). */
  maxRounds?: number;
  /** Run the calls of one round concurrently (default true); results go back in call order either way. */
  parallel?: boolean;
  /** Decides, per call, to allow it, deny it (the reason goes back to the model) or replace its input. */
  guard?: (toolCall: ToolCall) => GuardDecision | Promise<GuardDecision>;
  signal?: AbortSignal;
  /** See `CallOptions.recoverToolCalls`. */
  recoverToolCalls?: boolean;
}

/** Why a call was not executed as asked. */
export type SkipReason = 'unknown-tool' | 'invalid-arguments' | 'denied' | 'repeated';

/** One event of a tool run: a round starting, every chat event tagged with its round, a tool starting and ending. */
export type ToolRunEvent =
  | { type: 'round-start'; round: number }
  | (ChatEvent & { round: number })
  | { type: 'tool-execution-start'; round: number; toolCall: ToolCall }
  | { type: 'tool-execution-end'; round: number; toolCall: ToolCall; result: string; isError: boolean; skipped?: SkipReason };

/** What {@link ToolRun.result} resolves to when the loop ends. */
export interface ToolRunResult {
  /** The whole transcript: the request's messages, assistant turns with `tool_calls`, and `tool` results. */
  messages: ChatMessage[];
  /** The last round's answer. */
  final: ChatResult;
  rounds: number;
  stopReason: 'answered' | 'max-rounds';
}

type StreamChat = (request: ChatRequest, options: { signal: AbortSignal; recoverToolCalls?: boolean }) => AsyncIterable<ChatEvent> & Pick<ChatStream, 'result'>;

/**
 * A multi-round tool loop: iterate it for events (rounds, every chat event tagged with its round, tool
 * executions), and/or await `result()` for the transcript. Works around how local models call tools: bad
 * arguments go back to the model to correct, a repeated call is answered from its first result, and calls
 * written as text are recovered by the client underneath.
 */
export class ToolRun implements AsyncIterable<ToolRunEvent> {
  private readonly generator: AsyncGenerator<ToolRunEvent, ToolRunResult>;
  private readonly controller = new AbortController();
  private readonly settled: Promise<ToolRunResult>;
  private settle!: { resolve: (r: ToolRunResult) => void; reject: (e: unknown) => void };
  private started = false;
  private finished = false;

  /** @internal Built by the client's `runTools()`; users hold a `ToolRun`, they do not construct one. */
  constructor(streamChat: StreamChat, request: RunToolsRequest) {
    this.settled = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.settled.catch(() => undefined);
    this.generator = runLoop(streamChat, request, this.controller);
  }

  /** Runs the loop as you iterate: `for await (const event of run)`. Leaving the loop early aborts the run. */
  [Symbol.asyncIterator](): AsyncIterator<ToolRunEvent> {
    this.started = true;
    return {
      next: () => this.step(),
      return: async () => {
        await this.stop();
        return { done: true, value: undefined };
      },
    };
  }

  /** The transcript; without iterating, it runs the loop itself. */
  result(): Promise<ToolRunResult> {
    queueMicrotask(() => {
      if (this.started) return;
      this.started = true;
      void (async () => {
        while (!(await this.step()).done);
      })().catch(() => undefined);
    });
    return this.settled;
  }

  private async step(): Promise<IteratorResult<ToolRunEvent>> {
    if (this.finished) return { done: true, value: undefined };
    try {
      const next = await this.generator.next();
      if (next.done) {
        this.finished = true;
        this.settle.resolve(next.value);
        return { done: true, value: undefined };
      }
      return next;
    } catch (thrown) {
      // Only typed errors leave the loop, even from a bug or a hostile tool call it did not foresee.
      const error = asLmStudioError(thrown);
      this.finished = true;
      this.settle.reject(error);
      throw error;
    }
  }

  private async stop(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const error = new LmStudioError('aborted', { message: 'The tool run was closed before it ended.' });
    this.controller.abort(error);
    this.settle.reject(error);
    await this.generator.return(undefined as never).catch(() => undefined);
  }
}

async function* runLoop(
  streamChat: StreamChat,
  request: RunToolsRequest,
  controller: AbortController,
): AsyncGenerator<ToolRunEvent, ToolRunResult> {
  const { tools, maxRounds = 10, parallel = true, guard, signal, recoverToolCalls, messages: initial, ...chatFields } = request;
  if (!Array.isArray(tools) || tools.length === 0) {
    throw new LmStudioError('bad-request', { message: 'runTools needs at least one tool.' });
  }
  if (!Number.isInteger(maxRounds) || maxRounds < 1) {
    throw new LmStudioError('bad-request', { message: `maxRounds must be a positive integer, not ${String(maxRounds)}.` });
  }
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const wireTools: ChatRequest['tools'] = tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters },
  }));
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const messages: ChatMessage[] = [...initial];
  let previous = new Map<string, string>();
  try {
    for (let round = 1; ; round++) {
      yield { type: 'round-start', round };
      const stream = streamChat(
        { ...chatFields, messages: [...messages], tools: wireTools },
        recoverToolCalls === undefined ? { signal: controller.signal } : { signal: controller.signal, recoverToolCalls },
      );
      for await (const event of stream) yield { ...event, round };
      const result = await stream.result();
      if (result.toolCalls.length === 0) {
        messages.push({ role: 'assistant', content: result.content });
        return { messages, final: result, rounds: round, stopReason: 'answered' };
      }
      messages.push({
        role: 'assistant',
        content: result.content,
        tool_calls: result.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.input ? jsonOr(call.input, call.arguments) : call.arguments },
        })),
      });
      if (round >= maxRounds) return { messages, final: result, rounds: round, stopReason: 'max-rounds' };

      const current = new Map<string, string>();
      const outcomes: (Outcome | undefined)[] = new Array(result.toolCalls.length);
      const finished: { index: number; outcome: Outcome }[] = [];
      let wake: (() => void) | undefined;
      const runOne = async (call: ToolCall, index: number): Promise<void> => {
        let outcome: Outcome;
        try {
          outcome = await settleCall(call, byName, previous, guard, controller.signal);
        } catch (error) {
          // A guard or validator that throws must not lose the round: the model hears about it instead.
          outcome = { toolCall: call, result: `Error: ${error instanceof Error ? error.message : String(error)}`, isError: true };
        }
        outcomes[index] = outcome;
        const key = callKey(call.name, call.input, call.arguments);
        // A repeat carries the first result forward, not the first result plus a note (which would pile up).
        current.set(key, outcome.skipped === 'repeated' ? (previous.get(key) ?? outcome.result) : outcome.result);
        finished.push({ index, outcome });
        wake?.();
      };
      for (const call of result.toolCalls) yield { type: 'tool-execution-start', round, toolCall: call };
      let all: Promise<void>;
      if (parallel) {
        all = Promise.all(result.toolCalls.map((call, i) => runOne(call, i))).then(() => undefined);
      } else {
        all = (async () => {
          for (const [i, call] of result.toolCalls.entries()) await runOne(call, i);
        })();
      }
      let done = false;
      // Observed here and awaited below: a failing round never leaves a rejection unhandled.
      all.then(
        () => undefined,
        () => undefined,
      ).finally(() => {
        done = true;
        wake?.();
      });
      let reported = 0;
      while (reported < result.toolCalls.length) {
        if (finished.length === reported) {
          if (done) break;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const { outcome } = finished[reported++] as { outcome: Outcome };
        yield {
          type: 'tool-execution-end',
          round,
          toolCall: outcome.toolCall,
          result: outcome.result,
          isError: outcome.isError,
          ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
        };
      }
      await all;
      if (controller.signal.aborted) throw abortError(controller.signal);
      for (const outcome of outcomes as Outcome[]) {
        messages.push({ role: 'tool', tool_call_id: outcome.toolCall.id, content: outcome.result });
      }
      previous = current;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Leaving early (break, throw, abort): stop whatever still runs.
    if (!controller.signal.aborted) controller.abort(new LmStudioError('aborted', { message: 'The tool run ended.' }));
  }
}

function abortError(signal: AbortSignal): LmStudioError {
  const reason: unknown = signal.reason;
  return reason instanceof LmStudioError ? reason : new LmStudioError('aborted', { message: 'The tool run was aborted.' });
}
