import OpenAI from 'openai';
import { REQUEST_TOOLS } from '../workloads.js';
import type { RunClient } from './types.js';

/**
 * openai 6.x's chat-completions stream helper: iterate its chunks, then `finalChatCompletion()`. Its snapshot
 * overwrites unknown delta fields (`reasoning_content`) instead of appending them, so reasoning is collected
 * from the chunks here, as a user of this helper has to.
 */
export const run: RunClient = async ({ baseUrl, model, spec, iterateOnly }) => {
  const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'lm-studio', maxRetries: 0 });
  const stream = client.chat.completions.stream({
    model,
    messages: [{ role: 'user', content: 'hi' }],
    stream_options: { include_usage: true },
    ...(spec.kind === 'tools' ? { tools: REQUEST_TOOLS } : {}),
  });
  let yielded = 0;
  const reasoning: string[] = [];
  for await (const chunk of stream) {
    yielded++;
    const delta = chunk.choices[0]?.delta as { reasoning_content?: unknown } | undefined;
    if (typeof delta?.reasoning_content === 'string') reasoning.push(delta.reasoning_content);
  }
  if (iterateOnly) return { yielded };
  const final = await stream.finalChatCompletion();
  const message = final.choices[0]?.message;
  return {
    yielded,
    content: message?.content ?? '',
    reasoning: reasoning.join(''),
    toolCalls: (message?.tool_calls ?? []).map((call) => {
      if (call.type !== 'function') throw new Error(`unexpected tool call type ${call.type}`);
      return { id: call.id, name: call.function.name, input: JSON.parse(call.function.arguments) as unknown };
    }),
    finishReason: final.choices[0]?.finish_reason ?? undefined,
    ...(final.usage ? { completionTokens: final.usage.completion_tokens } : {}),
  };
};
