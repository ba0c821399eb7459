// Command-line parsing in the CLI's own words: node's util.parseArgs tokenises, the checks and messages are ours
// (its own messages name internals, such as "argument is ambiguous").
import { parseArgs } from 'node:util';
import type { Timeouts } from '../http/deadline.js';

/** A mistake in how the command was called: exit code 2, with the usage hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One option a command takes (the subset of util.parseArgs options the CLI uses). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given several times: the values come as a list. */
  multiple?: boolean;
}
/** A command's options by long name. */
export type OptionSpecs = Record<string, OptionSpec>;

type Values<T extends OptionSpecs> = {
  [K in keyof T]?: T[K]['type'] extends 'string' ? (T[K]['multiple'] extends true ? string[] : string) : boolean;
};

/** Parsed arguments: option values by name, and the other words in order. */
export interface Parsed<T extends OptionSpecs> {
  values: Values<T>;
  positionals: string[];
}

/**
 * Parses `args` against `options`: unknown options (with the closest known one), a missing value, a value that
 * looks like another option (`--system -x`; `--system=-x` passes it), a value given to a switch, a repeated
 * option: each a `UsageError` naming the option, for `command`.
 */
export function parseOptions<const T extends OptionSpecs>(command: string, args: string[], options: T): Parsed<T> {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(unknownOption(command, token.rawName, Object.keys(options)));
    const flag = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${flag} takes no value (got "${token.value}").`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined) throw new UsageError(`${flag} needs a value.`);
    if (!token.inlineValue && value.startsWith('-') && !/^-\d/.test(value)) {
      throw new UsageError(`${flag} needs a value, but the next word is the option "${value}". To pass a value starting with "-", write ${flag}=${value}.`);
    }
    if (spec.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), value];
    else if (token.name in values) throw new UsageError(`${flag} is given twice.`);
    else values[token.name] = value;
  }
  return { values: values as Values<T>, positionals };
}

function unknownOption(command: string, raw: string, known: string[]): string {
  const name = raw.replace(/^-+/, '');
  const near = closest(name, known);
  return `${command ? `"${command}" has no option ${raw}` : `unknown option ${raw}`}${near ? ` (did you mean --${near}?)` : ''}.`;
}

/** The candidate within edit distance 2 (or sharing a prefix of 3+), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = name.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** A flag's whole number ≥ 1, or a `UsageError` naming the flag; undefined when not given. */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a positive whole number, not "${value}".`);
  return n;
}

/** Seconds as given on the command line → milliseconds; `off` (or `0`) means no limit. */
export function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'off' || value === '0') return Infinity;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a number of seconds (e.g. 30 or 0.5), or "off", not "${value}".`);
  return n * 1000;
}

// ------------------------------------------------------------------------------------------------ globals

/** Options every command takes, wherever they stand before `--`. */
export const GLOBAL_OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  timeout: { type: 'string' },
  'first-token-timeout': { type: 'string' },
  'idle-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies OptionSpecs;

/** The options every command takes, parsed, and the rest of argv. */
export interface Globals {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  timeouts: Partial<Timeouts>;
  help: boolean;
  version: boolean;
  /** The command and its own arguments, in order. */
  rest: string[];
}

const GLOBAL_FLAGS = new Map<string, keyof typeof GLOBAL_OPTIONS>([
  ...Object.keys(GLOBAL_OPTIONS).map((k) => [`--${k}`, k as keyof typeof GLOBAL_OPTIONS] as const),
  ['-h', 'help'],
  ['-v', 'version'],
]);

/** Takes the global options out of argv, leaving the command's own (checked by the command). */
export function splitGlobals(argv: readonly string[]): Globals {
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const name = GLOBAL_FLAGS.get(arg.includes('=') && arg.startsWith('--') ? arg.slice(0, arg.indexOf('=')) : arg);
    if (name === undefined) {
      rest.push(arg);
      continue;
    }
    own.push(arg);
    if (GLOBAL_OPTIONS[name].type === 'string' && !arg.includes('=') && i + 1 < argv.length) own.push(argv[++i] as string);
  }
  const { values } = parseOptions('', own, GLOBAL_OPTIONS);
  const timeouts: Partial<Timeouts> = {};
  const total = seconds(values.timeout, '--timeout');
  const first = seconds(values['first-token-timeout'], '--first-token-timeout');
  const idle = seconds(values['idle-timeout'], '--idle-timeout');
  if (total !== undefined) timeouts.totalMs = total;
  if (first !== undefined) timeouts.firstTokenMs = first;
  if (idle !== undefined) timeouts.idleMs = idle;
  return { baseUrl: values['base-url'], apiKey: values['api-key'], timeouts, help: Boolean(values.help), version: Boolean(values.version), rest };
}

/** Paths people paste after the server root: LM Studio's API prefixes, with or without an endpoint. */
const KNOWN_SUFFIX = /\/(?:api(?:\/v[01])?|v1)(?:\/(?:models|chat\/completions|completions|embeddings))?\/*$/;

/**
 * The base URL as the CLI takes it: `localhost:1234` means `http://localhost:1234`, and a pasted API path
 * (`/api`, `/v1/models`, `/api/v1/chat/completions`, …) is cut back to the server root.
 */
export function cliBaseUrl(input: string): string {
  let text = input.trim();
  if (text === '') throw new UsageError('--base-url needs a URL, e.g. http://localhost:1234.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url "${input.includes('@') ? '…' : input}" is not a URL; use the server's address, e.g. http://localhost:1234.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base-url must be an http:// or https:// address, not ${url.protocol}//…`);
  }
  url.pathname = url.pathname.replace(KNOWN_SUFFIX, '') || '/';
  return url.toString().replace(/\/+$/, '');
}
