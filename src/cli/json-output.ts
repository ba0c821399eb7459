// The one shape of `--json`: a single object on stdout, `ok` true with the command's fields, or `ok` false with
// `error`. `chat` has the same fields whatever its other flags (plain, --tools, --json-schema).
import type { ToolRunResult } from '../client/run-tools.js';
import type { ChatResult, FinishReason, LmModel, ToolCall, Usage } from '../domain/types.js';
import type { JsonError } from './errors.js';
import { tokensPerSecond, type Timing } from './render.js';

/** A tool the CLI ran for the model (`chat --tools`). */
export interface ToolRunJson {
  round: number;
  name: string;
  /** The arguments as the model wrote them. */
  arguments: string;
  result: string;
  isError: boolean;
}

/** `chat --json`: the same fields with or without --tools and --json-schema. */
export interface ChatJson {
  ok: true;
  command: 'chat';
  /** The model that answered, and the one asked for. */
  model: string;
  requestedModel: string;
  /** The final answer's text, without reasoning. */
  content: string;
  reasoning: string;
  /** With --json-schema: the parsed, validated answer; otherwise null. */
  value: unknown;
  finishReason: FinishReason | null;
  /** True when the answer was cut off (finish reason `length`: --max-tokens or the context). */
  truncated: boolean;
  /** Tool calls in the final answer that were not run (rare; with --tools every call is run). */
  toolCalls: ToolCall[];
  /** The tools run, in order (with --tools; otherwise empty). */
  toolRuns: ToolRunJson[];
  /** Model calls made (1 without --tools). */
  rounds: number;
  usage: Usage | null;
  tokensPerSecond: number | null;
}

/** `models --json`. */
export interface ModelsJson {
  ok: true;
  command: 'models';
  models: LmModel[];
}

/** Any command's `--json` reply on failure (exit code 1, 2 or 130). */
export interface FailureJson {
  ok: false;
  command: string;
  error: JsonError;
}

/** The `chat --json` reply for the final answer (`run` and `toolRuns` with --tools, `value` with --json-schema). */
export function chatJson(final: ChatResult, timing: Timing, extra: { value?: unknown; run?: ToolRunResult; toolRuns?: ToolRunJson[] } = {}): ChatJson {
  const speed = tokensPerSecond(final, timing);
  return {
    ok: true,
    command: 'chat',
    model: final.model,
    requestedModel: final.requestedModel,
    content: final.content,
    reasoning: final.reasoning,
    value: extra.value === undefined ? null : extra.value,
    finishReason: final.finishReason,
    truncated: final.finishReason === 'length',
    toolCalls: final.toolCalls,
    toolRuns: extra.toolRuns ?? [],
    rounds: extra.run?.rounds ?? 1,
    usage: final.usage ?? null,
    tokensPerSecond: speed === undefined ? null : Number(speed.toFixed(2)),
  };
}

/** Writes one `--json` reply. */
export function writeJson(out: NodeJS.WritableStream, value: object): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}
