// What every command gets from main: the client, the streams, the signal, and a way to take over Ctrl-C.
import type { LmStudioClient } from '../client/client.js';
import { LmStudioError } from '../domain/errors.js';
import type { Timeouts } from '../http/deadline.js';
import { chooseModel } from '../provider/choose-model.js';
import type { Out } from './output.js';

/** Ctrl-C routing: a command (the interactive chat) may handle it instead of ending the process. */
export interface Interrupts {
  /**
   * While taken, Ctrl-C (SIGINT, or readline's on a terminal) calls `handler` instead of ending the command.
   * Returns the function that gives it back.
   */
  take(handler: () => void): () => void;
}

/** Everything a command runs with. */
export interface CommandContext extends Out {
  client: LmStudioClient;
  /** Aborted on Ctrl-C (unless a command took Ctrl-C over). */
  signal: AbortSignal;
  readStdin: () => Promise<string>;
  stdin: NodeJS.ReadStream;
  stdinIsTTY: boolean;
  interrupts: Interrupts;
  /** Whether a token was given (for hints). */
  hadToken: boolean;
  /** The timeouts given as flags (for commands that make their own requests). */
  timeouts: Partial<Timeouts>;
  /** How to run this CLI here: `lmstudio-provider`, or `npm run -s cli --` in a checkout. */
  invocation: string;
}

/** The model a command uses when none is named: the provider's choice for the standard tier. */
export async function defaultModel(ctx: Pick<CommandContext, 'client' | 'signal'>, wantTools: boolean): Promise<string> {
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
