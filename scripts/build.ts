/**
 * Builds the published package into dist/ (or `--outDir DIR`):
 * - declarations with tsc (tsconfig.build.json, `stripInternal`), so the generated types flow into the published
 *   .d.ts; then every declaration file no entry reaches is deleted (the CLI's, generated/schemas.d.ts, internals),
 *   so the package ships its public API and nothing more;
 * - JavaScript with esbuild: each entry (`.`, `./openorbit`, `./emulator`, `./main`, `./renderer`, the CLI) bundled
 *   with shared chunks and the dependencies left as imports. One file per entry instead of ~40 modules makes a
 *   cold import about twice as fast.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The package's entries with types (`exports` in package.json), as source paths. */
export const TYPED_ENTRIES = ['src/index.ts', 'src/openorbit-entry.ts', 'src/emulator-entry.ts', 'src/main.ts', 'src/renderer.ts'];
/** Every bundled entry: the typed ones and the CLI (the `bin`, which has no types). */
export const ENTRIES = [...TYPED_ENTRIES, 'src/cli/main.ts'];

export async function buildPackage(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', outDir], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  pruneDeclarations(
    outDir,
    TYPED_ENTRIES.map((entry) => join(outDir, entry.replace(/\.ts$/, '.d.ts'))),
  );
  await build({
    entryPoints: ENTRIES.map((entry) => join(root, entry)),
    outdir: join(outDir, 'src'),
    outbase: join(root, 'src'),
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    // The core runs in browsers too; only the CLI and the emulator use node: modules.
    platform: 'neutral',
    packages: 'external',
    external: ['node:*'],
    target: 'es2022',
    logLevel: 'warning',
  });
}

/** Relative module specifiers a declaration file refers to (`from './x.js'`, `import('./x.js')`). */
export function declarationImports(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] as string);
}

/** The declaration file a relative `.js` specifier in `from` resolves to. */
export function resolveDeclaration(from: string, specifier: string): string {
  return join(dirname(from), specifier.replace(/\.js$/, '.d.ts'));
}

/** Deletes every `.d.ts` under `outDir` that no entry reaches through relative imports, then empty folders. */
function pruneDeclarations(outDir: string, entries: string[]): void {
  const reached = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const spec of declarationImports(readFileSync(file, 'utf8'))) pending.push(resolveDeclaration(file, spec));
  }
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        visit(path);
        if (readdirSync(path).length === 0) rmdirSync(path);
      } else if (path.endsWith('.d.ts') && !reached.has(path)) rmSync(path);
    }
  };
  visit(outDir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { outDir: { type: 'string', default: join(root, 'dist') } } });
  buildPackage(resolve(values.outDir)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
