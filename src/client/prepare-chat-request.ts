import { LmStudioError } from '../domain/errors.js';
import type { ChatRequest, WireChatRequest } from '../domain/types.js';

/**
 * Request hygiene: catches what LM Studio would reject (or silently mishandle) before anything is sent, and
 * sets the streaming fields. Returns a new object; the caller's request is not modified.
 */
export function prepareChatRequest(request: ChatRequest, stream: boolean): WireChatRequest {
  if (typeof request !== 'object' || request === null) {
    throw new LmStudioError('bad-request', { message: 'The chat request must be an object.' });
  }
  if (typeof request.model !== 'string' || request.model.trim() === '') {
    throw new LmStudioError('bad-request', {
      message: 'The chat request needs a model id.',
      hint: 'Pick one from listModels().',
    });
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new LmStudioError('bad-request', { message: 'The chat request needs at least one message.' });
  }
  const { reasoning_effort: effort, ...rest } = request;
  const body: WireChatRequest = { ...rest };
  // LM Studio's own words for reasoning are rejected by its OpenAI endpoint: send what it accepts.
  if (effort === 'off') body.reasoning_effort = 'none';
  else if (effort !== undefined && effort !== 'on') body.reasoning_effort = effort;
  const format = (request.response_format as { type?: unknown } | undefined)?.type;
  if (format === 'json_object') {
    throw new LmStudioError('unsupported', {
      message: 'LM Studio does not accept response_format json_object.',
      hint: "Use { type: 'json_schema', json_schema: { name, schema } } instead, the JSON mode LM Studio supports.",
    });
  }
  const choice = request.tool_choice;
  if (typeof choice === 'object' && choice !== null) {
    const wanted = choice.function?.name;
    const tools = request.tools ?? [];
    if (tools.length === 1 && tools[0]?.function.name === wanted) {
      // LM Studio ignores OpenAI's "this function" form; with one tool offered, "required" means the same.
      body.tool_choice = 'required';
    } else {
      throw new LmStudioError('unsupported', {
        message: `LM Studio cannot be made to call one particular tool ("${String(wanted)}") among several.`,
        hint: "Offer only that tool with tool_choice 'required', or use 'auto'.",
      });
    }
  }
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true, ...request.stream_options };
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  return body;
}
