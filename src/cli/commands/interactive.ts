// `chat` on a terminal without a prompt: a multi-turn session. History is kept, answers stream, Ctrl-C stops the
// answer (not the session), Ctrl-D or /exit leaves; /model, /system, /clear, /tools change the session.
import { createInterface } from 'node:readline';
import { LmStudioError } from '../../domain/errors.js';
import type { ChatMessage } from '../../domain/types.js';
import { builtinTools } from '../builtin-tools.js';
import { defaultModel, type CommandContext } from '../context.js';
import { explain } from '../errors.js';
import { style } from '../output.js';
import { renderStream, renderToolRun } from '../render.js';
import { askForAnswer } from './answer.js';
import type { ChatSettings } from './chat.js';
import { chatRequest } from './chat.js';

const HELP = `Commands:
  /model [ID]          show the model, or switch to ID (ids: lmstudio-provider models)
  /system [TEXT|off]   show, set or remove the system prompt
  /clear               forget the conversation (the system prompt stays)
  /tools [on|off]      offer the built-in tools (clock, arithmetic), or stop
  /help                this list
  /exit                leave (or Ctrl-D)
Ctrl-C stops the answer being written; the session goes on.`;

/** Lines from the terminal (or a pipe), one at a time, with `null` once input ends. */
function lineReader(ctx: CommandContext, onInterrupt: () => void) {
  const terminal = ctx.stdinIsTTY && Boolean(ctx.out.isTTY);
  const rl = createInterface({ input: ctx.stdin, output: ctx.out, terminal, historySize: 200 });
  const queued: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else queued.push(line);
  });
  rl.on('close', () => {
    closed = true;
    waiting?.(null);
  });
  // On a terminal readline reads Ctrl-C itself (raw mode) instead of the process getting SIGINT.
  rl.on('SIGINT', onInterrupt);
  return {
    next(prompt: string): Promise<string | null> {
      if (queued.length > 0) return Promise.resolve(queued.shift() as string);
      if (closed) return Promise.resolve(null);
      rl.setPrompt(prompt);
      rl.prompt();
      return new Promise((resolve) => (waiting = resolve));
    },
    /** Drops what was typed and shows the prompt again (Ctrl-C at the prompt). */
    reprompt() {
      // On a terminal, deleting the line redraws it with the prompt.
      if (terminal) rl.write(null, { ctrl: true, name: 'u' });
      else rl.prompt();
    },
    close: () => rl.close(),
  };
}

/** Runs the session until Ctrl-D, /exit or a double Ctrl-C at the prompt; exit code 0. */
export async function interactiveChat(ctx: CommandContext, initial: ChatSettings): Promise<number> {
  const s = style(ctx.err);
  const settings = { ...initial };
  let model = settings.model ?? (await defaultModel(ctx, settings.tools));
  let history: ChatMessage[] = [];
  let answering: AbortController | undefined;
  let lastPromptInterrupt = 0;
  let leave = false;

  const onInterrupt = () => {
    if (answering) {
      answering.abort();
      return;
    }
    // At the prompt: a first Ctrl-C clears the line and says how to leave; a second one in a row leaves.
    if (Date.now() - lastPromptInterrupt < 2_000) {
      leave = true;
      reader.close();
      return;
    }
    lastPromptInterrupt = Date.now();
    ctx.err.write(`\n${s.dim('(Ctrl-C again, Ctrl-D or /exit leaves)')}\n`);
    reader.reprompt();
  };
  const reader = lineReader(ctx, onInterrupt);
  const giveBack = ctx.interrupts.take(onInterrupt);
  const explainCtx = { hadToken: ctx.hadToken, baseUrl: ctx.client.baseUrl };

  ctx.err.write(`${s.bold(`Chatting with ${model}`)}${settings.tools ? ' (tools on)' : ''}. ${s.dim('/help for commands · Ctrl-C stops an answer · Ctrl-D or /exit leaves')}\n`);

  async function answer(text: string): Promise<void> {
    const before = history;
    history = [...history, { role: 'user', content: text }];
    const controller = new AbortController();
    answering = controller;
    const render = { showReasoning: settings.showReasoning, quiet: false, maxTokens: settings.maxTokens };
    try {
      const request = chatRequest(model, settings, history);
      if (settings.tools) {
        const { result } = await renderToolRun(ctx, ctx.client.runTools({ ...request, tools: builtinTools, signal: controller.signal }), render);
        history = result.messages.slice(request.messages.length - history.length);
      } else {
        const { result } = await renderStream(ctx, await askForAnswer(ctx, model, settings, history, controller.signal), model, render);
        history = [...history, { role: 'assistant', content: result.content }];
      }
    } catch (error) {
      if (controller.signal.aborted) {
        // Keep what was written so far: the model sees it as its (short) answer.
        const partial = error instanceof LmStudioError ? error.partial?.content : undefined;
        history = partial && !settings.tools ? [...history, { role: 'assistant', content: partial }] : before;
        ctx.err.write(`${s.yellow('(stopped)')}\n`);
      } else if (error instanceof LmStudioError) {
        history = before;
        const { message, hint } = explain(error, explainCtx);
        ctx.err.write(`${s.red('error:')} ${message}${hint ? `\n${s.dim(hint)}` : ''}\n`);
      } else throw error;
    } finally {
      answering = undefined;
    }
  }

  async function command(line: string): Promise<void> {
    const [name = '', ...rest] = line.slice(1).split(/\s+/);
    const arg = rest.join(' ').trim();
    switch (name) {
      case 'exit':
      case 'quit':
        leave = true;
        return;
      case 'help':
        ctx.err.write(`${HELP}\n`);
        return;
      case 'clear':
        history = [];
        ctx.err.write('Conversation cleared.\n');
        return;
      case 'system':
        if (arg === '') ctx.err.write(settings.system ? `System prompt: ${settings.system}\n` : 'No system prompt.\n');
        else {
          settings.system = arg === 'off' ? undefined : arg;
          ctx.err.write(settings.system ? 'System prompt set.\n' : 'System prompt removed.\n');
        }
        return;
      case 'tools':
        if (arg !== '' && arg !== 'on' && arg !== 'off') ctx.err.write('Use /tools on or /tools off.\n');
        else {
          settings.tools = arg === '' ? !settings.tools : arg === 'on';
          ctx.err.write(`Tools ${settings.tools ? `on: ${builtinTools.map((t) => t.name).join(', ')}` : 'off'}.\n`);
        }
        return;
      case 'model':
        await switchModel(arg);
        return;
      default:
        ctx.err.write(`Unknown command /${name}. /help lists them.\n`);
    }
  }

  async function switchModel(id: string): Promise<void> {
    try {
      const models = (await ctx.client.listModels({ signal: AbortSignal.timeout(30_000) })).filter((m) => m.type !== 'embedding');
      if (id === '') {
        ctx.err.write(`Model: ${model}\nAvailable: ${models.map((m) => `${m.id}${m.loaded ? ' (loaded)' : ''}`).join(', ') || 'none'}\n`);
        return;
      }
      const found = models.find((m) => m.id === id || m.instances?.some((i) => i.id === id));
      if (!found) {
        ctx.err.write(`${s.red('error:')} LM Studio has no chat model "${id}". Available: ${models.map((m) => m.id).join(', ') || 'none'}\n`);
        return;
      }
      model = id;
      ctx.err.write(`Model: ${model}${found.loaded ? '' : ' (not loaded: the first answer loads it, which can take a while)'}\n`);
    } catch (error) {
      if (!(error instanceof LmStudioError)) throw error;
      const { message, hint } = explain(error, explainCtx);
      ctx.err.write(`${s.red('error:')} ${message}${hint ? `\n${s.dim(hint)}` : ''}\n`);
    }
  }

  try {
    while (!leave) {
      const line = await reader.next('> ');
      if (line === null || leave) break;
      const text = line.trim();
      if (text === '') continue;
      if (text.startsWith('/')) await command(text);
      else await answer(text);
    }
  } finally {
    giveBack();
    reader.close();
  }
  ctx.err.write('Bye.\n');
  return 0;
}
