// Runs the CLI as a child process (through tsx, from the sources), optionally on a pseudo-terminal via `script`.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const mainTs = join(root, 'src/cli/main.ts');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Session {
  child: ChildProcessWithoutNullStreams;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (or stderr, or both together for a terminal) matches; rejects after `ms`. */
  waitFor(pattern: RegExp, where?: 'stdout' | 'stderr', ms?: number): Promise<void>;
  write(text: string): void;
  end(): void;
  done: Promise<Run>;
}

const ENV = { NO_COLOR: '1', LM_API_TOKEN: '', LMSTUDIO_BASE_URL: '' };

/** Starts the CLI with pipes for stdin, stdout and stderr. */
export function start(args: string[], env: Record<string, string> = {}, command?: { file: string; args: string[] }): Session {
  const file = command?.file ?? process.execPath;
  const argv = command?.args ?? ['--import', 'tsx', mainTs, ...args];
  const child = spawn(file, argv, { cwd: root, env: { ...process.env, ...ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, where = 'stdout', ms = 45_000) {
      const text = () => (where === 'stdout' ? out : err);
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (pattern.test(text())) {
            clearInterval(timer);
            resolve();
          } else if (Date.now() - started > ms || child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`no ${pattern} on ${where} after ${Date.now() - started} ms\nstdout: ${out}\nstderr: ${err}`));
          }
        }, 25);
      });
    },
    write: (text) => child.stdin.write(text),
    end: () => child.stdin.end(),
    done,
  };
}

/** Runs the CLI to the end with `input` on stdin (closed at once when absent). */
export async function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const session = start(args, options.env);
  if (options.input !== undefined) session.child.stdin.end(options.input);
  else session.end();
  return session.done;
}

/** Whether `script` (util-linux) can give the CLI a pseudo-terminal here. */
export const HAVE_SCRIPT = spawnSync('script', ['-qfec', 'true', '/dev/null'], { stdio: 'ignore' }).status === 0;

/** Starts the CLI on a pseudo-terminal: stdin and stdout are a TTY, as for a person typing. */
export function startOnTerminal(args: string[], env: Record<string, string> = {}): Session {
  const quoted = [process.execPath, '--import', 'tsx', mainTs, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return start([], env, { file: 'script', args: ['-qfec', quoted, '/dev/null'] });
}
