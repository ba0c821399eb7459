import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { jsonSchema, streamText, tool, type ToolSet } from 'ai';
import { REQUEST_TOOLS } from '../workloads.js';
import type { RunClient } from './types.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/** `@ai-sdk/openai-compatible` under `ai`'s `streamText`: consume `fullStream`, then await text, reasoning, tool calls. */
export const run: RunClient = async ({ baseUrl, model, spec, iterateOnly }) => {
  const provider = createOpenAICompatible({ name: 'lmstudio', baseURL: `${baseUrl}/v1`, includeUsage: true });
  const tools: ToolSet = {};
  if (spec.kind === 'tools') {
    for (const t of REQUEST_TOOLS) {
      tools[t.function.name] = tool({
        description: t.function.description,
        inputSchema: jsonSchema<Record<string, unknown>>(t.function.parameters as Parameters<typeof jsonSchema>[0]),
      });
    }
  }
  const result = streamText({
    model: provider.chatModel(model),
    prompt: 'hi',
    maxRetries: 0,
    ...(spec.kind === 'tools' ? { tools } : {}),
  });
  let yielded = 0;
  let error: unknown;
  for await (const part of result.fullStream) {
    yielded++;
    if (part.type === 'error') error = part.error;
  }
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  if (iterateOnly) return { yielded };
  const [text, reasoningText, toolCalls, finishReason, usage] = await Promise.all([
    result.text,
    result.reasoningText,
    result.toolCalls,
    result.finishReason,
    result.usage,
  ]);
  return {
    yielded,
    content: text,
    reasoning: reasoningText ?? '',
    toolCalls: toolCalls.map((call) => ({ id: call.toolCallId, name: call.toolName, input: call.input })),
    finishReason: finishReason === 'tool-calls' ? 'tool_calls' : finishReason,
    ...(usage.outputTokens !== undefined ? { completionTokens: usage.outputTokens } : {}),
  };
};
