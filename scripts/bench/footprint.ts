import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Apparent size of a directory's files, without nested `node_modules` (those are counted as packages). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      total += directoryBytes(path);
    } else if (entry.isFile()) {
      total += lstatSync(path).size;
    }
  }
  return total;
}

/** Where Node would find `name` from `fromDir`: the nearest `node_modules/<name>` up the tree. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

export interface Closure {
  packages: { name: string; version: string; bytes: number }[];
  bytes: number;
  /** Required dependencies that are not installed (would be installed by npm in a real project). */
  missing: string[];
}

/**
 * The production dependency closure of some packages as installed here: `dependencies` plus non-optional
 * `peerDependencies` (a peer the package cannot run without, e.g. `ai`'s `zod`, is installed all the same).
 */
export function dependencyClosure(roots: string[], fromDir: string, includeRoots = true): Closure {
  const seen = new Map<string, { name: string; version: string; bytes: number }>();
  const missing = new Set<string>();
  const queue: { name: string; from: string; root: boolean }[] = roots.map((name) => ({ name, from: fromDir, root: true }));
  while (queue.length > 0) {
    const { name, from, root } = queue.shift() as { name: string; from: string; root: boolean };
    const dir = resolvePackageDir(name, from);
    if (!dir) {
      missing.add(name);
      continue;
    }
    if (seen.has(dir)) continue;
    const pkg = readPackage(dir);
    seen.set(dir, { name, version: pkg.version ?? '?', bytes: root && !includeRoots ? 0 : directoryBytes(dir) });
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((p) => !pkg.peerDependenciesMeta?.[p]?.optional);
    for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...peers]) queue.push({ name: dep, from: dir, root: false });
  }
  const packages = [...seen.values()];
  return { packages, bytes: packages.reduce((sum, p) => sum + p.bytes, 0), missing: [...missing] };
}

/** `npm ls --omit=dev --all --parseable` for the repository: the production tree as npm sees it (root excluded). */
export function npmProductionTree(repo: string): string[] | undefined {
  try {
    const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && line !== repo);
  } catch {
    return undefined;
  }
}

export interface ImportTiming {
  name: string;
  code: string;
  samplesMs: number[];
}

/** Wall time of `node -e <code>` starts, specs alternated each iteration; the first spec should be the baseline. */
export async function measureImports(specs: { name: string; code: string }[], iterations: number, cwd: string): Promise<ImportTiming[]> {
  const out = specs.map((spec) => ({ ...spec, samplesMs: [] as number[] }));
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < out.length; k++) {
      const spec = out[(i + k) % out.length] as ImportTiming;
      // Asynchronous, so that the parent stays responsive to Ctrl-C between starts.
      const { ms, code, stderr } = await new Promise<{ ms: number; code: number | null; stderr: string }>((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, ['-e', spec.code], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: childEnv() });
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
        child.on('exit', (exitCode) => resolve({ ms: performance.now() - t0, code: exitCode, stderr: err }));
      });
      if (code !== 0) throw new Error(`import timing for ${spec.name} failed: ${stderr}`);
      spec.samplesMs.push(ms);
    }
  }
  return out;
}

/** The environment for measured children: without a loader (tsx) that the parent may have been started with. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.NODE_OPTIONS && /tsx|loader|--import|--require/.test(env.NODE_OPTIONS)) delete env.NODE_OPTIONS;
  return env;
}
