import { LmStudioError } from '../domain/errors.js';
import type { ChatMessage } from '../domain/types.js';
import type { AIChatRequest, AIImageContent, AIMessage, AIMultimodalMessage } from '../openorbit/index.js';

/**
 * `chat()`'s request: the host's `AIChatRequest`, whose messages may also be the host's declared
 * `AIMultimodalMessage` (text and base64 images), ready for when the host sends them.
 */
export interface LmStudioChatRequest extends Omit<AIChatRequest, 'messages'> {
  messages: (AIMessage | AIMultimodalMessage)[];
}

type UserParts = Exclude<Extract<ChatMessage, { role: 'user' }>['content'], string>;

const MEDIA_TYPE = /^image\/[a-z0-9.+-]+$/i;

/** Some message carries an image item (the tier then prefers a model with vision). */
export function hasImages(turns: unknown): boolean {
  return Array.isArray(turns) && turns.some((turn: { content?: unknown }) => Array.isArray(turn?.content) && turn.content.some(isImage));
}

/**
 * The system prompt as a system message (left out when blank: some templates reject an empty one), then the turns.
 * A multimodal user turn becomes OpenAI-compatible content parts: text items as `text` parts, image items as
 * `image_url` parts with an inline `data:<mediaType>;base64,<data>` URL (LM Studio fetches nothing itself). A
 * multimodal assistant turn must be text only (the chat API takes no images from the assistant).
 * @throws LmStudioError `bad-request` for an image in an assistant turn, a media type that is not `image/*`, or
 *   empty image data.
 */
export function convertToChatMessages(systemPrompt: string | undefined, turns: readonly (AIMessage | AIMultimodalMessage)[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (typeof systemPrompt === 'string' && systemPrompt.trim() !== '') out.push({ role: 'system', content: systemPrompt });
  turns.forEach((turn, index) => {
    const items: readonly unknown[] | undefined = Array.isArray(turn?.content) ? turn.content : undefined;
    if (!items) {
      const content = typeof turn?.content === 'string' ? turn.content : String(turn?.content ?? '');
      out.push(turn?.role === 'assistant' ? { role: 'assistant', content } : { role: 'user', content });
      return;
    }
    if (turn.role === 'assistant') {
      if (items.some(isImage)) throw refused(`message ${index} is an assistant message with an image; only user messages can carry images.`);
      out.push({ role: 'assistant', content: items.map((item) => (typeof item === 'string' ? item : '')).join('') });
      return;
    }
    const parts: UserParts = items.map((item, at) => {
      if (isImage(item)) return { type: 'image_url', image_url: { url: dataUrl(item, index, at) } };
      return { type: 'text', text: typeof item === 'string' ? item : String(item ?? '') };
    });
    out.push({ role: 'user', content: parts });
  });
  return out;
}

function isImage(item: unknown): item is AIImageContent {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'image';
}

function dataUrl(image: AIImageContent, index: number, at: number): string {
  const where = `message ${index}, item ${at}`;
  const mediaType = typeof image.mediaType === 'string' ? image.mediaType.trim() : '';
  if (!MEDIA_TYPE.test(mediaType)) throw refused(`${where}: the image's mediaType "${mediaType}" is not an image/* type.`);
  const data = typeof image.data === 'string' ? image.data.replace(/\s+/g, '') : '';
  if (data === '') throw refused(`${where}: the image has no data.`);
  // Already a data URL (some callers hand one over): sent as it is.
  if (data.startsWith('data:')) return data;
  return `data:${mediaType.toLowerCase()};base64,${data}`;
}

function refused(message: string): LmStudioError {
  return new LmStudioError('bad-request', {
    message: `The chat request was not sent: ${message}`,
    hint: 'Send images as { type: "image", data: <base64>, mediaType: "image/png" | "image/jpeg" } items of a user message.',
  });
}
