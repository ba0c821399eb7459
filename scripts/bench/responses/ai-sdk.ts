/**
 * The AI SDK's Responses provider in the Responses benchmark: `streamText` from `ai` over
 * `createOpenAI({ baseURL, apiKey }).responses(model)` (`@ai-sdk/openai` 3.x, the line that fits `ai` 6). Drains
 * `fullStream`, keeping the `tool-input-delta` fragments as they arrive, then awaits `text` and `toolCalls`.
 * Imported only by the `ai-sdk` child, so the other children do not load the AI SDK.
 *
 * On the `call` workload the `write_file` tool is declared (no `execute`): `streamText` turns a call to an undeclared
 * tool into an invalid dynamic call. The server ignores the request body, so this only adds the SDK's own cost of
 * sending and validating against the declaration.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { jsonSchema, streamText, tool, type ToolSet } from 'ai';
import type { ReadOne } from './clients.js';
import { CALL_NAME, specOf } from './workloads.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const TOOLS: ToolSet = {
  [CALL_NAME]: tool({
    description: 'Write a file.',
    inputSchema: jsonSchema<{ path: string; content: string }>({
      type: 'object',
      properties: { path: { type: 'string' }, content: { type: 'string' } },
      required: ['path', 'content'],
    }),
  }),
};

/** Makes the `ai-sdk` reader for the replay server at `baseUrl`. */
export async function aiSdk(baseUrl: string): Promise<ReadOne> {
  const provider = createOpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'x' });
  return async (model) => {
    const calls = specOf(model)?.kind === 'call';
    const result = streamText({ model: provider.responses(model), prompt: 'hi', maxRetries: 0, ...(calls ? { tools: TOOLS } : {}) });
    let yielded = 0;
    let error: unknown;
    const fragments: string[] = [];
    for await (const part of result.fullStream) {
      yielded++;
      if (part.type === 'tool-input-delta') fragments.push(part.delta);
      else if (part.type === 'error' || part.type === 'tool-error') error = part.error;
    }
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    const [text, toolCalls] = await Promise.all([result.text, result.toolCalls]);
    const call = toolCalls[0];
    if (call?.invalid) throw new Error(`the SDK marked the tool call invalid: ${String(call.error)}`);
    return { yielded, content: text, ...(call ? { callId: call.toolCallId, arguments: fragments.join(''), input: call.input } : {}) };
  };
}
