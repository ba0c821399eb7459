import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports (static and dynamic). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2]) as string);
}

const folderOf = (file: string) => relative(src, file).split('/')[0] as string;

/** Which folders each folder may import (style.md: layers point one way, shared pieces low, entries on top). */
const allowed: Record<string, string[]> = {
  domain: [],
  openorbit: [],
  http: ['domain'],
  stream: ['domain', 'http'],
  client: ['domain', 'http', 'stream'],
  provider: ['domain', 'http', 'stream', 'client', 'openorbit'],
  cli: ['domain', 'http', 'stream', 'client', 'provider', 'openorbit', 'emulator'],
  emulator: [],
};

describe('layout', () => {
  const all = files(src);

  it('the core (everything but the CLI and the emulator) imports no node: module, so it runs in browsers', () => {
    const offenders = all
      .filter((f) => !['cli', 'emulator'].includes(folderOf(f)))
      .flatMap((f) => imports(f).filter((s) => s.startsWith('node:') || ['fs', 'http', 'path', 'net', 'url', 'os'].includes(s)).map((s) => `${relative(src, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('reads imports (so the checks below can fail)', () => {
    expect(imports(join(src, 'client/chat.ts'))).toEqual(expect.arrayContaining(['../stream/chat-stream.js', './core.js']));
    expect(imports(join(src, 'client/core.ts'))).toContain('openapi-fetch');
    expect(imports(join(src, 'client/json-schema-check.ts'))).toContain('@cfworker/json-schema');
  });

  it('layers point one way', () => {
    const offenders: string[] = [];
    for (const file of all) {
      const from = folderOf(file);
      if (!(from in allowed)) continue; // entries (index.ts, main.ts, renderer.ts) wire everything
      for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
        const target = relative(src, join(file, '..', spec));
        if (target.startsWith('..')) {
          if (!target.startsWith('../generated/')) offenders.push(`${relative(src, file)} → ${spec}`);
          continue;
        }
        const to = target.split('/')[0] as string;
        if (to !== from && !allowed[from]?.includes(to)) offenders.push(`${relative(src, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
