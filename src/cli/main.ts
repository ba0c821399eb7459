#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLmStudioClient } from '../client/client.js';
import { LmStudioError } from '../domain/errors.js';
import { startEmulator } from '../emulator/index.js';
import { chatCommand, modelsCommand, UsageError, type CommandContext } from './commands.js';
import { demoCommand } from './demo.js';
import { style } from './output.js';

const HELP = `lmstudio-provider: talk to LM Studio's local server from the command line

Usage:
  lmstudio-provider models [--json]                 list models (id, type, loaded, context, tool use)
  lmstudio-provider models load <id> [--context-length N]
  lmstudio-provider models unload <instance>
  lmstudio-provider chat [prompt] [options]         stream an answer (prompt from stdin when omitted)
      -m, --model ID        model to use (default: a loaded chat model)
      -s, --system TEXT     system prompt
      --max-tokens N        --temperature T (0 to 2)
      --no-reasoning        hide the model's reasoning (shown dimmed on stderr otherwise)
      --tools               offer built-in tools (clock, arithmetic) and run them, round by round
      --json-schema FILE    ask for JSON following the schema in FILE; print the validated value
      --json                print the final result as JSON instead of streaming
  lmstudio-provider emulator [--port N] [--host 127.0.0.1] [--cors] [--require-token TOKEN]
                                                    run the built-in LM Studio emulator
  lmstudio-provider demo                            list models, stream a chat and run a tool round trip
                                                    (uses the emulator when LM Studio is not running)
Global options:
  --base-url URL     LM Studio's address (env LMSTUDIO_BASE_URL; default http://localhost:1234)
  --api-key TOKEN    API token when LM Studio requires one (env LM_API_TOKEN)
  -h, --help         this help          -v, --version    the version
Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.
`;

interface Globals {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  help: boolean;
  version: boolean;
  rest: string[];
}

/** Takes the global options out of argv wherever they stand (before `--`), leaving the command's own. */
function splitGlobals(argv: string[]): Globals {
  const out: Globals = { baseUrl: undefined, apiKey: undefined, help: false, version: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--base-url' || flag === '--api-key') {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${flag} needs a value`);
      if (flag === '--base-url') out.baseUrl = value;
      else out.apiKey = value;
    } else if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '-v' || arg === '--version') out.version = true;
    else out.rest.push(arg);
  }
  return out;
}

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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function emulatorCommand(args: string[], signal: AbortSignal): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, cors: { type: 'boolean' }, 'require-token': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? 1234 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number, not "${values.port}"`);
  const emulator = await startEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    cors: Boolean(values.cors),
    ...(values['require-token'] ? { apiKey: values['require-token'] } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
    recordRequests: false,
  });
  process.stderr.write(`LM Studio emulator listening at ${emulator.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await emulator.close();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const err = process.stderr;
  const s = style(err);
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const globals = splitGlobals(argv);
    const [command, ...args] = globals.rest;
    if (globals.version) {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (globals.help || command === undefined || command === 'help') {
      process.stdout.write(HELP);
      return globals.help || command === 'help' ? 0 : 2;
    }
    // An empty variable means unset, as in most shells' `VAR= command`.
    const baseUrl = globals.baseUrl ?? (process.env.LMSTUDIO_BASE_URL || undefined);
    const apiKey = globals.apiKey ?? (process.env.LM_API_TOKEN || undefined);
    const base = { out: process.stdout, err, signal: controller.signal, readStdin, stdinIsTTY: Boolean(process.stdin.isTTY) };
    if (command === 'emulator') return await emulatorCommand(args, controller.signal);
    if (command === 'demo') return await demoCommand(base, { baseUrl, apiKey, emulatorOnly: process.env.LMSTUDIO_DEMO_EMULATOR === '1' });
    const ctx: CommandContext = { ...base, client: createLmStudioClient({ ...(baseUrl ? { baseUrl } : {}), ...(apiKey ? { apiKey } : {}) }) };
    if (command === 'models') return await modelsCommand(ctx, args);
    if (command === 'chat') return await chatCommand(ctx, args);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${s.red('error:')} ${error.message}\nRun lmstudio-provider --help for usage.\n`);
      return 2;
    }
    if (interrupted || (error instanceof LmStudioError && error.code === 'aborted')) {
      err.write('\nInterrupted.\n');
      return 130;
    }
    if (error instanceof LmStudioError) {
      err.write(`${s.red('error:')} ${error.message}\n`);
      return 1;
    }
    err.write(`${s.red('error:')} ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

// Run when executed directly (the `bin`), not when imported by tests.
const invoked = process.argv[1] ? fileURLToPath(import.meta.url) === (await import('node:fs')).realpathSync(process.argv[1]) : false;
if (invoked) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
