/**
 * Own bodies for LM Studio's native surfaces (`/api/v1/chat`, downloads, vision errors): hand-written, of the
 * shapes of the recordings in ../shared/lmstudio-traces (docs examples, server-log prints), not copies of them.
 */

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A stored answer with reasoning, a message opening with "\n\n", and the model's instance suffix. */
export const nativeResult = {
  model_instance_id: 'qwen/qwen3-4b@q4_k_m:2',
  output: [
    { type: 'reasoning', content: 'The user greets me.' },
    { type: 'message', content: '\n\nHello! How can I help?' },
  ],
  stats: {
    input_tokens: 12,
    total_output_tokens: 20,
    reasoning_output_tokens: 6,
    tokens_per_second: 88.5,
    time_to_first_token_seconds: 0.121,
  },
  response_id: 'resp_0wn0000000000000000000000000000000000000000001',
};

/** MCP through integrations, a just-in-time load, a tool call LM Studio could not run. */
export const nativeMcpResult = {
  model_instance_id: 'ibm/granite-4-micro',
  output: [
    {
      type: 'tool_call',
      tool: 'search_docs',
      arguments: { query: 'vision', limit: 2 },
      output: '[{"type":"text","text":"two hits"}]',
      provider_info: { type: 'ephemeral_mcp', server_label: 'docs' },
    },
    { type: 'invalid_tool_call', reason: 'Cannot find tool with name open_page.', metadata: { type: 'invalid_name', tool_name: 'open_page' } },
    { type: 'message', content: 'Found two pages.' },
    { type: 'tool_call', tool: 'navigate', arguments: { url: 'https://example.org' }, output: 'ok', provider_info: { type: 'plugin', plugin_id: 'mcp/browser' } },
    { type: 'message', content: 'Opened it.' },
  ],
  stats: {
    input_tokens: 300,
    total_output_tokens: 80,
    reasoning_output_tokens: 0,
    tokens_per_second: 30.25,
    time_to_first_token_seconds: 1.5,
    model_load_time_seconds: 2.75,
  },
  response_id: 'resp_0wn0000000000000000000000000000000000000000002',
};

/** Reasoning only: the output budget ran out inside the reasoning, and nothing says so. */
export const nativeReasoningOnly = {
  model_instance_id: 'qwen3.8-27b',
  output: [{ type: 'reasoning', content: 'I should answer with a short greeting, perhaps with' }],
  stats: { input_tokens: 40, total_output_tokens: 16, reasoning_output_tokens: 16, tokens_per_second: 31.5, time_to_first_token_seconds: 0.2 },
  response_id: 'resp_0wn0000000000000000000000000000000000000000003',
};

export type NativeEvent = Record<string, unknown> & { type: string };

/** The SSE text of native events, framed as LM Studio does: `event: <type>` then `data: <json>`. */
export function nativeSse(events: readonly NativeEvent[]): string {
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}

/** A just-in-time load, prompt processing, reasoning, a message, and `chat.end` with the result. */
export function loadAndAnswerEvents(result: typeof nativeResult = nativeResult): NativeEvent[] {
  const model = result.model_instance_id;
  return [
    { type: 'chat.start', model_instance_id: model },
    { type: 'model_load.start', model_instance_id: model },
    { type: 'model_load.progress', model_instance_id: model, progress: 0 },
    { type: 'model_load.progress', model_instance_id: model, progress: 0.5 },
    { type: 'model_load.end', model_instance_id: model, load_time_seconds: 1.25 },
    { type: 'prompt_processing.start' },
    { type: 'prompt_processing.progress', progress: 0.5 },
    { type: 'prompt_processing.end' },
    { type: 'reasoning.start' },
    { type: 'reasoning.delta', content: 'The user ' },
    { type: 'reasoning.delta', content: 'greets me.' },
    { type: 'reasoning.end' },
    { type: 'message.start' },
    { type: 'message.delta', content: '\n\n' },
    { type: 'message.delta', content: 'Hello! ' },
    { type: 'message.delta', content: 'How can I help?' },
    { type: 'message.end' },
    { type: 'chat.end', result },
  ];
}

/** MCP tool calls streamed: start, arguments, success; a failure; messages between. */
export const mcpEvents: NativeEvent[] = [
  { type: 'chat.start', model_instance_id: 'ibm/granite-4-micro' },
  { type: 'tool_call.start', tool: 'search_docs', provider_info: { type: 'ephemeral_mcp', server_label: 'docs' } },
  { type: 'tool_call.arguments', tool: 'search_docs', arguments: { query: 'vision', limit: 2 }, provider_info: { type: 'ephemeral_mcp', server_label: 'docs' } },
  {
    type: 'tool_call.success',
    tool: 'search_docs',
    arguments: { query: 'vision', limit: 2 },
    output: '[{"type":"text","text":"two hits"}]',
    provider_info: { type: 'ephemeral_mcp', server_label: 'docs' },
  },
  { type: 'tool_call.start', tool: 'open_page', provider_info: { type: 'plugin', plugin_id: 'mcp/browser' } },
  { type: 'tool_call.failure', reason: 'Cannot find tool with name open_page.', metadata: { type: 'invalid_name', tool_name: 'open_page' } },
  { type: 'message.start' },
  { type: 'message.delta', content: 'Found two pages.' },
  { type: 'message.end' },
  { type: 'tool_call.start', tool: 'navigate', provider_info: { type: 'plugin', plugin_id: 'mcp/browser' } },
  { type: 'tool_call.arguments', tool: 'navigate', arguments: { url: 'https://example.org' }, provider_info: { type: 'plugin', plugin_id: 'mcp/browser' } },
  { type: 'tool_call.success', tool: 'navigate', arguments: { url: 'https://example.org' }, output: 'ok', provider_info: { type: 'plugin', plugin_id: 'mcp/browser' } },
  { type: 'message.start' },
  { type: 'message.delta', content: 'Opened it.' },
  { type: 'message.end' },
  { type: 'chat.end', result: nativeMcpResult },
];

export const downloadStarted = { job_id: 'job_0wn0000001', status: 'downloading', total_size_bytes: 4000, started_at: '2026-12-01T10:00:00.000Z' };
export const downloadProgressing = {
  job_id: 'job_0wn0000001',
  status: 'downloading',
  total_size_bytes: 4000,
  downloaded_bytes: 1000,
  bytes_per_second: 500.5,
  estimated_completion: '2026-12-01T10:00:06.000Z',
  started_at: '2026-12-01T10:00:00.000Z',
};
export const downloadCompleted = {
  job_id: 'job_0wn0000001',
  status: 'completed',
  total_size_bytes: 4000,
  downloaded_bytes: 4000,
  started_at: '2026-12-01T10:00:00.000Z',
  completed_at: '2026-12-01T10:00:08.000Z',
};

export const visionErrors = {
  noVision: { error: 'Model does not support images. Please use a model that does.' },
  notBase64: { error: "'url' field must be a base64 encoded image." },
};

/** Files for the contract test, one per validating rule of the native surfaces (names follow the trace names). */
export const nativeTraceFiles: Readonly<Record<string, string>> = {
  'docs-example-api-v1-chat-nonstream-own.json': pretty(nativeResult),
  'docs-example-api-v1-chat-nonstream-mcp-own.json': pretty(nativeMcpResult),
  'docs-example-api-v1-chat-mcp-own.request.curl.txt': `curl http://localhost:1234/api/v1/chat \\\n  -H "Content-Type: application/json" \\\n  -d '${pretty({
    model: 'ibm/granite-4-micro',
    input: 'Search the docs',
    integrations: ['mcp/browser', { type: 'ephemeral_mcp', server_label: 'docs', server_url: 'https://docs.example.org/mcp', allowed_tools: ['search_docs'] }],
    reasoning: 'off',
  })}'\n`,
  ...Object.fromEntries(
    [...loadAndAnswerEvents(), ...mcpEvents, { type: 'error', error: { type: 'invalid_request', message: '"model" is required', code: 'missing_required_parameter', param: 'model' } }].map(
      (event, i) => [`docs-example-api-v1-chat-stream-own-${i}-event.json`, pretty(event)],
    ),
  ),
  'api-v1-chat-server-log-reasoning-only-own.log.txt': `[2026-12-01 10:00:00][INFO][qwen3.8-27b] Generated prediction: ${pretty(nativeReasoningOnly)}`,
  'api-v1-chat-stream-load-client-comment-own.txt': loadAndAnswerEvents()
    .slice(0, 5)
    .map((e) => `  // event.content=${JSON.stringify(e)}\n  ...`)
    .join('\n'),
  'docs-example-api-v1-models-download-own.json': pretty(downloadStarted),
  'docs-example-api-v1-models-download-status-own.json': pretty(downloadProgressing),
  'docs-draft-2026-12-api-v1-models-download-status-list.json': pretty({ downloading: [downloadProgressing], completed: [downloadCompleted], failed: [], paused: [] }),
  'error-vision-no-vision-own.body.txt': JSON.stringify(visionErrors.noVision),
  'error-vision-not-base64-own.body.txt': JSON.stringify(visionErrors.notBase64),
};
