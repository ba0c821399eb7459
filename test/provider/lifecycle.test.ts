import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LmStudioProvider } from '../../src/provider/index.js';
import { TYPICAL, freePort, makeProvider, modelsRoute, startLmStudio, until, useCleanup } from './harness.js';

useCleanup();

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('lifecycle', () => {
  it('dispose() stops background discovery while configured (no more probes, no timers left)', async () => {
    const server = await startLmStudio(modelsRoute(TYPICAL));
    const before = timeouts();
    const { provider } = makeProvider({ lmstudio_base_url: server.url }, { discovery: { initialDelayMs: 10, maxDelayMs: 20, refreshMs: 15 } });
    expect(await until(() => server.to('/api/v1/models').length >= 3)).toBe(true);
    provider.dispose();
    await new Promise((r) => setTimeout(r, 30)); // let a probe under way settle
    const probes = server.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(server.requests.length).toBe(probes);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('dispose() stops the backoff probing while LM Studio is down', async () => {
    const port = await freePort();
    const before = timeouts();
    const { provider } = makeProvider({ lmstudio_base_url: `http://127.0.0.1:${port}` });
    await new Promise((r) => setTimeout(r, 100));
    provider.dispose();
    // A probe under way is abandoned at once (its retry sleep included).
    await new Promise((r) => setTimeout(r, 50));
    expect(timeouts()).toBeLessThanOrEqual(before);
    // Starting LM Studio now changes nothing: nobody probes any more.
    const server = await startLmStudio(modelsRoute(TYPICAL), port);
    await new Promise((r) => setTimeout(r, 400));
    expect(server.requests).toHaveLength(0);
    expect(provider.isConfigured()).toBe(false);
  });

  it('calls still work after dispose(), without restarting background work', async () => {
    const server = await startLmStudio({
      ...modelsRoute(TYPICAL),
      'POST /v1/chat/completions': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c', model: 'google/gemma-4-e4b', choices: [{ index: 0, message: { role: 'assistant', content: 'still here' }, finish_reason: 'stop' }] }));
      },
    });
    const { provider } = makeProvider({ lmstudio_base_url: server.url }, { discovery: { initialDelayMs: 10, maxDelayMs: 20, refreshMs: 15 } });
    provider.dispose();
    expect((await provider.complete({ systemPrompt: '', userMessage: 'x' })).content).toBe('still here');
    const probes = server.to('/api/v1/models').length;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.to('/api/v1/models').length).toBe(probes);
  });

  it("discovery timers never keep the process alive (a process that never calls dispose() exits)", async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'lmstudio-provider-'));
    const script = join(dir, 'exit-check.mts');
    const entry = pathToFileURL(join(ROOT, 'src/provider/index.ts')).href;
    writeFileSync(
      script,
      [
        `import { LmStudioProvider } from ${JSON.stringify(entry)};`,
        `const p = new LmStudioProvider({ settings: (k) => (k === 'lmstudio_base_url' ? 'http://127.0.0.1:${port}' : null), discovery: { initialDelayMs: 50, maxDelayMs: 100 } });`,
        // Outlive the first failed probe, so that a backoff timer is pending when the script ends.
        `await new Promise((r) => setTimeout(r, 1200));`,
        `console.log('configured=' + p.isConfigured());`,
      ].join('\n'),
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(killer);
      expect(out).toContain('configured=false');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('constructing with no options works (no settings: the default address)', () => {
    const provider = new LmStudioProvider({ discovery: { initialDelayMs: 10_000 } });
    try {
      expect(provider.isConfigured()).toBe(false);
    } finally {
      provider.dispose();
    }
  });
});
