/**
 * Builds a standalone benchmark (scripts/bench/short, scripts/bench/responses) into a temporary folder, so nothing
 * measured goes through tsx: each package entry bundled into `<name>/index.js` (packages external, resolved from this
 * checkout's node_modules through a symlink), the benchmark's scripts transpiled into `bench/<folder>/` and the shared
 * modules its server and children import into `bench/lib/`, as in the source tree.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const BENCH = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = join(BENCH, '..', '..');
/** The shared modules the built servers and children import. */
const LIB = ['sse-server.ts', 'child-main.ts'];

/**
 * `packages` maps an output name to a checkout whose `src/index.ts` is bundled; `scripts` are file names in `folder`
 * (a folder of scripts/bench). Returns the temporary folder (remove it when done) and each package's file URL.
 */
export async function buildBench<K extends string>(folder: string, packages: Record<K, string>, scripts: string[]): Promise<{ dir: string; urls: Record<K, string> }> {
  const dir = mkdtempSync(join(os.tmpdir(), `bench-${basename(folder)}-`));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const urls = {} as Record<K, string>;
  for (const [name, root] of Object.entries(packages) as [K, string][]) {
    const outfile = join(dir, name, 'index.js');
    await build({ entryPoints: [join(root, 'src', 'index.ts')], outfile, bundle: true, packages: 'external', format: 'esm', platform: 'neutral', target: 'es2022', logLevel: 'warning' });
    urls[name] = pathToFileURL(outfile).href;
  }
  await build({
    entryPoints: [...scripts.map((f) => join(BENCH, folder, f)), ...LIB.map((f) => join(BENCH, 'lib', f))],
    outdir: join(dir, 'bench'),
    outbase: BENCH,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return { dir, urls };
}

/** This checkout's root. */
export const REPO_ROOT = REPO;
