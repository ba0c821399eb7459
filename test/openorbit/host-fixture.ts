// A host-shaped checkout of our own (the host's code cannot be copied here): its layout, its lint and prettier
// settings, its type-check settings, its bundler alias, and entry files that use the extension the way the host's
// main process and renderer do. The `@openorbit/core` modules are declared shapes in ./fixture/core.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import ts from 'typescript';
import { HOST_PRETTIER } from '../../scripts/openorbit/templates.js';

const FIXTURE_CORE = fileURLToPath(new URL('./fixture/core', import.meta.url));
const HOST_CONTRACT = fileURLToPath(new URL('../../src/openorbit/host.js', import.meta.url));
export const EXTENSION_DIR = 'packages/extensions/ext-ai-lm-studio';

/** The host's main-process side, reduced to what touches this extension: preloaded modules, activation, IPC. */
const HOST_MAIN = `import extAiLmStudioMain from '@openorbit/ext-ai-lm-studio/main/index'
import { recordedUsage } from '@openorbit/core/db/api-usage-repo'
import { SettingsRepo } from '@openorbit/core/db/settings-repo'
import { errorToResponse, type ErrorResponse } from '@openorbit/core/errors'
import type {
  AICompletionRequest,
  AICompletionResponse,
  AIProvider,
  ExtensionContext,
  ExtensionMainAPI
} from '@openorbit/core/extensions/types'

export const preloadedModules = new Map<string, ExtensionMainAPI>([
  ['ext-ai-lm-studio', extAiLmStudioMain]
])
const providers = new Map<string, AIProvider>()
export const logs: string[] = []

export async function startExtensionHost(): Promise<void> {
  for (const [extensionId, mod] of preloadedModules) {
    const ctx: ExtensionContext = {
      extensionId,
      services: {
        ai: { registerProvider: (p: AIProvider): void => void providers.set(p.id, p) },
        // Today's host answers null for every key here.
        settings: { get: (): unknown => null }
      },
      log: {
        debug: (m: string): void => void logs.push(m),
        info: (m: string): void => void logs.push(m),
        warn: (m: string): void => void logs.push(m),
        error: (m: string): void => void logs.push(m)
      }
    }
    await mod.activate(ctx)
  }
}

export async function stopExtensionHost(): Promise<void> {
  for (const mod of preloadedModules.values()) await mod.deactivate?.()
  providers.clear()
}

export function listProviders(): { id: string; configured: boolean; models: string[] }[] {
  return [...providers.values()].map((p) => ({
    id: p.id,
    configured: p.isConfigured(),
    models: p.capabilities.models
  }))
}

/** An IPC handler as the host writes them: every failure goes through errorToResponse. */
export async function aiComplete(
  providerId: string,
  request: AICompletionRequest
): Promise<{ success: true; data: AICompletionResponse } | ErrorResponse> {
  try {
    const provider = providers.get(providerId)
    if (!provider) throw new Error(\`no provider \${providerId}\`)
    return { success: true, data: await provider.complete(request) }
  } catch (err) {
    return errorToResponse(err)
  }
}

export function setSetting(key: string, value: string): void {
  new SettingsRepo().set(key, value)
}

export { recordedUsage }
`;

const HOST_RENDERER = `import extAiLmStudioRenderer from '@openorbit/ext-ai-lm-studio/renderer/index'
import type { ExtensionRendererAPI } from '@openorbit/core/extensions/types'

export const rendererModules = new Map<string, ExtensionRendererAPI>([
  ['ext-ai-lm-studio', extAiLmStudioRenderer]
])
`;

/** What a usual .gitignore ignores (the host's own lines first, then common Node and Python template lines). */
export const USUAL_GITIGNORE = ['node_modules', 'dist', 'out', 'logs', '*.log', '.env*', 'data/', '*.db', 'build/', 'lib/', 'coverage/', '.cache/', 'tmp/'];

export interface HostFixture {
  dir: string;
  extension: string;
}

/** A temp host checkout with our fixture core linked in and the workspace link to the extension folder. */
export function createHost(): HostFixture {
  const dir = mkdtempSync(join(tmpdir(), 'openorbit-host-'));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  // The core's declared shapes, copied in; their one import of this project's host contract made absolute.
  cpSync(FIXTURE_CORE, join(dir, 'packages/core/src'), { recursive: true });
  const types = join(dir, 'packages/core/src/extensions/types.ts');
  writeFileSync(types, readFileSync(types, 'utf8').replace(/'[./]+\/src\/openorbit\/host\.js'/, `'${HOST_CONTRACT}'`));
  mkdirSync(join(dir, 'node_modules/@openorbit'), { recursive: true });
  // npm workspaces link every workspace into the root node_modules.
  symlinkSync(join('..', '..', EXTENSION_DIR), join(dir, 'node_modules/@openorbit/ext-ai-lm-studio'), 'dir');
  write('.prettierrc.json', JSON.stringify(HOST_PRETTIER));
  write('.gitignore', USUAL_GITIGNORE.join('\n') + '\n');
  write('src/main/index.ts', HOST_MAIN);
  write('src/renderer/index.ts', HOST_RENDERER);
  const compilerOptions = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    isolatedModules: true,
    skipLibCheck: false,
    noEmit: true,
    types: [],
  };
  write(
    'tsconfig.node.json',
    JSON.stringify({
      compilerOptions: { ...compilerOptions, lib: ['ES2023'], paths: { '@openorbit/core/*': ['./packages/core/src/*'] } },
      include: ['src/main/**/*', 'packages/extensions/*/src/main/**/*'],
    }),
  );
  // Later host versions also map the extension by path instead of relying on the workspace link.
  write(
    'tsconfig.node.paths.json',
    JSON.stringify({
      extends: './tsconfig.node.json',
      compilerOptions: {
        paths: { '@openorbit/core/*': ['./packages/core/src/*'], '@openorbit/ext-ai-lm-studio/*': [`./${EXTENSION_DIR}/src/*`] },
      },
    }),
  );
  write(
    'tsconfig.web.json',
    JSON.stringify({
      compilerOptions: { ...compilerOptions, lib: ['ES2023', 'DOM'], paths: { '@openorbit/core/*': ['./packages/core/src/*'] } },
      include: ['src/renderer/**/*', 'packages/extensions/*/src/renderer/**/*'],
    }),
  );
  return { dir, extension: join(dir, EXTENSION_DIR) };
}

/** `tsc --noEmit -p <config>` in the host: the diagnostics, formatted. */
export function typecheck(host: HostFixture, config: 'tsconfig.node.json' | 'tsconfig.node.paths.json' | 'tsconfig.web.json'): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(host.dir, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) return [`cannot read ${config}`];
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${relative(host.dir, d.file.fileName)})` : ''));
}

/** The host's bundler alias: `@openorbit/ext-ai-lm-studio` → the extension's src, `@openorbit/core` → core's src. */
function hostAlias(host: HostFixture): Plugin {
  return {
    name: 'host-alias',
    setup(b) {
      b.onResolve({ filter: /^@openorbit\/(ext-ai-lm-studio|core)(\/|$)/ }, async (args) => {
        const [, name, rest] = /^@openorbit\/(ext-ai-lm-studio|core)(.*)$/.exec(args.path) as RegExpExecArray;
        const base = name === 'core' ? join(host.dir, 'packages/core/src') : join(host.extension, 'src');
        const resolved = await b.resolve(base + rest, { kind: args.kind, resolveDir: args.resolveDir });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
}

/** Bundles one host entry with the alias, as the host's build does for main (node) and renderer (browser). */
export async function bundleHostEntry(host: HostFixture, side: 'main' | 'renderer'): Promise<{ file: string; text: string; metafile: Metafile }> {
  const file = join(host.dir, 'out', side, 'index.mjs');
  const result = await build({
    entryPoints: [join(host.dir, 'src', side, 'index.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: side === 'main' ? 'node' : 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
    plugins: [hostAlias(host)],
  });
  return { file, text: readFileSync(file, 'utf8'), metafile: result.metafile };
}

/** Files of the extension folder, relative to it. */
export function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path)];
    })
    .sort();
}

/** Which of `paths` (relative to the host) its .gitignore ignores. */
export function ignoredByGit(host: HostFixture, paths: string[]): string[] {
  spawnSync('git', ['init', '-q'], { cwd: host.dir });
  const run = spawnSync('git', ['check-ignore', '--no-index', ...paths], { cwd: host.dir, encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed: ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}
