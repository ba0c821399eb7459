// Checks a native chat request and turns it into the wire body; refuses, before sending, what `/api/v1/chat`
// cannot do, naming `/v1/chat/completions` as the way.
import type { components } from '../../generated/lmstudio.js';
import { LmStudioError } from '../domain/errors.js';
import type { NativeChatInputItem, NativeChatRequest } from '../domain/native.js';

type WireNativeRequest = components['schemas']['NativeChatRequest'];

const USE_CHAT = 'Use chat() or streamChat() (POST /v1/chat/completions) for this.';

function refuse(what: string): never {
  throw new LmStudioError('bad-request', {
    message: `LM Studio's native chat (POST /api/v1/chat) does not support ${what}.`,
    hint: USE_CHAT,
  });
}

function toWireItem(item: unknown, index: number): NativeChatInputItem {
  if (typeof item !== 'object' || item === null) {
    throw new LmStudioError('bad-request', { message: `input[${index}] must be an object, not ${item === null ? 'null' : typeof item}.` });
  }
  const it = item as Record<string, unknown>;
  if (it.role === 'assistant' || it.type === 'assistant') refuse('assistant messages in input (it takes only the new user turn)');
  if (it.role === 'tool' || it.type === 'function_call_output' || it.type === 'tool_result') refuse('tool results in input (it runs its own tools)');
  if ((it.type === 'message' || it.type === 'text') && typeof it.content === 'string') return { type: it.type, content: it.content };
  if (it.type === 'text' && typeof it.text === 'string') return { type: 'text', content: it.text };
  const url =
    it.type === 'image' && typeof it.data_url === 'string'
      ? it.data_url
      : it.type === 'image_url' && typeof it.image_url === 'object' && it.image_url !== null
        ? (it.image_url as { url?: unknown }).url
        : undefined;
  if (typeof url === 'string') {
    if (!/^data:image\//i.test(url)) {
      throw new LmStudioError('bad-request', {
        message: `input[${index}] is an image by URL; LM Studio reads only inline base64 data URLs and does not fetch URLs.`,
        hint: 'Turn it into a data URL with imagePart(url) first.',
      });
    }
    return { type: 'image', data_url: url };
  }
  throw new LmStudioError('bad-request', {
    message: `input[${index}] is not a native chat item (\`{ type: "message", content }\`, \`{ type: "image", data_url }\` or an image_url part).`,
  });
}

/** The wire body for `request`; throws `bad-request` for what this surface refuses or what is malformed. */
export function prepareNativeRequest(request: NativeChatRequest, stream: boolean): WireNativeRequest {
  if (typeof request !== 'object' || request === null) throw new LmStudioError('bad-request', { message: 'The native chat request must be an object.' });
  const loose = request as unknown as Record<string, unknown>;
  if (loose.tools !== undefined || loose.tool_choice !== undefined || loose.functions !== undefined) {
    refuse('custom client-side tools (only LM Studio plugins and MCP servers through `integrations`)');
  }
  if (loose.response_format !== undefined || loose.text !== undefined || loose.json_schema !== undefined) refuse('structured output');
  if (loose.messages !== undefined) refuse('a `messages` transcript with assistant turns (send `input` and `previous_response_id`)');
  if (typeof request.model !== 'string' || request.model.trim() === '') {
    throw new LmStudioError('bad-request', { message: 'The native chat request needs a model (a non-empty string).' });
  }
  const { input } = request;
  let wireInput: WireNativeRequest['input'];
  if (typeof input === 'string') wireInput = input;
  else if (Array.isArray(input) && input.length > 0) wireInput = input.map(toWireItem);
  else throw new LmStudioError('bad-request', { message: 'The native chat request needs `input`: a string or a non-empty list of items.' });
  const body: WireNativeRequest = { ...request, input: wireInput };
  if (stream) body.stream = true;
  else delete body.stream;
  return body;
}
