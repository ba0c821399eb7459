// Issue 12, "How it is checked here": build the OpenOrbit folder, then check it against a host-shaped fixture of
// our own (./host-fixture.ts): the host's lint (0 errors) and formatting, the type-check of src/main/index.ts
// against declared shapes of the three @openorbit/core modules it imports, bundling main and renderer with the
// host's alias (no node: import in the renderer), and activation the way the host's extension host does it, with
// a failure reaching an IPC-style errorToResponse as AI_CONNECTION_ERROR.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import tseslint from '@electron-toolkit/eslint-config-ts';
import eslintConfigPrettier from '@electron-toolkit/eslint-config-prettier';
import { ESLint, type Linter } from 'eslint';
import { check } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenOrbitFolder, type FolderResult } from '../../scripts/openorbit/folder.js';
import { HOST_PRETTIER } from '../../scripts/openorbit/templates.js';
import { GEMMA, TYPICAL, chatRoute, completion, freePort, modelsRoute, startLmStudio, until, useCleanup } from '../provider/harness.js';
import { EXTENSION_DIR, bundleHostEntry, createHost, ignoredByGit, listFiles, typecheck, type HostFixture } from './host-fixture.js';

useCleanup();

/** Lint, type-check and bundling of a 250 KB bundle take seconds of CPU; the machines here are shared. */
const SLOW = 180_000;

let host: HostFixture;
let built: FolderResult;

beforeAll(async () => {
  host = createHost();
  built = await buildOpenOrbitFolder(host.extension);
}, 400_000);

afterAll(() => {
  if (host) rmSync(host.dir, { recursive: true, force: true });
});

/** The host's flat config, restated: its ignores, the toolkit's TypeScript rules, its unused-vars rule, prettier. */
function hostEslint(): ESLint {
  const config: Linter.Config[] = [
    { ignores: ['**/node_modules', '**/dist', '**/out'] },
    ...(tseslint.configs.recommended as Linter.Config[]),
    {
      files: ['**/*.{ts,tsx}'],
      rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
    },
    eslintConfigPrettier as Linter.Config,
  ];
  return new ESLint({ cwd: host.dir, overrideConfigFile: true, overrideConfig: config });
}

describe('npm run build:openorbit -- <folder>', () => {
  it("writes the host's extension shape, nothing else", () => {
    const files = [
      'README.md',
      'THIRD-PARTY-NOTICES.md',
      'package.json',
      'src/main/index.ts',
      'src/main/lm-studio.d.ts',
      'src/main/lm-studio.js',
      'src/renderer/index.ts',
    ];
    expect(built.files).toEqual(files);
    expect(listFiles(host.extension)).toEqual(files);
    expect(built.bundled.map((p) => p.split('@').slice(0, -1).join('@'))).toEqual(['@cfworker/json-schema', 'eventsource-parser', 'openapi-fetch']);
    const notices = readFileSync(join(host.extension, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    expect(notices).toContain('## @openorbit/ext-ai-lm-studio ');
    for (const name of built.bundled) expect(notices).toContain(`## ${name.replace(/@([^@]+)$/, ' $1')} (MIT)`);
  }, SLOW);

  it('package.json: the manifest with the TypeScript entries, dependencies like its siblings, ./main/index exported', () => {
    const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(host.extension, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@openorbit/ext-ai-lm-studio', type: 'module', main: './src/main/index.ts' });
    expect(pkg.dependencies).toEqual({ '@openorbit/core': '*' });
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.exports['./main/index']).toBe('./src/main/index.ts');
    expect(pkg.exports['./renderer/index']).toBe('./src/renderer/index.ts');
    expect(pkg.openorbit).toEqual({ ...own.openorbit, version: own.version, main: './src/main/index.ts', renderer: './src/renderer/index.ts' });
  }, SLOW);

  it('no file is under a path a usual .gitignore ignores (the host ignores dist, out, node_modules at any depth)', () => {
    const paths = listFiles(host.extension).map((f) => `${EXTENSION_DIR}/${f}`);
    expect(ignoredByGit(host, paths)).toEqual([]);
    // The check itself works: a dist/ file would be reported.
    expect(ignoredByGit(host, [`${EXTENSION_DIR}/dist/index.js`])).toHaveLength(1);
  }, SLOW);

  it('src/main/index.ts is short and hands over the three host modules; the bundle is marked generated', () => {
    const main = readFileSync(join(host.extension, 'src/main/index.ts'), 'utf8');
    expect(main.split('\n').length).toBeLessThan(30);
    for (const module of ['@openorbit/core/db/settings-repo', '@openorbit/core/db/api-usage-repo', '@openorbit/core/errors']) expect(main).toContain(`from '${module}'`);
    expect(main).toMatch(/errorClass: AIServiceError/);
    const bundle = readFileSync(join(host.extension, 'src/main/lm-studio.js'), 'utf8');
    expect(bundle.startsWith('/* eslint-disable */\n// @generated')).toBe(true);
    expect(bundle).not.toMatch(/from\s*['"](?!\.)/); // every dependency is inside
  }, SLOW);

  it("passes the host's lint with 0 errors and 0 warnings; the same lint does catch what upstream's sources failed on", async () => {
    const eslint = hostEslint();
    const results = await eslint.lintFiles([EXTENSION_DIR]);
    const linted = results.map((r) => r.filePath.slice(host.extension.length + 1)).sort();
    expect(linted).toEqual(['src/main/index.ts', 'src/main/lm-studio.d.ts', 'src/main/lm-studio.js', 'src/renderer/index.ts']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);

    const bad = 'export function probe(x: string) {\n  const re = /\\:/\n  return re.test(x)\n}\nexport const noop = function (): void {}\nexport const quoted = "double";\n';
    const [probe] = await eslint.lintText(bad, { filePath: join(host.dir, 'packages/extensions/probe/src/main/index.ts') });
    const rules = new Set(probe!.messages.map((m) => m.ruleId));
    expect(rules).toContain('@typescript-eslint/explicit-function-return-type');
    expect(rules).toContain('no-useless-escape');
    expect(rules).toContain('@typescript-eslint/no-empty-function');
    expect(rules).toContain('prettier/prettier');
  }, SLOW);

  it("every file is formatted with the host's prettier settings (prettier --check passes)", async () => {
    for (const file of listFiles(host.extension)) {
      const text = readFileSync(join(host.extension, file), 'utf8');
      expect(await check(text, { ...HOST_PRETTIER, filepath: join(host.extension, file) }), file).toBe(true);
    }
  }, SLOW);

  it('type-checks: src/main/index.ts against the declared @openorbit/core shapes, and the host importing the folder by name', () => {
    expect(typecheck(host, 'tsconfig.node.json')).toEqual([]);
    expect(typecheck(host, 'tsconfig.node.paths.json')).toEqual([]);
    expect(typecheck(host, 'tsconfig.web.json')).toEqual([]);
  }, SLOW);

  it('the type-check has teeth: a wrong error class or settings store is refused', () => {
    const probe = join(host.extension, 'src/main/probe.ts');
    writeFileSync(probe, "import { createLmStudioExtension } from './lm-studio'\n\nexport default createLmStudioExtension({ settings: 42, errorClass: String })\n");
    try {
      expect(typecheck(host, 'tsconfig.node.json').join('\n')).toMatch(/probe\.ts/);
    } finally {
      rmSync(probe);
    }
  }, SLOW);

  it("bundles main and renderer with the host's alias; the renderer bundle imports no node: module", async () => {
    const renderer = await bundleHostEntry(host, 'renderer');
    expect(renderer.text).not.toMatch(/['"]node:/);
    expect(renderer.text).not.toMatch(/\brequire\(/);
    expect(Object.keys(renderer.metafile.inputs).some((input) => input.includes('ext-ai-lm-studio/src/renderer/index.ts'))).toBe(true);
    const main = await bundleHostEntry(host, 'main');
    expect(main.text).not.toMatch(/['"]node:/);
    expect(Object.keys(main.metafile.inputs).some((input) => input.includes('ext-ai-lm-studio/src/main/lm-studio.js'))).toBe(true);
  }, SLOW);

  it("activates like the host's extension host: failures reach errorToResponse as AI_CONNECTION_ERROR, then LM Studio works", async () => {
    const { file } = await bundleHostEntry(host, 'main');
    const hostMain = await import(pathToFileURL(file).href);
    const dead = await freePort();
    hostMain.setSetting('lmstudio_base_url', `http://127.0.0.1:${dead}`);
    await hostMain.startExtensionHost();
    try {
      expect(hostMain.listProviders()).toEqual([{ id: 'lm-studio', configured: false, models: [] }]);
      const failed = await hostMain.aiComplete('lm-studio', { systemPrompt: '', userMessage: 'hi' });
      expect(failed).toMatchObject({ success: false, code: 'AI_CONNECTION_ERROR', context: { provider: 'lm-studio', task: 'complete' } });
      expect(failed.error).toContain(`127.0.0.1:${dead}`);
      expect(hostMain.recordedUsage().at(-1)).toMatchObject({ apiKeyHash: 'lmstudio-local', success: false, errorCode: 'AI_CONNECTION_ERROR' });

      // LM Studio starts; the store's new URL applies without a restart, and the provider shows as configured.
      const server = await startLmStudio({ ...modelsRoute(TYPICAL), ...chatRoute(() => '', () => completion('hello from LM Studio')) });
      hostMain.setSetting('lmstudio_base_url', server.url);
      expect(await until(() => hostMain.listProviders()[0].configured, 10_000)).toBe(true);
      const ok = await hostMain.aiComplete('lm-studio', { systemPrompt: '', userMessage: 'hi', task: 'greeting' });
      expect(ok).toMatchObject({ success: true, data: { content: 'hello from LM Studio', model: GEMMA } });
      expect(hostMain.recordedUsage().at(-1)).toMatchObject({ model: GEMMA, task: 'greeting', success: true });
      expect(hostMain.logs).toContain('LM Studio provider registered');
    } finally {
      await hostMain.stopExtensionHost();
    }
  }, SLOW);
});

describe('replacing a folder', () => {
  it("replaces upstream's folder (stale files go) and refuses a folder that is something else", async () => {
    const base = join(host.dir, 'replace');
    const upstream = join(base, 'ext-ai-lm-studio');
    mkdirSync(join(upstream, 'src/main'), { recursive: true });
    writeFileSync(join(upstream, 'package.json'), JSON.stringify({ name: '@openorbit/ext-ai-lm-studio', openorbit: { id: 'ext-ai-lm-studio' } }));
    writeFileSync(join(upstream, 'src/main/lm-studio-provider.ts'), 'export {}\n');
    await buildOpenOrbitFolder(upstream);
    expect(listFiles(upstream)).not.toContain('src/main/lm-studio-provider.ts');
    expect(listFiles(upstream)).toContain('src/main/lm-studio.js');

    const other = join(base, 'something-else');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    await expect(buildOpenOrbitFolder(other)).rejects.toThrow(/refusing to replace/);
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
  }, 120_000);
});
