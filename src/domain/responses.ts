// Public types of the Responses surface (`POST /v1/responses`): the generated wire types, and what the client
// makes of them. Events reuse the chat vocabulary (`ChatEvent`) because their meaning is the same.
import type { components } from '../../generated/lmstudio.js';
import type { ChatEvent, ChatResult, ReasoningEffort } from './types.js';

type Schemas = components['schemas'];

/** The Responses request as it goes on the wire: the generated type from openapi/lmstudio.yaml. */
export type WireResponseRequest = Schemas['ResponseRequest'];
/** One item of `input`: a message (text and image parts), a replayed `function_call`, or a `function_call_output`. */
export type ResponseInputItem = Schemas['ResponseInputItem'];
/** One item of a response's `output`: `message`, `reasoning`, `function_call` (or an MCP item), as the server sent it. */
export type ResponseOutputItem = Schemas['ResponseOutputItem'];
/** A tool LM Studio accepts on this surface: `function` or `mcp`. */
export type ResponseTool = Schemas['ResponseTool'];
/** The response object as LM Studio sends it (non-streamed, or in `response.completed`). */
export type WireResponseObject = Schemas['ResponseObject'];
/** The data of one named event of a Responses stream. */
export type ResponseStreamWireEvent = Schemas['ResponseStreamEvent'];

/**
 * The request `respond()` and `streamResponse()` take: the generated type without `stream` (each method sets it),
 * with `reasoning.effort` in OpenAI's or LM Studio's vocabulary (`off` is sent as `none`, `on` leaves it out).
 */
export type ResponseRequest = Omit<WireResponseRequest, 'stream' | 'reasoning'> & { reasoning?: { effort?: ReasoningEffort } };

/** `completed`, `incomplete` (e.g. `max_output_tokens` reached) or another status a newer server sends. */
export type ResponseStatus = 'completed' | 'incomplete' | 'in_progress' | 'failed' | (string & {});

/** A structured answer (`text.format` `json_schema`), checked by the client. */
export interface StructuredOutput {
  /** The parsed answer; it satisfies the schema. */
  value: unknown;
  /**
   * Whether the server constrained generation to the schema. Always `false` with LM Studio (through 0.4.23 it
   * ignores `text.format`): the value was validated by this client, and a model may need a retry to comply.
   */
  serverEnforced: boolean;
}

/**
 * The outcome of one response. Shaped like `ChatResult` (so tool loops, `partial` on errors and consumers of
 * chat results work unchanged) plus what the Responses API adds.
 * - `id` is the response id (`resp_…`): pass it as `previous_response_id` to continue.
 * - `finishReason` is `tool_calls` when the model called functions, `stop` for a completed answer, `length` when
 *   `max_output_tokens` cut it, otherwise the server's incomplete reason.
 */
export interface ResponseResult extends ChatResult {
  status: ResponseStatus;
  /** The raw output items, in order (the final response's when it arrived, else those finished so far). */
  output: ResponseOutputItem[];
  /** The `previous_response_id` this response continued, when it did. */
  previousResponseId?: string;
  /** Present when the request asked for `text.format` `json_schema`. */
  structured?: StructuredOutput;
}

/** What a Responses stream yields: the chat events (text, reasoning, tool-call start/delta/end, usage, finish). */
export type ResponseEvent = ChatEvent;
