import { createLmStudioClient, type LmStudioClient } from '../client/client.js';
import { DEFAULT_BASE_URL } from '../http/base-url.js';
import { startEmulator, type EmulatorHandle } from '../emulator/index.js';
import { LmStudioError } from '../domain/errors.js';
import { builtinTools } from './builtin-tools.js';
import { modelTable } from './commands/models.js';
import { defaultModel, type CommandContext } from './context.js';
import { style } from './output.js';
import { renderStream, renderToolRun } from './render.js';

/** Where the demo looks for LM Studio. */
export interface DemoOptions {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  /** Skip the probe of the real LM Studio (tests). */
  emulatorOnly?: boolean;
}

/**
 * The whole job in one run: find LM Studio (or start the built-in emulator), list models, stream a chat, and
 * do a tool round trip with a local tool.
 */
export async function demoCommand(ctx: Omit<CommandContext, 'client'>, options: DemoOptions): Promise<number> {
  const s = style(ctx.err);
  const heading = (text: string) => ctx.err.write(`\n${s.bold(text)}\n`);
  let emulator: EmulatorHandle | undefined;
  let client: LmStudioClient;
  try {
    const explicit = options.baseUrl !== undefined;
    const real = createLmStudioClient({ baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, ...(options.apiKey ? { apiKey: options.apiKey } : {}), timeouts: { ...ctx.timeouts, requestMs: 2_000 } });
    let found = false;
    if (!options.emulatorOnly) {
      try {
        await real.listModels({ signal: ctx.signal });
        found = true;
      } catch (error) {
        if (explicit || !(error instanceof LmStudioError) || error.code !== 'unreachable') throw error;
      }
    }
    if (found) {
      client = createLmStudioClient({ baseUrl: real.baseUrl, ...(options.apiKey ? { apiKey: options.apiKey } : {}), timeouts: ctx.timeouts });
      ctx.err.write(`Using LM Studio at ${real.baseUrl}.\n`);
    } else {
      emulator = await startEmulator({ host: '127.0.0.1', port: 0, tokenDelayMs: 15, recordRequests: false });
      client = createLmStudioClient({ baseUrl: emulator.url });
      ctx.err.write(`LM Studio is not running at ${DEFAULT_BASE_URL}; using the built-in emulator at ${emulator.url} instead.\n`);
    }
    const full = { ...ctx, client };

    heading('1. Models');
    const models = await client.listModels({ signal: ctx.signal });
    ctx.out.write(`${modelTable(models)}\n`);

    heading('2. A streamed chat');
    const model = await defaultModel(full, false);
    const question = 'In one sentence, what does a local LLM server like LM Studio do?';
    ctx.err.write(`${s.dim(`${model} ← ${question}`)}\n`);
    await renderStream(full, client.streamChat({ model, messages: [{ role: 'user', content: question }] }, { signal: ctx.signal }), model, {
      showReasoning: true,
      quiet: false,
    });

    heading('3. A tool round trip');
    const toolModel = await defaultModel(full, true);
    const task = 'What is 12 multiplied by 34? Use the multiply tool.';
    ctx.err.write(`${s.dim(`${toolModel} ← ${task} (tools offered: ${builtinTools.map((t) => t.name).join(', ')})`)}\n`);
    await renderToolRun(full, client.runTools({ model: toolModel, messages: [{ role: 'user', content: task }], tools: builtinTools, signal: ctx.signal }), {
      showReasoning: true,
      quiet: false,
    });
    ctx.err.write(`\n${s.green('Done.')} ${nextSteps(ctx.invocation, emulator !== undefined)}\n`);
    return 0;
  } finally {
    await emulator?.close();
  }
}

/** What to run next, in a form that works where the demo ran (a checkout has no `lmstudio-provider` on PATH). */
function nextSteps(invocation: string, usedEmulator: boolean): string {
  const lines = [`Next: ${invocation} chat   (a conversation; ${invocation} --help for everything)`];
  if (usedEmulator) {
    lines.push(`The emulator stopped with the demo. To keep one running: ${invocation} emulator --port 1234   (then, in another terminal, ${invocation} chat)`);
  }
  return lines.join('\n');
}
