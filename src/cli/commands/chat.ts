// `chat`: one answer for a prompt (argument or piped stdin), or, on a terminal without a prompt, a session.
import type { ChatMessage, ChatRequest } from '../../domain/types.js';
import { parseOptions, positiveInt, UsageError } from '../args.js';
import { builtinTools } from '../builtin-tools.js';
import { defaultModel, type CommandContext } from '../context.js';
import { chatJson, writeJson } from '../json-output.js';
import { spinner } from '../output.js';
import { printStatus, renderStream, renderToolRun } from '../render.js';
import { readSchemaFile } from '../schema-file.js';
import { askForAnswer } from './answer.js';
import { readImages } from './images.js';
import { interactiveChat } from './interactive.js';

/** The options of `chat`. */
export const CHAT_OPTIONS = {
  model: { type: 'string', short: 'm' },
  system: { type: 'string', short: 's' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'no-reasoning': { type: 'boolean' },
  json: { type: 'boolean' },
  tools: { type: 'boolean' },
  'json-schema': { type: 'string' },
  interactive: { type: 'boolean', short: 'i' },
  image: { type: 'string', multiple: true },
} as const;

/** What shapes each request of a chat (one answer or a session). */
export interface ChatSettings {
  model: string | undefined;
  system: string | undefined;
  maxTokens: number | undefined;
  temperature: number | undefined;
  showReasoning: boolean;
  tools: boolean;
}

/** `chat`: one answer, or a session on a terminal without a prompt (or with -i). */
export async function chatCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('chat', args, CHAT_OPTIONS);
  const settings: ChatSettings = {
    model: values.model,
    system: values.system,
    maxTokens: positiveInt(values['max-tokens'], '--max-tokens'),
    temperature: temperatureOf(values.temperature),
    showReasoning: !values['no-reasoning'],
    tools: Boolean(values.tools),
  };
  if (values.tools && values['json-schema']) throw new UsageError('--tools and --json-schema cannot be combined.');
  let prompt = positionals.join(' ').trim();
  if (values.interactive || (prompt === '' && ctx.stdinIsTTY)) {
    if (values.json || values['json-schema'] || values.image) throw new UsageError('an interactive session cannot use --json, --json-schema or --image; give a prompt for one answer.');
    if (prompt !== '') throw new UsageError('--interactive takes no prompt: type it in the session.');
    return interactiveChat(ctx, settings);
  }
  if (prompt === '') {
    prompt = (await ctx.readStdin()).trim();
    if (prompt === '') throw new UsageError('chat got an empty prompt on standard input.');
  }
  const schema = values['json-schema'] ? await readSchemaFile(values['json-schema']) : undefined;
  const json = Boolean(values.json);
  const images = await readImages(values.image ?? [], ctx.signal);
  const model = settings.model ?? (await defaultModel(ctx, settings.tools));
  const user: ChatMessage = images.length > 0 ? { role: 'user', content: [{ type: 'text', text: prompt }, ...images] } : { role: 'user', content: prompt };
  const request = chatRequest(model, settings, [user]);
  const render = { showReasoning: settings.showReasoning, quiet: json, maxTokens: settings.maxTokens };

  if (schema) {
    const wait = json ? { stop: () => undefined } : spinner(ctx.err, `waiting for ${model}`);
    const startedAt = Date.now();
    let answer;
    try {
      answer = await ctx.client.chatJson(request, { schema, signal: ctx.signal });
    } finally {
      wait.stop();
    }
    const timing = { startedAt };
    if (json) writeJson(ctx.out, chatJson(answer.result, timing, { value: answer.value }));
    else {
      ctx.out.write(`${JSON.stringify(answer.value, null, 2)}\n`);
      printStatus(ctx, answer.result, timing, render);
    }
    return 0;
  }
  if (settings.tools) {
    const run = ctx.client.runTools({ ...request, tools: builtinTools, signal: ctx.signal });
    const { result, timing, toolRuns } = await renderToolRun(ctx, run, render);
    if (json) writeJson(ctx.out, chatJson(result.final, timing, { run: result, toolRuns }));
    return 0;
  }
  const { result, timing } = await renderStream(ctx, await askForAnswer(ctx, model, settings, [user], ctx.signal), model, render);
  if (json) writeJson(ctx.out, chatJson(result, timing));
  return 0;
}

function temperatureOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Number(value);
  if (!Number.isFinite(t) || t < 0 || t > 2) throw new UsageError(`--temperature needs a number from 0 to 2, not "${value}".`);
  return t;
}

/** The request for `messages` under the session's settings (system prompt first). */
export function chatRequest(model: string, settings: ChatSettings, messages: ChatMessage[]): ChatRequest {
  const all: ChatMessage[] = settings.system ? [{ role: 'system', content: settings.system }, ...messages] : messages;
  const request: ChatRequest = { model, messages: all };
  if (settings.maxTokens !== undefined) request.max_tokens = settings.maxTokens;
  if (settings.temperature !== undefined) request.temperature = settings.temperature;
  return request;
}
