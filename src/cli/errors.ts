// Failures told in the CLI's own words: the library's hints name its options (`apiKey`, `timeouts.idleMs`,
// `listModels()`); a command-line user needs the flag or command instead.
import { LmStudioError } from '../domain/errors.js';
import { UsageError } from './args.js';

/** A failure as the CLI prints it. */
export interface Explained {
  /** What went wrong (the library's sentence, the server's words included). */
  message: string;
  /** What to do, in terms of this CLI. */
  hint?: string;
}

/** What the CLI knows that changes the advice. */
export interface ExplainContext {
  /** Whether a token was given (--api-key or LM_API_TOKEN). */
  hadToken: boolean;
  /** The server root in use, to spot a base URL with a path. */
  baseUrl?: string;
}

/** The library's sentence without the hint it appends. */
function withoutHint(error: LmStudioError): string {
  return error.hint && error.message.endsWith(error.hint) ? error.message.slice(0, -error.hint.length).trimEnd() : error.message;
}

/** The library's message and a hint naming this CLI's flags and commands (by code and timeout phase). */
export function explain(error: LmStudioError, ctx: ExplainContext): Explained {
  const message = withoutHint(error);
  const hint = cliHint(error, ctx);
  return hint ? { message, hint } : { message };
}

function cliHint(error: LmStudioError, ctx: ExplainContext): string | undefined {
  switch (error.code) {
    case 'unreachable':
      return "Start the server in LM Studio's Developer tab (or `lms server start`), check --base-url, or run `lmstudio-provider doctor`.";
    case 'auth':
      return ctx.hadToken
        ? 'The token given (--api-key or LM_API_TOKEN) was refused: copy it again from LM Studio\'s server settings.'
        : 'LM Studio has "Require Authentication" on: pass its token with --api-key TOKEN, or set LM_API_TOKEN.';
    case 'model-not-found':
      return 'Run `lmstudio-provider models` for the ids LM Studio knows, or download the model in LM Studio.';
    case 'no-model-loaded':
      return 'Load one with `lmstudio-provider models load <id>` (ids: `lmstudio-provider models`), or turn on just-in-time loading in LM Studio.';
    case 'endpoint-not-found': {
      const path = ctx.baseUrl ? new URL(ctx.baseUrl).pathname.replace(/\/+$/, '') : '';
      if (path) return `--base-url has the path ${path}; LM Studio serves at the server root, e.g. --base-url ${new URL(ctx.baseUrl as string).origin}.`;
      return 'Check that --base-url is LM Studio\'s server root (e.g. http://localhost:1234), and that LM Studio is recent enough (`lmstudio-provider doctor` lists what answers).';
    }
    case 'timeout':
      switch (error.phase) {
        case 'first-token':
          return 'A just-in-time model load can take this long: load the model first (`lmstudio-provider models load <id>`), or raise --first-token-timeout (seconds).';
        case 'idle':
          return 'The model may be stuck; raise --idle-timeout (seconds) if it is only slow.';
        case 'total':
          return 'Raise --timeout (seconds, or "off") for long answers.';
        default:
          return error.hint;
      }
    default:
      return error.hint;
  }
}

/** Exit code for a failure: 2 usage, 130 interrupted, 1 otherwise. */
export function exitCodeFor(error: unknown, interrupted: boolean): number {
  if (error instanceof UsageError) return 2;
  if (interrupted || (error instanceof LmStudioError && error.code === 'aborted')) return 130;
  return 1;
}

/** The `error` member of a failed `--json` reply. */
export interface JsonError {
  /** An `LmStudioError` code, or `usage`, `interrupted`, `internal`, `unhealthy`. */
  code: string;
  message: string;
  hint?: string;
  status?: number;
}

/** The `error` of a `--json` failure reply, for any thrown value. */
export function jsonError(error: unknown, ctx: ExplainContext, interrupted: boolean): JsonError {
  if (error instanceof UsageError) return { code: 'usage', message: error.message, hint: 'Run lmstudio-provider --help for usage.' };
  if (interrupted) return { code: 'interrupted', message: 'Interrupted.' };
  if (error instanceof LmStudioError) {
    const { message, hint } = explain(error, ctx);
    return { code: error.code, message, ...(hint ? { hint } : {}), ...(error.status !== undefined ? { status: error.status } : {}) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
