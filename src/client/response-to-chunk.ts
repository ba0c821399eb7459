import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { RequestContext } from '../http/classify.js';

type Schemas = components['schemas'];

/**
 * A whole (non-streamed) answer as one stream chunk, so that one accumulator decides text, reasoning, think
 * tags and tool calls for `chat()` and `streamChat()` alike.
 */
export function responseToChunk(response: Schemas['ChatCompletionResponse'], ctx: RequestContext, status = 200): Schemas['ChatCompletionChunk'] {
  const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
  if (!choice || typeof choice !== 'object' || typeof choice.message !== 'object' || choice.message === null) {
    throw new LmStudioError('bad-response', {
      status,
      message: `LM Studio answered ${ctx.method} ${ctx.path} without any choice.`,
    });
  }
  const message = choice.message;
  const delta: Schemas['ChunkDelta'] = { role: 'assistant' };
  if (typeof message.reasoning_content === 'string') delta.reasoning_content = message.reasoning_content;
  if (typeof message.reasoning === 'string') delta.reasoning = message.reasoning;
  if (typeof message.content === 'string') delta.content = message.content;
  if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    delta.tool_calls = message.tool_calls.map((call, index) => {
      const fragment: Schemas['ToolCallFragment'] = {
        index,
        type: 'function',
        function: { name: call?.function?.name ?? '', arguments: call?.function?.arguments ?? '' },
      };
      if (typeof call?.id === 'string' && call.id !== '') fragment.id = call.id;
      return fragment;
    });
  }
  const chunk: Schemas['ChatCompletionChunk'] = {
    id: response.id,
    model: response.model,
    choices: [{ index: 0, delta, finish_reason: choice.finish_reason ?? 'stop' }],
  };
  if (response.usage) chunk.usage = response.usage;
  return chunk;
}
