/** The measured children's side of scripts/bench/lib/spawn-child.ts: one `@@RESULT {json}` line, then exit. */

/** `Name: message` for an Error, else the value as a string: what a child reports as its `error`. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Runs `main`; prints its result as the `@@RESULT` line and exits 0, or prints the stack and exits 1. */
export function childMain(main: () => Promise<unknown>): void {
  main().then(
    (result) => process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
