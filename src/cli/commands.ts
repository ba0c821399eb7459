import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { LmStudioClient } from '../client/client.js';
import { LmStudioError } from '../domain/errors.js';
import type { ChatMessage, ChatRequest, ChatResult, LmModel, Usage } from '../domain/types.js';
import type { ChatStream } from '../stream/chat-stream.js';
import type { ToolRun } from '../client/run-tools.js';
import { builtinTools } from './builtin-tools.js';
import { spinner, style, table, type Out } from './output.js';
import { chooseModel } from '../provider/choose-model.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CommandContext extends Out {
  client: LmStudioClient;
  signal: AbortSignal;
  readStdin: () => Promise<string>;
  stdinIsTTY: boolean;
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

function parse<const T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a positive whole number, not "${value}".`);
  return n;
}

// ---------------------------------------------------------------------------------------------- models

export async function modelsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, 'context-length': { type: 'string' } });
  const [action, target, ...extra] = positionals;
  if (action === 'load' || action === 'unload') {
    if (!target || extra.length > 0) throw new UsageError(`usage: models ${action} <${action === 'load' ? 'model' : 'instance'}>`);
    if (action === 'load') {
      const contextLength = positiveInt(values['context-length'], '--context-length');
      const stop = spinner(ctx.err, `loading ${target}`);
      try {
        const loaded = await ctx.client.loadModel(target, { signal: ctx.signal, ...(contextLength ? { contextLength } : {}) });
        stop.stop();
        if (values.json) ctx.out.write(`${JSON.stringify(loaded, null, 2)}\n`);
        else ctx.out.write(`loaded ${loaded.instanceId}${loaded.contextLength ? ` (context ${loaded.contextLength})` : ''}${loaded.loadTimeSeconds !== undefined ? ` in ${loaded.loadTimeSeconds.toFixed(1)} s` : ''}\n`);
      } finally {
        stop.stop();
      }
      return 0;
    }
    const unloaded = await ctx.client.unloadModel(target, { signal: ctx.signal });
    ctx.out.write(values.json ? `${JSON.stringify(unloaded, null, 2)}\n` : `unloaded ${unloaded.instanceId}\n`);
    return 0;
  }
  if (action !== undefined) throw new UsageError(`unknown models action "${action}" (expected load or unload)`);
  const models = await ctx.client.listModels({ signal: ctx.signal });
  if (values.json) {
    ctx.out.write(`${JSON.stringify(models, null, 2)}\n`);
    return 0;
  }
  ctx.out.write(`${modelTable(models)}\n`);
  return 0;
}

const yesNo = (v: boolean | undefined) => (v === undefined ? '?' : v ? 'yes' : 'no');

export function modelTable(models: readonly LmModel[]): string {
  if (models.length === 0) return 'No models. Download one in LM Studio, or `lms get <model>`.';
  return table(
    ['ID', 'TYPE', 'LOADED', 'CONTEXT', 'TOOL USE'],
    models.map((m) => [
      m.id,
      m.type,
      yesNo(m.loaded),
      m.contextLength !== undefined ? String(m.contextLength) : m.maxContextLength !== undefined ? `max ${m.maxContextLength}` : '?',
      yesNo(m.toolUse),
    ]),
  );
}

// ------------------------------------------------------------------------------------------------ chat

const CHAT_OPTIONS = {
  model: { type: 'string', short: 'm' },
  system: { type: 'string', short: 's' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'no-reasoning': { type: 'boolean' },
  json: { type: 'boolean' },
  tools: { type: 'boolean' },
  'json-schema': { type: 'string' },
} as const;

export async function chatCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, CHAT_OPTIONS);
  let prompt = positionals.join(' ').trim();
  if (prompt === '') {
    if (ctx.stdinIsTTY) throw new UsageError('chat needs a prompt: an argument, or text on standard input.');
    prompt = (await ctx.readStdin()).trim();
    if (prompt === '') throw new UsageError('chat got an empty prompt on standard input.');
  }
  const maxTokens = positiveInt(values['max-tokens'], '--max-tokens');
  let temperature: number | undefined;
  if (values.temperature !== undefined) {
    temperature = Number(values.temperature);
    if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError(`--temperature needs a number from 0 to 2, not "${values.temperature}".`);
  }
  if (values.tools && values['json-schema']) throw new UsageError('--tools and --json-schema cannot be combined.');
  let schema: Record<string, unknown> | undefined;
  if (values['json-schema']) schema = await readSchema(values['json-schema']);

  const model = values.model ?? (await defaultModel(ctx, Boolean(values.tools)));
  const messages: ChatMessage[] = [];
  if (values.system) messages.push({ role: 'system', content: values.system });
  messages.push({ role: 'user', content: prompt });
  const request: ChatRequest = { model, messages };
  if (maxTokens !== undefined) request.max_tokens = maxTokens;
  if (temperature !== undefined) request.temperature = temperature;
  const showReasoning = !values['no-reasoning'];

  if (schema) {
    const wait = spinner(ctx.err, `waiting for ${model}`);
    try {
      const { value, result } = await ctx.client.chatJson(request, { schema, signal: ctx.signal });
      wait.stop();
      ctx.out.write(`${JSON.stringify(values.json ? { value, result } : value, null, 2)}\n`);
      printUsage(ctx, result, undefined);
    } finally {
      wait.stop();
    }
    return 0;
  }
  if (values.tools) {
    const run = ctx.client.runTools({ ...request, tools: builtinTools, signal: ctx.signal });
    const final = await renderToolRun(ctx, run, { showReasoning, quiet: Boolean(values.json) });
    if (values.json) ctx.out.write(`${JSON.stringify(final, null, 2)}\n`);
    return 0;
  }
  const stream = ctx.client.streamChat(request, { signal: ctx.signal });
  const result = await renderStream(ctx, stream, model, { showReasoning, quiet: Boolean(values.json) });
  if (values.json) ctx.out.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

async function readSchema(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the schema file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const schema: unknown = JSON.parse(text);
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error('not an object');
    return schema as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`the schema file ${file} is not a JSON object (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The model a command uses when none is named: the provider's choice for the standard tier. */
export async function defaultModel(ctx: CommandContext, wantTools: boolean): Promise<string> {
  const models = await ctx.client.listModels({ signal: ctx.signal });
  const picked = chooseModel(models, 'standard', { tools: wantTools });
  if (!picked) {
    throw new LmStudioError('no-model-loaded', {
      message: 'LM Studio lists no chat model.',
      hint: 'Download a model in LM Studio (or `lms get <model>`), or name one with --model.',
    });
  }
  return picked.id;
}

interface RenderOptions {
  showReasoning: boolean;
  /** Print nothing while streaming (for --json). */
  quiet: boolean;
}

/** Streams one answer: reasoning dimmed on stderr, the answer on stdout, usage and speed on stderr. */
export async function renderStream(ctx: CommandContext, stream: ChatStream, model: string, options: RenderOptions): Promise<ChatResult> {
  const dim = style(ctx.err).dim;
  const wait = options.quiet ? { stop: () => undefined } : spinner(ctx.err, `waiting for ${model} (a model load can take a while)`);
  let firstAt: number | undefined;
  let lastText = '';
  let inReasoning = false;
  try {
    for await (const event of stream) {
      if (firstAt === undefined) {
        firstAt = Date.now();
        wait.stop();
      }
      if (options.quiet) continue;
      if (event.type === 'reasoning' && options.showReasoning) {
        inReasoning = true;
        ctx.err.write(dim(event.delta));
      } else if (event.type === 'text') {
        if (inReasoning) {
          ctx.err.write('\n\n');
          inReasoning = false;
        }
        ctx.out.write(event.delta);
        lastText = event.delta;
      }
    }
  } finally {
    wait.stop();
  }
  const result = await stream.result();
  if (!options.quiet) {
    if (inReasoning) ctx.err.write('\n');
    if (lastText !== '' && !lastText.endsWith('\n')) ctx.out.write('\n');
    printUsage(ctx, result, firstAt);
  }
  return result;
}

function printUsage(ctx: CommandContext, result: ChatResult, firstAt: number | undefined): void {
  const dim = style(ctx.err).dim;
  const parts: string[] = [];
  const usage: Usage | undefined = result.usage;
  if (usage) parts.push(`${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens`);
  if (usage && firstAt !== undefined) {
    const seconds = (Date.now() - firstAt) / 1000;
    if (seconds > 0 && usage.completionTokens > 0) parts.push(`${(usage.completionTokens / seconds).toFixed(1)} tokens/s`);
  }
  parts.push(result.modelMismatch ? `answered by ${result.model} (asked for ${result.requestedModel})` : result.model);
  ctx.err.write(`${dim(parts.join(' · '))}\n`);
}

/** Prints a tool run round by round: the model's words, each call and its result. */
export async function renderToolRun(ctx: CommandContext, run: ToolRun, options: RenderOptions) {
  const s = style(ctx.err);
  let lastText = '';
  const endLine = () => {
    if (lastText !== '' && !lastText.endsWith('\n')) ctx.out.write('\n');
    lastText = '';
  };
  for await (const event of run) {
    if (options.quiet) continue;
    switch (event.type) {
      case 'round-start':
        endLine();
        ctx.err.write(`${s.cyan(`── round ${event.round}`)}\n`);
        break;
      case 'reasoning':
        if (options.showReasoning) ctx.err.write(s.dim(event.delta));
        break;
      case 'text':
        ctx.out.write(event.delta);
        lastText = event.delta;
        break;
      case 'tool-execution-start':
        endLine();
        ctx.err.write(`${s.yellow('→')} ${event.toolCall.name}(${event.toolCall.arguments || '{}'})${event.toolCall.recovered ? s.dim(' [recovered from text]') : ''}\n`);
        break;
      case 'tool-execution-end':
        ctx.err.write(`${event.isError ? s.red('✗') : s.green('←')} ${event.toolCall.name}: ${event.result.split('\n')[0]}\n`);
        break;
      default:
        break;
    }
  }
  endLine();
  const result = await run.result();
  if (!options.quiet) ctx.err.write(`${s.dim(`${result.rounds} round${result.rounds === 1 ? '' : 's'}, stopped: ${result.stopReason}`)}\n`);
  return result;
}
