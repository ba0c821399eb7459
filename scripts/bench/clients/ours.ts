import { createLmStudioClient } from '../../../src/index.js';
import { REQUEST_TOOLS } from '../workloads.js';
import type { RunClient } from './types.js';

/** This package: iterate `streamChat`, then `result()`. */
export const run: RunClient = async ({ baseUrl, model, spec, iterateOnly }) => {
  const client = createLmStudioClient({ baseUrl });
  const stream = client.streamChat({
    model,
    messages: [{ role: 'user', content: 'hi' }],
    ...(spec.kind === 'tools' ? { tools: REQUEST_TOOLS } : {}),
  });
  let yielded = 0;
  for await (const event of stream) {
    if (event.type !== undefined) yielded++;
  }
  if (iterateOnly) return { yielded, keep: stream };
  const result = await stream.result();
  return {
    yielded,
    content: result.content,
    reasoning: result.reasoning,
    toolCalls: result.toolCalls.map((call) => ({ id: call.id, name: call.name, input: call.input })),
    finishReason: result.finishReason ?? undefined,
    ...(result.usage ? { completionTokens: result.usage.completionTokens } : {}),
  };
};
