// Printing answers as they arrive: the answer on stdout, reasoning dimmed and the status lines on stderr.
import type { ToolRun, ToolRunResult } from '../client/run-tools.js';
import type { ChatEvent, ChatResult } from '../domain/types.js';
import type { ToolRunJson } from './json-output.js';
import { spinner, style, type Out } from './output.js';
import { percentDisplay } from './progress.js';

/** How an answer is printed. */
export interface RenderOptions {
  showReasoning: boolean;
  /** Print nothing while streaming (for --json). */
  quiet: boolean;
  /** The --max-tokens given, to say why an answer was cut. */
  maxTokens?: number | undefined;
}

/** When the answer streamed, for the speed line. */
export interface Timing {
  startedAt: number;
  firstAt?: number;
  endedAt?: number;
  /** LM Studio's own measure, when it gives one (native chat). */
  serverTokensPerSecond?: number;
}

/** Generated tokens per second, from the first token to the last; undefined when not measurable. */
export function tokensPerSecond(result: ChatResult, timing: Timing): number | undefined {
  if (timing.serverTokensPerSecond !== undefined) return timing.serverTokensPerSecond;
  const tokens = result.usage?.completionTokens;
  if (!tokens || timing.firstAt === undefined || timing.endedAt === undefined) return undefined;
  const seconds = (timing.endedAt - timing.firstAt) / 1000;
  return seconds > 0 ? tokens / seconds : undefined;
}

/** Progress the server reports before the answer (LM Studio's native chat): model load, prompt processing. */
export interface ProgressEvent {
  type: 'model-load' | 'prompt-processing';
  /** 0 to 1. */
  progress: number;
}

/** What renderStream reads: a chat stream, or a native one with progress events and speed statistics. */
export interface AnswerStream extends AsyncIterable<ChatEvent | ProgressEvent | { type: 'invalid-tool-call' }> {
  result(): Promise<ChatResult & { stats?: { tokensPerSecond?: number } }>;
}

/**
 * Streams one answer: reasoning dimmed on stderr, the answer on stdout, then the speed line. Until the first token a
 * spinner runs, or LM Studio's load progress shows when the stream reports it.
 */
export async function renderStream(io: Out, stream: AnswerStream, model: string, options: RenderOptions): Promise<{ result: ChatResult; timing: Timing }> {
  const dim = style(io.err).dim;
  const timing: Timing = { startedAt: Date.now() };
  const wait: { stop(): void } = options.quiet ? { stop: () => undefined } : spinner(io.err, `waiting for ${model} (a model load can take a while)`);
  const bars: Partial<Record<ProgressEvent['type'], ReturnType<typeof percentDisplay>>> = {};
  let lastText = '';
  let inReasoning = false;
  const endLine = () => {
    if (inReasoning) io.err.write('\n');
    if (lastText !== '' && !lastText.endsWith('\n')) io.out.write('\n');
    inReasoning = false;
    lastText = '';
  };
  try {
    for await (const event of stream) {
      if ((event.type === 'model-load' || event.type === 'prompt-processing') && !options.quiet && timing.firstAt === undefined) {
        wait.stop();
        for (const [type, bar] of Object.entries(bars)) if (type !== event.type) bar.done();
        const label = event.type === 'model-load' ? `loading ${model}` : 'processing the prompt';
        (bars[event.type] ??= percentDisplay(io.err, label)).update(event.progress);
        continue;
      }
      if (timing.firstAt === undefined && (event.type === 'text' || event.type === 'reasoning' || event.type === 'tool-call-start')) {
        timing.firstAt = Date.now();
        wait.stop();
        for (const bar of Object.values(bars)) bar.done();
      }
      if (options.quiet) continue;
      if (event.type === 'reasoning' && options.showReasoning) {
        inReasoning = true;
        io.err.write(dim(event.delta));
      } else if (event.type === 'text') {
        if (inReasoning) {
          io.err.write('\n\n');
          inReasoning = false;
        }
        io.out.write(event.delta);
        lastText = event.delta;
      }
    }
  } finally {
    wait.stop();
    for (const bar of Object.values(bars)) bar.done();
    if (!options.quiet) endLine();
  }
  timing.endedAt = Date.now();
  const result = await stream.result();
  if (result.stats?.tokensPerSecond !== undefined) timing.serverTokensPerSecond = result.stats.tokensPerSecond;
  if (!options.quiet) printStatus(io, result, timing, options);
  return { result, timing };
}

/** One dim line after an answer: tokens, speed, the model that answered; and a warning when it was cut off. */
export function printStatus(io: Out, result: ChatResult, timing: Timing, options: Pick<RenderOptions, 'maxTokens'>): void {
  const s = style(io.err);
  const parts: string[] = [];
  if (result.usage) parts.push(`${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion tokens`);
  const speed = tokensPerSecond(result, timing);
  if (speed !== undefined) parts.push(`${speed.toFixed(1)} tokens/s`);
  if (timing.firstAt !== undefined) parts.push(`first token after ${((timing.firstAt - timing.startedAt) / 1000).toFixed(1)} s`);
  parts.push(result.modelMismatch ? `answered by ${result.model} (asked for ${result.requestedModel})` : result.model);
  io.err.write(`${s.dim(parts.join(' · '))}\n`);
  const cut = cutOffNote(result, options.maxTokens);
  if (cut) io.err.write(`${s.yellow('warning:')} ${cut}\n`);
}

/** Why an answer ended early, when it did (finish reason `length`). */
export function cutOffNote(result: ChatResult, maxTokens: number | undefined): string | undefined {
  if (result.finishReason !== 'length') return undefined;
  return maxTokens !== undefined
    ? `the answer was cut off at --max-tokens ${maxTokens}; raise it for the rest.`
    : "the answer was cut off at the model's length limit (its context is full); start a shorter conversation or load the model with a larger --context-length.";
}

/** Prints a tool run round by round: the model's words, each call and its result. */
export async function renderToolRun(io: Out, run: ToolRun, options: RenderOptions): Promise<{ result: ToolRunResult; timing: Timing; toolRuns: ToolRunJson[] }> {
  const s = style(io.err);
  const timing: Timing = { startedAt: Date.now() };
  const toolRuns: ToolRunJson[] = [];
  let lastText = '';
  const endLine = () => {
    if (lastText !== '' && !lastText.endsWith('\n')) io.out.write('\n');
    lastText = '';
  };
  try {
    for await (const event of run) {
      if (event.type === 'tool-execution-end') {
        toolRuns.push({ round: event.round, name: event.toolCall.name, arguments: event.toolCall.arguments, result: event.result, isError: event.isError });
      }
      if (event.type === 'round-start') timing.firstAt = undefined;
      else if (timing.firstAt === undefined && (event.type === 'text' || event.type === 'reasoning' || event.type === 'tool-call-start')) timing.firstAt = Date.now();
      if (options.quiet) continue;
      switch (event.type) {
        case 'round-start':
          endLine();
          io.err.write(`${s.cyan(`── round ${event.round}`)}\n`);
          break;
        case 'reasoning':
          if (options.showReasoning) io.err.write(s.dim(event.delta));
          break;
        case 'text':
          io.out.write(event.delta);
          lastText = event.delta;
          break;
        case 'tool-execution-start':
          endLine();
          io.err.write(`${s.yellow('→')} ${event.toolCall.name}(${event.toolCall.arguments || '{}'})${event.toolCall.recovered ? s.dim(' [recovered from text]') : ''}\n`);
          break;
        case 'tool-execution-end':
          io.err.write(`${event.isError ? s.red('✗') : s.green('←')} ${event.toolCall.name}: ${event.result.split('\n')[0]}\n`);
          break;
        default:
          break;
      }
    }
  } finally {
    if (!options.quiet) endLine();
  }
  timing.endedAt = Date.now();
  const result = await run.result();
  if (!options.quiet) {
    io.err.write(`${s.dim(`${result.rounds} round${result.rounds === 1 ? '' : 's'}, stopped: ${result.stopReason}`)}\n`);
    printStatus(io, result.final, timing, options);
  }
  return { result, timing, toolRuns };
}
