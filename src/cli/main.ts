#!/usr/bin/env node
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLmStudioClient } from '../client/client.js';
import { DEFAULT_BASE_URL } from '../http/base-url.js';
import { closest, cliBaseUrl, GLOBAL_OPTIONS, splitGlobals, UsageError } from './args.js';
import { chatCommand } from './commands/chat.js';
import { doctorCommand } from './commands/doctor.js';
import { emulatorCommand } from './commands/emulator.js';
import { modelsCommand } from './commands/models.js';
import type { CommandContext, Interrupts } from './context.js';
import { demoCommand } from './demo.js';
import { exitCodeFor, explain, jsonError } from './errors.js';
import { HELP } from './help.js';
import { writeJson } from './json-output.js';
import { style } from './output.js';
import { LmStudioError } from '../domain/errors.js';

const COMMANDS = ['chat', 'models', 'doctor', 'emulator', 'demo', 'help'];

function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@openorbit/ext-ai-lm-studio') return pkg.version ?? 'unknown';
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** How to run this CLI where it runs: from the TypeScript sources it is a checkout, with no `bin` installed. */
const INVOCATION = import.meta.url.endsWith('.ts') ? 'npm run -s cli --' : 'lmstudio-provider';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether `--json` was asked for (before `--`), so that even a usage error answers in JSON. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const err = process.stderr;
  const s = style(err);
  const controller = new AbortController();
  let interrupted = false;
  const takers: (() => void)[] = [];
  const interrupts: Interrupts = {
    take(handler) {
      takers.push(handler);
      return () => {
        const at = takers.lastIndexOf(handler);
        if (at >= 0) takers.splice(at, 1);
      };
    },
  };
  const onSigint = () => {
    const taker = takers.at(-1);
    if (taker) return taker();
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const json = wantsJson(argv);
  let command: string | undefined;
  let explainCtx: { hadToken: boolean; baseUrl?: string } = { hadToken: false };
  try {
    const globals = splitGlobals(argv);
    const [first, ...args] = globals.rest;
    command = first;
    if (globals.version) {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (globals.help || command === undefined || command === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    if (command.startsWith('-')) {
      const near = closest(command.replace(/^-+/, ''), [...Object.keys(GLOBAL_OPTIONS), 'json']);
      throw new UsageError(`unknown option ${command}${near ? ` (did you mean --${near}?)` : ''}; a command comes first: ${COMMANDS.slice(0, 4).join(', ')}, …`);
    }
    // An empty variable means unset, as in most shells' `VAR= command`.
    const rawBase = globals.baseUrl ?? (process.env.LMSTUDIO_BASE_URL || undefined);
    const baseUrl = rawBase === undefined ? undefined : cliBaseUrl(rawBase);
    const apiKey = globals.apiKey ?? (process.env.LM_API_TOKEN || undefined);
    explainCtx = { hadToken: Boolean(apiKey), baseUrl: baseUrl ?? DEFAULT_BASE_URL };
    const io = { out: process.stdout, err };
    if (command === 'emulator') return await emulatorCommand(args, err, controller.signal);
    if (command === 'doctor') return await doctorCommand(io, args, { baseUrl: baseUrl ?? DEFAULT_BASE_URL, apiKey });
    const base = { ...io, signal: controller.signal, readStdin, stdin: process.stdin, stdinIsTTY: Boolean(process.stdin.isTTY), interrupts, hadToken: Boolean(apiKey), timeouts: globals.timeouts, invocation: INVOCATION };
    if (command === 'demo') return await demoCommand(base, { baseUrl, apiKey, emulatorOnly: process.env.LMSTUDIO_DEMO_EMULATOR === '1' });
    const client = createLmStudioClient({ ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}), timeouts: globals.timeouts });
    const ctx: CommandContext = { ...base, client };
    if (command === 'models') return await modelsCommand(ctx, args);
    if (command === 'chat') return await chatCommand(ctx, args);
    const near = closest(command, COMMANDS);
    throw new UsageError(`unknown command "${command}"${near ? ` (did you mean ${near}?)` : ''}`);
  } catch (error) {
    const code = exitCodeFor(error, interrupted);
    if (json) writeJson(process.stdout, { ok: false, command: command ?? '', error: jsonError(error, explainCtx, code === 130) });
    if (error instanceof UsageError) err.write(`${s.red('error:')} ${error.message}\nRun lmstudio-provider --help for usage.\n`);
    else if (code === 130) err.write('\nInterrupted.\n');
    else if (error instanceof LmStudioError) {
      const { message, hint } = explain(error, explainCtx);
      err.write(`${s.red('error:')} ${message}${hint ? `\n${hint}` : ''}\n`);
    } else err.write(`${s.red('error:')} ${error instanceof Error ? error.message : String(error)}\n`);
    return code;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

// Run when executed directly (the `bin`), not when imported by tests.
const invoked = process.argv[1] ? fileURLToPath(import.meta.url) === realpathSync(process.argv[1]) : false;
if (invoked) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
