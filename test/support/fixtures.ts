/**
 * The project's own LM Studio bodies: small, hand-written, of the same shapes as the real recordings in
 * ../shared/lmstudio-traces (see SOURCES.md there) but not copies of them. Tests that need a body use these, so
 * that they run where the shared folder is absent; the trace tests add the real recordings on top.
 */
import { responsesTraceFiles } from './responses-fixtures.js';

import { nativeTraceFiles } from './native-fixtures.js';

// ---- model listings --------------------------------------------------------------------------------------------

/** `GET /v1/models`: ids only, embeddings mixed in, `@quant` variants. */
export const modelsOpenAi = {
  data: [
    { id: 'qwen2.5-7b-instruct', object: 'model', owned_by: 'organization_owner' },
    { id: 'text-embedding-bge-small-en-v1.5', object: 'model', owned_by: 'organization_owner' },
    { id: 'gemma-3-4b-it@q4_k_m', object: 'model', owned_by: 'organization_owner' },
    { id: 'text-embedding-nomic-embed-text-v1.5', object: 'model', owned_by: 'organization_owner' },
  ],
  object: 'list',
};

/** `GET /api/v0/models` (0.3.6+): `type`, `state`, loaded and max context, `capabilities` (absent for embeddings). */
export const modelsApiV0 = {
  data: [
    {
      id: 'mistral-7b-instruct-v0.3',
      object: 'model',
      type: 'llm',
      publisher: 'mistralai',
      arch: 'mistral',
      compatibility_type: 'gguf',
      quantization: 'Q4_K_M',
      state: 'loaded',
      max_context_length: 32768,
      loaded_context_length: 4096,
      capabilities: ['tool_use'],
    },
    {
      id: 'llava-phi-3-mini',
      object: 'model',
      type: 'vlm',
      publisher: 'xtuner',
      arch: 'phi3',
      compatibility_type: 'mlx',
      quantization: '4bit',
      state: 'not-loaded',
      max_context_length: 8192,
    },
    {
      id: 'text-embedding-all-minilm-l6-v2',
      object: 'model',
      type: 'embeddings',
      publisher: 'sentence-transformers',
      arch: 'bert',
      compatibility_type: 'gguf',
      quantization: 'F16',
      state: 'not-loaded',
      max_context_length: 512,
    },
  ],
  object: 'list',
};

/** `GET /api/v1/models` (0.4+): loaded instances with their real context, capabilities, reasoning options. */
export const modelsApiV1 = {
  models: [
    {
      type: 'llm',
      publisher: 'mistralai',
      key: 'mistralai/ministral-8b',
      display_name: 'Ministral 8B',
      architecture: 'mistral',
      quantization: { name: 'Q6_K', bits_per_weight: 6 },
      size_bytes: 6_600_000_000,
      params_string: '8B',
      loaded_instances: [{ id: 'mistralai/ministral-8b', config: { context_length: 8192, parallel: 2 }, remaining_ttl_seconds: 1200 }],
      max_context_length: 131072,
      format: 'gguf',
      capabilities: { vision: false, trained_for_tool_use: true },
      description: null,
      variants: ['mistralai/ministral-8b@q6_k'],
      selected_variant: 'mistralai/ministral-8b@q6_k',
    },
    {
      type: 'llm',
      publisher: 'openai',
      key: 'openai/gpt-oss-20b',
      display_name: 'gpt-oss 20B',
      architecture: 'gpt-oss',
      quantization: { name: 'MXFP4', bits_per_weight: 4 },
      size_bytes: 12_100_000_000,
      params_string: '20B',
      loaded_instances: [],
      max_context_length: 131072,
      format: 'gguf',
      capabilities: {
        vision: false,
        trained_for_tool_use: false,
        reasoning: { allowed_options: ['low', 'medium', 'high'], default: 'medium' },
      },
      description: null,
      variants: ['openai/gpt-oss-20b@mxfp4'],
      selected_variant: 'openai/gpt-oss-20b@mxfp4',
    },
    {
      type: 'llm',
      publisher: 'google',
      key: 'google/gemma-3-12b',
      display_name: 'Gemma 3 12B',
      architecture: 'gemma3',
      quantization: { name: '4bit', bits_per_weight: 4 },
      size_bytes: 8_000_000_000,
      params_string: '12B',
      loaded_instances: [],
      max_context_length: 131072,
      format: 'mlx',
      capabilities: { vision: true, trained_for_tool_use: true },
      description: null,
      variants: ['google/gemma-3-12b@4bit'],
      selected_variant: 'google/gemma-3-12b@4bit',
    },
    {
      type: 'embedding',
      publisher: 'nomic-ai',
      key: 'text-embedding-nomic-embed-text-v2',
      display_name: 'Nomic Embed Text v2',
      quantization: { name: 'F16', bits_per_weight: 16 },
      size_bytes: 274_000_000,
      params_string: null,
      loaded_instances: [],
      max_context_length: 2048,
      format: 'gguf',
    },
  ],
};

/** `POST /api/v1/models/load` with `echo_load_config`. */
export const loadModelResponse = {
  type: 'llm',
  instance_id: 'mistralai/ministral-8b',
  load_time_seconds: 3.25,
  status: 'loaded',
  load_config: { context_length: 8192, eval_batch_size: 512, flash_attention: false, offload_kv_cache_to_gpu: true },
};

// ---- chat ------------------------------------------------------------------------------------------------------

type Message = Record<string, unknown>;

/** A non-streamed chat completion in LM Studio's 0.4.x shape (pretty-printed on the wire). */
export function chatResponse(message: Message, options: { model?: string; finish?: string | null; usage?: Record<string, unknown> } = {}) {
  const model = options.model ?? 'mistralai/ministral-8b';
  return {
    id: 'chatcmpl-own0fixture0000000001',
    object: 'chat.completion',
    created: 1_760_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', ...message },
        logprobs: null,
        finish_reason: options.finish === undefined ? 'stop' : options.finish,
      },
    ],
    usage: options.usage ?? { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, completion_tokens_details: { reasoning_tokens: 0 } },
    stats: {},
    system_fingerprint: model,
  };
}

export const chatPlain = chatResponse({ content: 'Hi! What can I do for you?', reasoning_content: '', tool_calls: [] });

/** Older (≈0.3.16) shape: no `reasoning_content` / `tool_calls` keys, `logprobs` before `finish_reason`. */
export const chatOldShape = {
  id: 'chatcmpl-own0fixture0000000002',
  object: 'chat.completion',
  created: 1_750_000_000,
  model: 'mistral-7b-instruct-v0.3',
  choices: [{ index: 0, logprobs: null, finish_reason: 'length', message: { role: 'assistant', content: 'Once there was a' } }],
  usage: { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 },
  stats: {},
  system_fingerprint: 'mistral-7b-instruct-v0.3',
};

/** Reasoning separated into `reasoning_content`; the answer opens with "\n\n". */
export const chatReasoningContent = chatResponse(
  { content: '\n\n12 × 12 = 144.', reasoning_content: 'Twelve twelves: 120 + 24 = 144.', tool_calls: [] },
  { model: 'qwen/qwen3-8b', usage: { prompt_tokens: 30, completion_tokens: 40, total_tokens: 70, completion_tokens_details: { reasoning_tokens: 28 } } },
);

/** gpt-oss: reasoning in `reasoning`, no `reasoning_content` key. */
export const chatReasoningField = chatResponse(
  { content: 'Paris.', reasoning: 'The capital of France is Paris.', tool_calls: [] },
  { model: 'openai/gpt-oss-20b' },
);

/** gpt-oss on a 0.4.x server, which always sends `reasoning_content` (`""` when unused). */
export const chatReasoningFieldWithEmptyReasoningContent = chatResponse(
  { content: 'Paris.', reasoning_content: '', reasoning: 'The capital of France is Paris.', tool_calls: [] },
  { model: 'openai/gpt-oss-20b' },
);

/** Reasoning separation off: raw think tags inside `content`. */
export const chatInlineThink = chatResponse(
  { content: '<think>\nThe user greets me. Be brief.\n</think>\n\nHello there!', reasoning_content: '', tool_calls: [] },
  { model: 'deepseek-r1-distill-llama-8b' },
);

export function toolCall(id: string, name: string, args: string) {
  return { type: 'function', id, function: { name, arguments: args } };
}

/** A native tool call: `content: ""`, 9-digit id, `finish_reason: "tool_calls"`. */
export const chatToolCall = chatResponse(
  { content: '', reasoning_content: 'Need the weather tool.', tool_calls: [toolCall('482913765', 'get_weather', '{"city":"Lyon"}')] },
  { finish: 'tool_calls' },
);

/** The older docs shape: no `content` key at all next to `tool_calls`. */
export const chatToolCallNoContent = {
  id: 'chatcmpl-own0fixture0000000003',
  object: 'chat.completion',
  created: 1_730_000_000,
  model: 'qwen2.5-7b-instruct',
  choices: [
    {
      index: 0,
      logprobs: null,
      finish_reason: 'tool_calls',
      message: { role: 'assistant', tool_calls: [{ id: '918273645', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
    },
  ],
  usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
  system_fingerprint: 'qwen2.5-7b-instruct',
};

/** A request for an unknown model answered by the loaded one, HTTP 200. */
export const chatServedByOtherModel = chatResponse(
  { content: '\n\nHello!', reasoning_content: 'Say hello.\n', tool_calls: [] },
  { model: 'qwen/qwen3-8b' },
);

export const chatRequest = {
  model: 'mistralai/ministral-8b',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Lyon?' },
  ],
  temperature: 0.2,
  max_tokens: -1,
  stream: false,
};

/** Numbers sent as strings, which LM Studio 0.3.16 accepted. */
export const chatRequestNumericStrings = {
  model: 'mistral-7b-instruct-v0.3',
  messages: [{ role: 'user', content: 'Tell me a story' }],
  temperature: '0.5',
  max_tokens: '32',
  stream: false,
};

export const chatRequestWithToolHistory = {
  model: 'mistralai/ministral-8b',
  messages: [
    { role: 'user', content: 'Weather in Lyon?' },
    { role: 'assistant', content: null, tool_calls: [toolCall('482913765', 'get_weather', '{"city":"Lyon"}')] },
    { role: 'tool', tool_call_id: '482913765', content: '{"temp_c":17}' },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  tool_choice: 'auto',
  stream: true,
  stream_options: { include_usage: true },
  reasoning_effort: 'low',
};

// ---- streams ---------------------------------------------------------------------------------------------------

const chunkBase = { id: 'chatcmpl-own0stream000000000001', object: 'chat.completion.chunk', created: 1_760_000_100, model: 'qwen/qwen3-8b', system_fingerprint: 'qwen/qwen3-8b' };

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return { ...chunkBase, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
}

/** An SSE body: compact `data:` events, blank-line framing, `[DONE]`. */
export function sse(payloads: unknown[], done = true): string {
  return payloads.map((p) => `data: ${JSON.stringify(p)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** Reasoning, then text opening with "\n\n", the trailing empty delta, finish, usage chunk. */
export const streamReasoningWithUsage = sse([
  chunk({ role: 'assistant', reasoning_content: 'Two' }),
  chunk({ reasoning_content: ' plus two.' }),
  chunk({ content: '\n\n' }),
  chunk({ content: '4' }),
  chunk({ content: '' }),
  chunk({}, 'stop'),
  { ...chunkBase, choices: [], usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15, completion_tokens_details: { reasoning_tokens: 4 } } },
]);

/** A streamed tool call: first fragment with id and name, later ones with argument text only. */
export const streamToolCall = sse([
  chunk({ role: 'assistant', content: '' }),
  chunk({ tool_calls: [{ index: 0, id: '573920184', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
  chunk({ tool_calls: [{ index: 0, type: 'function', function: { arguments: '{"city":' } }] }),
  chunk({ tool_calls: [{ index: 0, type: 'function', function: { arguments: '"Lyon"}' } }] }),
  chunk({}, 'tool_calls'),
]);

/** An error after the 200 header: `event: error`, no `[DONE]`. */
export const streamErrorEvent =
  sse([chunk({ role: 'assistant', content: 'Sure' })], false) +
  `event: error\ndata: ${JSON.stringify({ error: { message: 'The prompt does not fit the context length (n_ctx: 2048).' }, message: 'The prompt does not fit the context length (n_ctx: 2048).' })}\n\n`;

// ---- errors ----------------------------------------------------------------------------------------------------

/** Every error shape of the wire contract, with the status LM Studio sends it with. */
export const errors = {
  unexpectedEndpoint: { status: 200, body: { error: 'Unexpected endpoint or method. (POST /chat/completions)' } },
  messagesRequired: { status: 400, body: { error: "'messages' field is required" } },
  jsonObject: { status: 400, body: { error: "'response_format.type' must be 'json_schema' or 'text'" } },
  noModelLoadedString: {
    status: 400,
    body: { error: "No models loaded. Please load a model in the developer page or use the 'lms load' command." },
  },
  noModelLoadedObject: {
    status: 400,
    body: {
      error: {
        message: "No models loaded. Please load a model in the developer page or use the 'lms load' command.",
        type: 'invalid_request_error',
        param: 'model',
        code: null,
      },
    },
  },
  modelNotFound400: {
    status: 400,
    body: {
      error: {
        message: 'Invalid model identifier "gpt-4o". Please specify a valid downloaded model (e.g., qwen/qwen3-8b, google/gemma-3-12b).',
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    },
  },
  modelNotFound404: {
    status: 404,
    body: {
      error: {
        message: 'Model "my model" not found. Please specify a valid model.\n\nYour models:\n\nqwen/qwen3-8b',
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    },
  },
  invalidReasoningEffort: {
    status: 400,
    body: {
      error: {
        message: "Invalid 'reasoning_effort' value: 'max'. Supported values: none, minimal, low, medium, high, xhigh.",
        type: 'invalid_request_error',
        param: 'reasoning_effort',
        code: 'invalid_value',
      },
    },
  },
  /** ≈0.3.5 wording, with LM Studio's `<LM Studio error>` prefix. */
  contextOverflowOld: {
    status: 400,
    body: {
      error:
        '<LM Studio error> Trying to keep the first 9001 tokens when context the overflows. However, the model is loaded with context length of only 2048 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input. Error Data: n/a, Additional Data: n/a',
    },
  },
  /** 0.4.x llama.cpp wording. */
  contextOverflowNew: {
    status: 400,
    body: {
      error:
        'The number of tokens to keep from the initial prompt is greater than the context length (n_keep: 5000>= n_ctx: 2048). Try to load the model with a larger context length, or provide a shorter input.',
    },
  },
  authRequired: {
    status: 401,
    body: {
      error: {
        type: 'invalid_request',
        code: 'invalid_api_key',
        message:
          "An LM Studio API token is required to make requests to this server, but none was provided using the Authorization header using the 'Bearer' scheme.",
      },
    },
  },
  /** A prompt template failure (or a model crash) is a 400 with a string too. */
  promptTemplate: {
    status: 400,
    body: { error: 'Error rendering prompt with jinja template: "Cannot call something that is not a function: got UndefinedValue".' },
  },
  serverError: { status: 500, body: { error: 'The model has crashed without additional information. (Exit code: 6)' } },
} as const;

// ---- VCR cassette ----------------------------------------------------------------------------------------------

/** A YAML single-quoted scalar holding `value` as compact JSON. */
const yamlJson = (value: unknown): string => `'${JSON.stringify(value).replace(/'/g, "''")}'`;

/** A VCR cassette of the kind Ruby clients record: a model listing and a chat, bodies as JSON strings. */
export const cassette = `---
http_interactions:
- request:
    method: get
    uri: http://localhost:1234/v1/models
    body:
      encoding: US-ASCII
      string: ''
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Type:
      - application/json; charset=utf-8
    body:
      encoding: UTF-8
      string: ${yamlJson(modelsOpenAi)}
- request:
    method: post
    uri: http://localhost:1234/v1/chat/completions
    body:
      encoding: UTF-8
      string: ${yamlJson(chatRequestNumericStrings)}
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Type:
      - application/json; charset=utf-8
    body:
      encoding: UTF-8
      string: ${yamlJson(chatOldShape)}
- request:
    method: post
    uri: http://localhost:1234/v1/chat/completions
    body:
      encoding: UTF-8
      string: ${yamlJson({ model: 'gpt-4o', messages: [{ role: 'user', content: "what's up" }] })}
  response:
    status:
      code: 400
      message: Bad Request
    headers:
      Content-Type:
      - application/json; charset=utf-8
    body:
      encoding: UTF-8
      string: ${yamlJson(errors.modelNotFound400.body)}
recorded_with: VCR 6.3.1
`;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/**
 * The own fixtures as files named like the traces, so that the very same filename classifier validates them
 * (test/contract). Every rule kind that validates something has at least one file here.
 */
export const ownTraceFiles: Readonly<Record<string, string>> = {
  'models-v1-own.json': pretty(modelsOpenAi),
  'models-api-v0-own.json': pretty(modelsApiV0),
  'models-api-v1-own.json': pretty(modelsApiV1),
  'chat-nonstream-plain-own.json': pretty(chatPlain),
  'chat-nonstream-old-shape-own.json': pretty(chatOldShape),
  'chat-nonstream-reasoning-content-own.json': JSON.stringify(chatReasoningContent),
  'chat-nonstream-reasoning-field-own.json': pretty(chatReasoningField),
  'chat-nonstream-reasoning-both-own.json': pretty(chatReasoningFieldWithEmptyReasoningContent),
  'chat-nonstream-inline-think-own.json': pretty(chatInlineThink),
  'chat-nonstream-tool-call-own.json': pretty(chatToolCall),
  'chat-nonstream-served-by-other-own.json': pretty(chatServedByOtherModel),
  'chat-nonstream-served-by-other-own.meta.json': pretty({
    url: 'http://localhost:1234/v1/chat/completions',
    request: { model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }], stream: false },
    status: 200,
    contentType: 'application/json; charset=utf-8',
  }),
  'chat-nonstream-own.request.json': JSON.stringify(chatRequest),
  'chat-nonstream-numeric-strings-own.request.json': JSON.stringify(chatRequestNumericStrings),
  'chat-stream-tool-history-own.request.json': JSON.stringify(chatRequestWithToolHistory),
  'docs-example-v1-chat-tool-call-own-nonstream.json': pretty(chatToolCallNoContent),
  'docs-example-api-v1-models-load-own.json': pretty(loadModelResponse),
  'chat-stream-reasoning-usage-own.sse': streamReasoningWithUsage,
  'chat-stream-tool-call-own.sse': streamToolCall,
  'chat-stream-error-event-own.sse': streamErrorEvent,
  'chat-stream-no-usage-payloads-own.txt': [chunk({ role: 'assistant', content: 'ok' }), chunk({}, 'stop')].map((c) => JSON.stringify(c)).join('\n') + '\n[DONE]\n',
  'cassette-own.vcr.yml': cassette,
  ...responsesTraceFiles,
  ...Object.fromEntries(Object.entries(errors).map(([name, e]) => [`error-${e.status}-${name}-own.json`, pretty(e.body)])),
  // Deliberately not validated, like their trace counterparts.
  'error-400-context-overflow-own.txt': `Error code: 400 - {'error': 'context overflow'}\n`,
  // The native surfaces' own bodies (test/support/native-fixtures.ts).
  ...nativeTraceFiles,
};
