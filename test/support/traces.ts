import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real LM Studio recordings live beside the project, at `../shared/lmstudio-traces` from the repo root. They
 * are read in place (never copied into the repo); when the folder is absent, trace tests are skipped with a
 * printed reason and the project's own fixtures (test/support/fixtures.ts) cover the same shapes.
 */
export const TRACES_DIR = fileURLToPath(new URL('../../../shared/lmstudio-traces/', import.meta.url));

export const tracesPresent = existsSync(TRACES_DIR);

/** Prints why `suite` is skipped (once per call site) and returns whether it should be skipped. */
export function skipWithoutTraces(suite: string): boolean {
  if (!tracesPresent) {
    console.warn(`[skip] ${suite}: ${TRACES_DIR} is absent; the own-fixture tests cover the same shapes.`);
  }
  return !tracesPresent;
}

/** Every file in the traces folder, sorted; empty when the folder is absent. */
export function listTraces(): string[] {
  return tracesPresent ? readdirSync(TRACES_DIR).sort() : [];
}

export function readTrace(name: string): string {
  return readFileSync(`${TRACES_DIR}${name}`, 'utf8');
}

export function readTraceJson<T = unknown>(name: string): T {
  return JSON.parse(readTrace(name)) as T;
}
