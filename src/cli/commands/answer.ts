// How one answer is asked for. A first answer from a model that is not loaded yet goes through LM Studio's native
// chat (0.4+), which reports the just-in-time load's progress; everything else, and any server without it, goes
// through the OpenAI-compatible chat.
import { LmStudioError } from '../../domain/errors.js';
import type { ImageContentPart, NativeChatInputItem } from '../../domain/native.js';
import type { ChatMessage } from '../../domain/types.js';
import type { CommandContext } from '../context.js';
import type { AnswerStream } from '../render.js';
import { chatRequest, type ChatSettings } from './chat.js';

/** Whether `model` would be loaded just in time by the next request, on a server with the native chat. */
async function loadsJustInTime(ctx: CommandContext, model: string, signal: AbortSignal): Promise<boolean> {
  try {
    const models = await ctx.client.listModels({ signal });
    const entry = models.find((m) => m.id === model);
    if (!entry || entry.loaded !== false) return false;
    return (await ctx.client.serverInfo({ signal })).modelsSurface === 'api-v1';
  } catch (error) {
    // Only a look ahead: when the listing fails, the chat itself says what is wrong (or works).
    if (signal.aborted || !(error instanceof LmStudioError)) throw error;
    return false;
  }
}

/** The user turn as native chat input: text, then any images. */
function nativeInput(message: ChatMessage): string | (NativeChatInputItem | ImageContentPart)[] | undefined {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const items: (NativeChatInputItem | ImageContentPart)[] = [];
  for (const part of content as { type?: string; text?: string }[]) {
    if (part.type === 'text' && typeof part.text === 'string') items.push({ type: 'message', content: part.text });
    else if (part.type === 'image_url') items.push(part as ImageContentPart);
    else return undefined;
  }
  return items;
}

const missingEndpoint = (error: unknown) => error instanceof LmStudioError && (error.code === 'endpoint-not-found' || error.code === 'unsupported');

/** The answer to `history` (its last message is the new user turn), as a stream to render. */
export async function askForAnswer(ctx: CommandContext, model: string, settings: ChatSettings, history: ChatMessage[], signal: AbortSignal): Promise<AnswerStream> {
  const openAi = (): AnswerStream => ctx.client.streamChat(chatRequest(model, settings, history), { signal });
  const first = history.length === 1 ? history[0] : undefined;
  const input = first && first.role === 'user' ? nativeInput(first) : undefined;
  if (input === undefined || settings.tools || !(await loadsJustInTime(ctx, model, signal))) return openAi();
  const native = (): AnswerStream =>
    ctx.client.streamNativeChat(
      {
        model,
        input,
        store: false,
        ...(settings.system ? { system_prompt: settings.system } : {}),
        ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
        ...(settings.maxTokens !== undefined ? { max_output_tokens: settings.maxTokens } : {}),
      },
      { signal },
    );
  return withFallback(native, openAi);
}

/** `primary`, or `fallback` when the primary's endpoint is missing before anything arrived. */
function withFallback(primary: () => AnswerStream, fallback: () => AnswerStream): AnswerStream {
  let current: AnswerStream | undefined;
  return {
    async *[Symbol.asyncIterator]() {
      let yielded = false;
      try {
        current = primary();
        for await (const event of current) {
          yielded = true;
          yield event;
        }
        return;
      } catch (error) {
        if (yielded || !missingEndpoint(error)) throw error;
      }
      current = fallback();
      yield* current;
    },
    result: () => (current ?? (current = primary())).result(),
  };
}
