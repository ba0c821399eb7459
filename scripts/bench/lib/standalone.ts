/** The command-line side of a benchmark that can also run on its own (scripts/bench/short/run.ts, responses/run.ts). */
import { writeFileSync } from 'node:fs';
import { killAll } from './spawn-child.js';

/** Progress lines go to stderr; stdout carries only the markdown. */
export const logToStderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Runs a benchmark section: Ctrl-C kills its processes; the markdown is printed (and written to `out` if given);
 * a failure prints its stack and sets exit code 1.
 */
export function runStandalone(run: () => Promise<string>, out: string | undefined): void {
  process.on('SIGINT', () => {
    killAll();
    process.exit(130);
  });
  run()
    .then((markdown) => {
      process.stdout.write(`${markdown}\n`);
      if (out) writeFileSync(out, `${markdown}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
