import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../scripts/generate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const specFile = join(root, 'openapi/lmstudio.yaml');
const specText = readFileSync(specFile, 'utf8');

/** The spec with one character of one schema description changed (`object` → `objecT`). */
function driftedSpec(): string {
  const from = 'OpenAI-style error object;';
  expect(specText).toContain(from);
  const out = specText.replace(from, 'OpenAI-style error objecT;');
  expect(out.length).toBe(specText.length);
  return out;
}

async function lintProblems(source: string) {
  const config = await createConfig({ extends: ['recommended'] });
  return lintFromString({ source, absoluteRef: specFile, config });
}

describe('openapi/lmstudio.yaml is a valid OpenAPI 3.1 document', () => {
  it('declares OpenAPI 3.1', () => {
    const doc = parseYaml(specText) as { openapi?: unknown };
    expect(String(doc.openapi)).toMatch(/^3\.1\.\d+$/);
  });

  it('lints with zero errors under redocly recommended (warnings printed)', async () => {
    const problems = await lintProblems(specText);
    const warnings = problems.filter((p) => p.severity !== 'error');
    if (warnings.length > 0) {
      console.warn(
        `[spec] ${warnings.length} lint warning(s):\n  ` +
          warnings.map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ''})`).join('\n  '),
      );
    }
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('the linter does report errors: a broken copy of the spec fails', async () => {
    const broken = specText.replace('operationId: listModels\n', 'operationId: listModels\n      unknownField: 1\n').replace(
      '$ref: "#/components/schemas/ModelList"',
      '$ref: "#/components/schemas/NoSuchSchema"',
    );
    const errors = (await lintProblems(broken)).filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.ruleId)).toEqual(expect.arrayContaining(['struct', 'no-unresolved-refs']));
  });
});

describe('generate:check', () => {
  let rendered: Map<string, string>;
  beforeAll(async () => {
    rendered = await render(specText);
  });

  it('generated/ is exactly what scripts/generate.ts renders from the spec', () => {
    const names = [...rendered.keys()].map((file) => relative(root, file)).sort();
    expect(names).toEqual(['generated/lmstudio.ts', 'generated/schemas.ts']);
    for (const [file, text] of rendered) {
      expect(readFileSync(file, 'utf8') === text, `${relative(root, file)} has drifted: run npm run generate`).toBe(true);
    }
  });

  it('rendering is deterministic', async () => {
    const again = await render(specText);
    for (const [file, text] of rendered) expect(again.get(file)).toBe(text);
  });

  it('a one-character spec edit changes the rendered output (the check would fail)', async () => {
    const drifted = await render(driftedSpec());
    for (const [file, text] of drifted) {
      expect(text, relative(root, file)).not.toBe(readFileSync(file, 'utf8'));
      expect(text).toContain('OpenAI-style error objecT;');
    }
  });
});

/** Runs `npx tsx scripts/generate.ts --check` in `cwd`, killed after `ms`. */
function runCheck(cwd: string, ms: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/generate.ts', '--check'], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('scripts/generate.ts --check in a copy of the repo layout', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lmstudio-gencheck-'));
    for (const part of ['openapi', 'generated', 'scripts/generate.ts', 'package.json', 'tsconfig.json']) {
      cpSync(join(root, part), join(dir, part), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Two spawns of npx + tsx: seconds on an idle machine, far more beside other suites. The kill timer is a hang
  // guard only; the outcome (exit code, named files) is what is asserted.
  it('passes on the committed spec, then exits 1 naming the drifted files after a one-character edit', { timeout: 200_000 }, async () => {
    const clean = await runCheck(dir, 90_000);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('up to date');

    writeFileSync(join(dir, 'openapi/lmstudio.yaml'), driftedSpec());
    const drifted = await runCheck(dir, 90_000);
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain('generated/lmstudio.ts');
    expect(drifted.stderr).toContain('generated/schemas.ts');
    expect(drifted.stderr).toMatch(/drifted/);
  });
});
