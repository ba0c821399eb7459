// Shared helpers for the agent tests: emulators closed after each test, clients with short limits, the tools the
// scripted model is asked to call, and readers for what the emulator received.
import { afterEach } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import { createLmStudioClient, type ChatMessage, type ChatRequest, type LmStudioClient, type LmStudioClientOptions, type RunnableTool } from '../../src/index.js';

/** Every test in these files ends well within this (vitest's own limit is a backstop). */
export const TEST_TIMEOUT_MS = 10_000;

/** The loaded, well-behaved tool-using model of the default catalogue. */
export const NORMAL_MODEL = 'qwen/qwen3-4b-2507';

const started: EmulatorHandle[] = [];

/** Registers `afterEach(close)` for every emulator started through the returned function in this file. */
export function useEmulators(): (options?: EmulatorOptions) => Promise<EmulatorHandle> {
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.close()));
  });
  return async (options?: EmulatorOptions) => {
    const h = await startEmulator({ seed: 7, now: () => 1_790_614_494_000, ...options });
    started.push(h);
    return h;
  };
}

/** A client for `h` whose every limit is a few seconds, so a hang fails the test instead of stalling it. */
export function clientFor(h: EmulatorHandle, options: LmStudioClientOptions = {}): LmStudioClient {
  return createLmStudioClient({
    baseUrl: h.url,
    timeouts: { firstTokenMs: 5000, idleMs: 5000, totalMs: 8000, requestMs: 5000 },
    ...options,
  });
}

/** A tool that records every input it ran with. */
export interface RecordingTool extends RunnableTool {
  calls: Record<string, unknown>[];
}

function recording(tool: RunnableTool): RecordingTool {
  const calls: Record<string, unknown>[] = [];
  return {
    ...tool,
    calls,
    execute: (input, context) => {
      calls.push(input);
      return tool.execute(input, context);
    },
  };
}

export function addTool(): RecordingTool {
  return recording({
    name: 'add',
    description: 'Adds two numbers',
    parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
    execute: (input) => String((input['a'] as number) + (input['b'] as number)),
  });
}

export function multiplyTool(): RecordingTool {
  return recording({
    name: 'multiply',
    description: 'Multiplies two numbers',
    parameters: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'], additionalProperties: false },
    execute: (input) => String((input['x'] as number) * (input['y'] as number)),
  });
}

export function weatherTool(): RecordingTool {
  return recording({
    name: 'get_weather',
    description: 'Get the current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: (input) => `Sunny in ${String(input['city'])}`,
  });
}

export function timeTool(): RecordingTool {
  return recording({
    name: 'get_time',
    description: 'Get the current time in a timezone',
    parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
    execute: (input) => `12:00 in ${String(input['timezone'])}`,
  });
}

/** The wire form of runnable tools, for `chat` and `streamChat`. */
export function wireTools(...tools: RunnableTool[]): NonNullable<ChatRequest['tools']> {
  return tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
  }));
}

/** The chat completion bodies the emulator received, in order. */
export function chatBodies(h: EmulatorHandle): { messages: ChatMessage[]; model: string; tools?: unknown[] }[] {
  return h.requests
    .filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions')
    .map((r) => r.body as { messages: ChatMessage[]; model: string; tools?: unknown[] });
}

/** The HTTP statuses the emulator sent for chat completions. */
export function chatStatuses(h: EmulatorHandle): (number | undefined)[] {
  return h.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.status);
}

/** The `content` of the `tool` messages of a transcript, in order. */
export function toolResults(messages: readonly ChatMessage[]): string[] {
  return messages.filter((m) => m.role === 'tool').map((m) => String((m as { content: unknown }).content));
}

/** The assistant messages of a transcript that carry tool calls: each call's name and arguments text. */
export function assistantCalls(messages: readonly ChatMessage[]): { name: string; arguments: string }[][] {
  return messages
    .filter((m) => m.role === 'assistant' && Array.isArray((m as { tool_calls?: unknown[] }).tool_calls))
    .map((m) =>
      ((m as { tool_calls: { function: { name: string; arguments: string } }[] }).tool_calls ?? []).map((c) => ({
        name: c.function.name,
        arguments: c.function.arguments,
      })),
    );
}
