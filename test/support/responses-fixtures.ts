// Own Responses API fixtures, shaped like LM Studio's recordings (responses-* in ../shared/lmstudio-traces): the
// same event grammar, ids and echoed fields, so tests run and the contract is exercised without the traces.

export const RESP_ID = 'resp_604f426346767f2cd7f98c793d9cfd27cba9ef834509019c';

/** A response object as LM Studio sends it (0.3.39–0.4.x): echoed sampling fields, usage with details. */
export function responseObject(output: unknown[], fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: RESP_ID,
    object: 'response',
    created_at: 1768906211,
    completed_at: 1768906216,
    status: 'completed',
    incomplete_details: null,
    model: 'qwen/qwen3-8b',
    previous_response_id: null,
    instructions: null,
    output,
    error: null,
    tools: [],
    tool_choice: 'auto',
    truncation: 'auto',
    parallel_tool_calls: true,
    text: { format: { type: 'text' } },
    top_p: 0.95,
    presence_penalty: 0,
    frequency_penalty: 1.1,
    top_logprobs: 0,
    temperature: 0.8,
    reasoning: { summary: null, effort: null },
    usage: { input_tokens: 12, output_tokens: 30, total_tokens: 42, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 10 } },
    max_output_tokens: null,
    store: true,
    background: false,
    service_tier: 'default',
    metadata: {},
    ...fields,
  };
}

export const reasoningItem = (text: string) => ({ id: 'rs_3yo6zy4vu4hq6iegqwhn1', type: 'reasoning', status: 'completed', summary: [], content: [{ type: 'reasoning_text', text }] });
export const messageItem = (text: string) => ({
  id: 'msg_j8xwiqp4xj0qgn3hrsoit9',
  type: 'message',
  status: 'completed',
  role: 'assistant',
  content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
});
export const functionCallItem = (args: string, callId = 'call_2025306790300011', name = 'get_weather') => ({
  id: `fc_${callId.slice(-8)}u0kvc33k6e9`,
  type: 'function_call',
  status: 'completed',
  arguments: args,
  call_id: callId,
  name,
});

/**
 * The events LM Studio streams for `output` (reasoning, message, function call items), in its order, with
 * contiguous `sequence_number`s. Text is split into `pieces` deltas; function-call arguments come whole in
 * `function_call_arguments.done` unless `argumentDeltas` is set (OpenAI's form, accepted too).
 */
export function responseEvents(
  parts: { reasoning?: string[]; text?: string[]; calls?: { args: string[]; callId?: string; name?: string }[] },
  options: { argumentDeltas?: boolean; final?: Record<string, unknown> } = {},
): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const output: unknown[] = [];
  const add = (event: Record<string, unknown>) => events.push({ ...event, sequence_number: events.length });
  const initial = responseObject([], { status: 'in_progress', completed_at: null, usage: null });
  add({ type: 'response.created', response: initial });
  add({ type: 'response.in_progress', response: initial });
  if (parts.reasoning) {
    const item = reasoningItem(parts.reasoning.join(''));
    const index = output.length;
    add({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', content: [] } });
    add({ type: 'response.content_part.added', item_id: item.id, output_index: index, content_index: 0, part: { type: 'reasoning_text', text: '' } });
    for (const delta of parts.reasoning) add({ type: 'response.reasoning_text.delta', item_id: item.id, output_index: index, content_index: 0, delta });
    add({ type: 'response.reasoning_text.done', item_id: item.id, output_index: index, content_index: 0, text: parts.reasoning.join('') });
    add({ type: 'response.content_part.done', item_id: item.id, output_index: index, content_index: 0, part: item.content[0] });
    add({ type: 'response.output_item.done', output_index: index, item });
    output.push(item);
  }
  if (parts.text) {
    const item = messageItem(parts.text.join(''));
    const index = output.length;
    add({ type: 'response.output_item.added', output_index: index, item: { id: item.id, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
    add({ type: 'response.content_part.added', item_id: item.id, output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    for (const delta of parts.text) add({ type: 'response.output_text.delta', item_id: item.id, output_index: index, content_index: 0, delta, logprobs: [] });
    add({ type: 'response.output_text.done', item_id: item.id, output_index: index, content_index: 0, text: parts.text.join('') });
    add({ type: 'response.content_part.done', item_id: item.id, output_index: index, content_index: 0, part: item.content[0] });
    add({ type: 'response.output_item.done', output_index: index, item });
    output.push(item);
  }
  for (const call of parts.calls ?? []) {
    const item = functionCallItem(call.args.join(''), call.callId, call.name);
    const index = output.length;
    add({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
    if (options.argumentDeltas) {
      for (const delta of call.args) add({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index, delta });
    }
    add({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, arguments: item.arguments });
    add({ type: 'response.output_item.done', output_index: index, item });
    output.push(item);
  }
  add({ type: 'response.completed', response: responseObject(output, options.final) });
  return events;
}

/** Events on the wire as LM Studio frames them: `event: <type>` + `data: <compact json>` + blank line. */
export function responsesSse(events: Record<string, unknown>[]): string {
  return events.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

export const responsesRequest = {
  model: 'qwen/qwen3-8b',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'What is in this picture?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }] },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: '18 °C' },
  ],
  instructions: 'Be brief.',
  tools: [
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    { type: 'mcp', server_label: 'exa', server_url: 'https://mcp.exa.ai/mcp', allowed_tools: ['web_search_exa'] },
  ],
  reasoning: { effort: 'low' },
  text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
  previous_response_id: RESP_ID,
  store: true,
};

/** Own files named like the traces, for the contract test (one per validating Responses rule). */
export const responsesTraceFiles: Readonly<Record<string, string>> = {
  'responses-nonstream-reasoning-message-own.json': JSON.stringify(responseObject([reasoningItem('Thinking.'), messageItem('Hello.')]), null, 2),
  'responses-nonstream-function-call-own.json': JSON.stringify(responseObject([functionCallItem('{"city":"Paris"}')]), null, 2),
  'responses-own.request.json': JSON.stringify(responsesRequest),
  'responses-stream-reasoning-message-call-own.sse': responsesSse(
    responseEvents({ reasoning: ['Let', ' me think'], text: ['Hi', ' there'], calls: [{ args: ['{"city":', '"Paris"}'] }] }, { argumentDeltas: true }),
  ),
  'responses-stream-message-own.payloads.jsonl': responseEvents({ text: ['a', 'b'] }).map((e) => JSON.stringify(e)).join('\n'),
  'responses-stream-raw-http-own.txt': `POST /v1/responses HTTP/1.1\r\nHost: localhost:1234\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ model: 'm', input: 'hi', stream: true })}\r\n\r\nHTTP/1.1 200 OK\r\n`,
  'error-responses-text-format-required-own.log.json': JSON.stringify({ error: { message: 'Required', type: 'invalid_request_error', param: 'text.format', code: 'missing_required_parameter' } }, null, 2),
};
