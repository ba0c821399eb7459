import { LmStudioError } from '../domain/errors.js';
import type { ResponseRequest, WireResponseRequest } from '../domain/responses.js';
import type { JsonSchema } from './json-schema-check.js';

export interface PreparedResponseRequest {
  body: WireResponseRequest;
  /** The `text.format` `json_schema` schema, which LM Studio does not enforce: the client validates the answer. */
  schema: JsonSchema | undefined;
}

/**
 * Request hygiene for `/v1/responses`: refuses what LM Studio would reject before anything is sent (tool types
 * other than `function`/`mcp`), never sends `text: {}` (a 400), maps LM Studio's reasoning words, sets `stream`.
 * Returns a new object; the caller's request is not modified.
 */
export function prepareResponseRequest(request: ResponseRequest, stream: boolean): PreparedResponseRequest {
  if (typeof request !== 'object' || request === null) {
    throw new LmStudioError('bad-request', { message: 'The response request must be an object.' });
  }
  if (typeof request.model !== 'string' || request.model.trim() === '') {
    throw new LmStudioError('bad-request', { message: 'The response request needs a model id.', hint: 'Pick one from listModels().' });
  }
  const input: unknown = request.input;
  if (!(typeof input === 'string' && input !== '') && !(Array.isArray(input) && input.length > 0)) {
    throw new LmStudioError('bad-request', { message: 'The response request needs an input: a non-empty string or a list of items.' });
  }
  if (request.tools !== undefined && !Array.isArray(request.tools)) {
    throw new LmStudioError('bad-request', { message: 'tools must be a list of function or mcp tools.' });
  }
  (request.tools ?? []).forEach((tool, i) => {
    const type = (tool as { type?: unknown } | null)?.type;
    if (type !== 'function' && type !== 'mcp') {
      throw new LmStudioError('bad-request', {
        message: `LM Studio's Responses API accepts only tools of type "function" and "mcp"; tools[${i}] is ${JSON.stringify(type ?? null)}.`,
        hint: 'Offer it as a function tool that your code runs (runTools), or leave it out.',
      });
    }
  });
  const { reasoning, text, stream: _ignored, ...rest } = request as ResponseRequest & { stream?: unknown };
  const body: WireResponseRequest = { ...rest };
  const effort = reasoning?.effort;
  if (effort === 'off') body.reasoning = { effort: 'none' };
  else if (effort !== undefined && effort !== 'on') body.reasoning = { effort };
  // `text: {}` (no format) is a 400 (#1576): send `text` only with a format.
  const format = (text as { format?: unknown } | undefined)?.format;
  let schema: JsonSchema | undefined;
  if (format !== undefined && format !== null) {
    body.text = text as NonNullable<WireResponseRequest['text']>;
    const f = format as { type?: unknown; schema?: unknown };
    if (f.type === 'json_schema') {
      if (typeof f.schema !== 'object' || f.schema === null) {
        throw new LmStudioError('bad-request', { message: 'text.format json_schema needs a JSON Schema object in schema.' });
      }
      schema = f.schema as JsonSchema;
    }
  }
  if (stream) body.stream = true;
  return { body, schema };
}
