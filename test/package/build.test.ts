import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../scripts/build.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the built files resolve their dependencies from node_modules as an install would.
// A folder of its own per run, so two runs at once never delete each other's build.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const out = mkdtempSync(join(root, 'node_modules/.cache/ext-ai-lm-studio-build-'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string; default: string } | string>;
  bin: Record<string, string>;
  openorbit: { main: string; renderer: string };
};
const built = (path: string) => join(out, path.replace(/^\.?\/?dist\//, ''));

describe('the published build', () => {
  beforeAll(async () => {
    await buildPackage(out);
  }, 240_000); // tsc and esbuild on a shared 2-core machine, possibly beside the tarball test's own build
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('has every file the exports map, the bin and the manifest name', () => {
    const paths = [
      ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [] : [e.types, e.default])),
      ...Object.values(pkg.bin),
      pkg.openorbit.main,
      pkg.openorbit.renderer,
    ];
    expect(paths.filter((p) => !existsSync(built(p)))).toEqual([]);
  });

  it('the entries import and expose what they promise', async () => {
    const core = (await import(pathToFileURL(built('dist/src/index.js')).href)) as Record<string, unknown>;
    expect(typeof core.createLmStudioClient).toBe('function');
    expect(typeof core.LmStudioError).toBe('function');
    // The client's entry is the client: the provider has its own, and streams are types, not constructors.
    expect(core.LmStudioProvider).toBeUndefined();
    expect(core.ChatStream).toBeUndefined();
    const openorbit = (await import(pathToFileURL(built('dist/src/openorbit-entry.js')).href)) as Record<string, unknown>;
    expect(typeof openorbit.LmStudioProvider).toBe('function');
    expect(typeof openorbit.AIServiceError).toBe('function');
    const emulator = (await import(pathToFileURL(built('dist/src/emulator-entry.js')).href)) as Record<string, unknown>;
    expect(typeof emulator.startEmulator).toBe('function');
    const main = (await import(pathToFileURL(built('dist/src/main.js')).href)) as { default: { activate: unknown; deactivate: unknown }; createLmStudioExtension: unknown };
    expect(typeof main.default.activate).toBe('function');
    expect(typeof main.createLmStudioExtension).toBe('function');
    const renderer = (await import(pathToFileURL(built('dist/src/renderer.js')).href)) as { default: { activate: unknown } };
    expect(typeof renderer.default.activate).toBe('function');
  });

  it('the browser-safe entries (client, provider, host entries) and every chunk they load import no node: module', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/from\s*["']node:|import\(\s*["']node:/);
      for (const m of code.matchAll(/["'](\.\.?\/[\w./-]+\.js)["']/g)) visit(join(file, '..', m[1] as string));
    };
    for (const entry of ['index', 'openorbit-entry', 'main', 'renderer']) visit(built(`dist/src/${entry}.js`));
    expect(seen.size).toBeGreaterThan(4);
  });

  it('ships no source maps and the CLI runs from the bin', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [e.name]));
    expect(files(out).filter((f) => f.endsWith('.map'))).toEqual([]);
    const bin = built(Object.values(pkg.bin)[0] as string);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
