/**
 * The benchmark runners' process handling: a server process that prints `listening <port>`, and measured children
 * that print one `@@RESULT {json}` line. Every process started here is tracked, so `killAll()` (on exit, Ctrl-C or
 * an error) leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

/** Kills (SIGKILL) every server and child still running. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** This process's environment without a tsx loader in NODE_OPTIONS: measured processes run plain node. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.NODE_OPTIONS && /tsx|loader|--import|--require/.test(env.NODE_OPTIONS)) delete env.NODE_OPTIONS;
  return env;
}

export interface StartedServer {
  port: number;
  child: ChildProcess;
  /** Closes its stdin (it exits when the parent goes away) and sends SIGTERM. */
  stop(): void;
}

/**
 * Starts `node <args…>` and resolves once it prints `listening <port>`; rejects if it exits first. Every stdout line
 * after that is passed to `onLine`. `name` is used in the error.
 */
export function startServer(args: string[], options: { name: string; env?: NodeJS.ProcessEnv; onLine?: (line: string) => void }): Promise<StartedServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], ...(options.env ? { env: options.env } : {}) });
    live.add(child);
    let buffer = '';
    let started = false;
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^listening (\d+)/.exec(line);
        if (m && !started) {
          started = true;
          resolve({
            port: Number(m[1]),
            child,
            stop: () => {
              child.stdin?.end();
              child.kill('SIGTERM');
            },
          });
        } else options.onLine?.(line);
      }
    });
    child.on('exit', (code) => {
      live.delete(child);
      if (!started) reject(new Error(`the ${options.name} exited (${code}) before listening`));
    });
  });
}

/**
 * Runs `node <args…>` (killed after `timeoutMs`) and resolves with the JSON of its `@@RESULT` line, or with
 * `failed(error)` when there is none: `killed by SIGKILL`, or the exit code and the last three lines of stderr.
 */
export function runChild<R>(args: string[], options: { timeoutMs: number; failed: (error: string) => R }): Promise<R> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (line) return resolve(JSON.parse(line.slice('@@RESULT '.length)) as R);
      resolve(options.failed(signal ? `killed by ${signal}` : `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
