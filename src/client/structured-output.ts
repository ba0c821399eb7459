import { LmStudioError } from '../domain/errors.js';
import type { ChatRequest, ChatResult } from '../domain/types.js';
import { checkJsonSchema, type JsonSchema } from './json-schema-check.js';

/** Options of {@link ChatSurface.chatJson} and {@link ChatSurface.streamChatJson}: the schema, and optionally your own validation. */
export interface JsonOutputOptions<T> {
  /** JSON Schema the answer must follow; sent to LM Studio, which constrains generation to it. */
  schema: JsonSchema;
  /** Name of the schema for the server (default `response`). */
  name?: string;
  /**
   * Your own check instead of the built-in JSON Schema validation: return the value (possibly transformed)
   * or throw. A zod user passes `(v) => MySchema.parse(v)`.
   */
  validate?: (value: unknown) => T;
}

/** A structured answer: the parsed, validated `value`, and the whole chat `result` it came from. */
export interface JsonResult<T> {
  value: T;
  result: ChatResult;
}

/** The request with LM Studio's only JSON mode: `response_format` `json_schema`, strict. */
export function withJsonSchema<T>(request: ChatRequest, options: JsonOutputOptions<T>): ChatRequest {
  if (typeof options?.schema !== 'object' || options.schema === null) {
    throw new LmStudioError('bad-request', { message: 'chatJson needs a JSON Schema object in options.schema.' });
  }
  return {
    ...request,
    response_format: { type: 'json_schema', json_schema: { name: options.name ?? 'response', strict: true, schema: options.schema } },
  };
}

/** Parses and validates the answer; anything else is an `invalid-output` error with the raw text attached. */
export async function readStructured<T>(result: ChatResult, options: JsonOutputOptions<T>): Promise<T> {
  const raw = result.content;
  const text = stripFence(raw.trim());
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(result, [`not JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  if (options.validate) {
    try {
      return options.validate(value);
    } catch (error) {
      throw invalid(result, [error instanceof Error ? error.message : String(error)]);
    }
  }
  const problems = await checkJsonSchema(options.schema, value);
  if (problems.length > 0) throw invalid(result, problems);
  return value as T;
}

function invalid(result: ChatResult, errors: string[]): LmStudioError {
  return new LmStudioError('invalid-output', {
    message: `The model's answer does not fit the requested JSON schema: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}.`,
    hint: 'Try a model trained for structured output, a simpler schema, or a lower temperature.',
    partial: result,
    details: { raw: result.content, errors },
  });
}

/** Models sometimes wrap JSON in a Markdown fence even under a schema. */
function stripFence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(text);
  return fenced ? (fenced[1] ?? '') : text;
}
