// `runTools({ …, api: 'responses' })`: the tool loop of run-tools.ts over `/v1/responses`. The loop is the same
// (validation, guard, repeats, parallel runs, events); what differs is what each round sends: the first round
// the request's input, every later round only the new `function_call_output` items with `previous_response_id`,
// because LM Studio keeps the history.
import type { ResponseRequest, ResponseResult } from '../domain/responses.js';
import type { ChatMessage, ChatRequest } from '../domain/types.js';
import type { OpenResponseStream } from './responses.js';
import { ToolRun, type RunToolsRequest } from './run-tools.js';

/** `runTools` over the Responses API: the Responses request fields, with local tools and the loop's options. */
export interface ResponsesRunToolsRequest
  extends Omit<ResponseRequest, 'tools' | 'text'>,
    Pick<RunToolsRequest, 'tools' | 'maxRounds' | 'parallel' | 'guard' | 'signal'> {
  api: 'responses';
}

/** True for `runTools({ api: 'responses', … })`. */
export function isResponsesRun(request: RunToolsRequest | ResponsesRunToolsRequest): request is ResponsesRunToolsRequest {
  return (request as { api?: unknown }).api === 'responses';
}

/**
 * Runs the loop. `result().final` is the last round's `ResponseResult` (its `id` continues the conversation);
 * `result().messages` is the loop's transcript in chat form (the input as the first message, then the assistant
 * turns with their tool calls and the tool results).
 */
export function runToolsOverResponses(open: OpenResponseStream, request: ResponsesRunToolsRequest): ToolRun {
  const { api: _api, tools, maxRounds, parallel, guard, signal, input, previous_response_id: start, ...fields } = request;
  let previous = start;
  let sent = 1;
  let first = true;
  const stream = (chat: ChatRequest, options: { signal: AbortSignal }) => {
    const wireTools = (chat.tools ?? []).map((tool) => ({
      type: 'function' as const,
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      ...(tool.function.parameters ? { parameters: tool.function.parameters } : {}),
    }));
    const body: ResponseRequest = { ...fields, model: chat.model, input, tools: wireTools };
    if (!first) {
      const outputs = chat.messages.slice(sent).flatMap((message) =>
        message.role === 'tool' ? [{ type: 'function_call_output' as const, call_id: message.tool_call_id, output: message.content }] : [],
      );
      body.input = outputs;
    }
    if (previous) body.previous_response_id = previous;
    first = false;
    sent = chat.messages.length;
    return open(body, { signal: options.signal }, (result: ResponseResult) => {
      previous = result.id || previous;
    });
  };
  const loop: RunToolsRequest = { model: request.model, messages: [firstMessage(input)], tools };
  if (maxRounds !== undefined) loop.maxRounds = maxRounds;
  if (parallel !== undefined) loop.parallel = parallel;
  if (guard !== undefined) loop.guard = guard;
  if (signal !== undefined) loop.signal = signal;
  return new ToolRun(stream, loop);
}

/** The input as the transcript's first message (text parts joined; images and other items are not repeated). */
function firstMessage(input: ResponseRequest['input']): ChatMessage {
  if (typeof input === 'string') return { role: 'user', content: input };
  const texts: string[] = [];
  for (const item of input) {
    if (!('role' in item)) continue;
    if (typeof item.content === 'string') texts.push(item.content);
    else for (const part of item.content) if (part.type !== 'input_image') texts.push(part.text);
  }
  return { role: 'user', content: texts.join('\n') };
}
