import type { ToolCall } from '../domain/types.js';
import type { AIToolCall } from '../openorbit/index.js';

/** Reserved key of `AIToolCall.input` holding the raw arguments text when it could not be parsed. */
export const RAW_ARGUMENTS_KEY = '__raw_arguments';
/** Reserved key of `AIToolCall.input` holding why the arguments could not be parsed. */
export const ARGUMENTS_ERROR_KEY = '__error';

/**
 * The client's tool calls as the host's. A call whose arguments are not a JSON object (truncated by
 * `max_tokens`, malformed, a bare string) is still returned, so no turn is lost (upstream defect 3): its `input`
 * is `{ __raw_arguments: <the text as the model wrote it>, __error: <why it did not parse> }` and nothing else.
 * A tool executing it sees no expected argument and can report that back to the model. Ids are never empty.
 */
export function convertToolCalls(calls: readonly ToolCall[]): AIToolCall[] {
  return calls.map((call, index) => {
    const id = typeof call.id === 'string' && call.id !== '' ? call.id : `call_${index}`;
    const input =
      call.input && typeof call.input === 'object'
        ? call.input
        : { [RAW_ARGUMENTS_KEY]: call.arguments, [ARGUMENTS_ERROR_KEY]: call.error ?? 'arguments are not a JSON object' };
    return { id, name: call.name, input };
  });
}
