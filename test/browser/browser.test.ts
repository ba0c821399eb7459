// The core entry (`src/index.ts`) in a real browser: bundled for the browser with esbuild (no `node:` allowed),
// served from a loopback page origin, driven in headless Chromium against the emulator on another origin — with
// CORS on (LM Studio's "Enable CORS": listing, streaming, tool calls, runTools) and off (the default: an
// `unreachable` error whose hint names CORS).
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import type * as Core from '../../src/index.js';

/** What the page's module script exposes: `window.lm = await import('/index.js')`. */
type PageWindow = Window & { lm: typeof Core; lmReady?: boolean };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[skip] browser tests: no Chromium at ${CHROMIUM} (install Debian's \`chromium\`, or set CHROMIUM_PATH)`);

const LAUNCH_MS = 30_000;
const STEP_MS = 10_000;
const MODEL = 'qwen/qwen3-4b-2507';
const ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** Rejects when `promise` takes longer than `ms`: every browser step is bounded. */
function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Bundle {
  /** URL path (`/index.js`, `/chunk-….js`) to code. */
  files: Map<string, string>;
  metafile: Metafile;
}

let bundled: Promise<Bundle> | undefined;
/** The browser build of the core entry, in memory; split so the lazily imported validator is its own chunk. */
function bundle(): Promise<Bundle> {
  bundled ??= build({
    entryPoints: { index: ENTRY },
    platform: 'browser',
    format: 'esm',
    bundle: true,
    splitting: true,
    target: 'es2022',
    outdir: '/bundle',
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).then((result) => ({
    files: new Map(result.outputFiles.map((f) => [f.path.replace(/^\/bundle/, ''), f.text])),
    metafile: result.metafile,
  }));
  return bundled;
}

/** `import … from 'node:x'`, `import('node:x')`, `require('node:x')`, or a bare `node:x` string anywhere. */
const NODE_SPECIFIER = /["'`]node:[\w/]+["'`]/;

describe('browser bundle of src/index.ts', () => {
  it('builds for platform browser without any node: module', async () => {
    // esbuild rejects `node:` imports for platform browser, so a failed build is the first signal.
    const { files, metafile } = await bundle();
    expect(files.has('/index.js')).toBe(true);
    for (const [path, code] of files) expect(code, `${path} names a node: module`).not.toMatch(NODE_SPECIFIER);
    const nodeImports = Object.entries(metafile.inputs).flatMap(([input, info]) =>
      info.imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => `${input} -> ${i.path}`),
    );
    expect(nodeImports).toEqual([]);
    // The schema validator is loaded on first use only: a separate chunk, not part of the entry.
    const entry = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
    expect(Object.keys(entry?.inputs ?? {}).some((i) => i.includes('@cfworker'))).toBe(false);
    expect(Object.values(metafile.outputs).some((o) => Object.keys(o.inputs).some((i) => i.includes('@cfworker')))).toBe(true);
  });
});

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>LM Studio client in a browser</title>
<style>body{font:16px/1.4 system-ui,sans-serif;margin:24px;max-width:720px}pre{white-space:pre-wrap;background:#f3f3f3;padding:12px;min-height:2em}</style>
</head>
<body>
<h1>LM Studio client in a browser</h1>
<p id="status">loading…</p>
<h2>Streamed answer</h2>
<pre id="out"></pre>
<script type="module">
  window.lm = await import('/index.js');
  window.lmReady = true;
  document.getElementById('status').textContent = 'client loaded';
</script>
</body>
</html>`;

/** Serves the page and the bundle on 127.0.0.1 (its own origin, unlike the emulators'). */
async function servePage(files: Map<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const code = files.get(path);
    if (code === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(code);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
};

describe.skipIf(!haveChromium)('core client in headless Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  let pageServer: Server | undefined;
  let pageUrl = '';
  let corsOn: EmulatorHandle | undefined;
  let corsOff: EmulatorHandle | undefined;
  let tmp = '';
  /** Uncaught exceptions and console errors in the page, since the last `takeConsole()`. */
  const pageErrors: string[] = [];
  const takeConsole = (): string[] => pageErrors.splice(0);

  /** `page.evaluate`, bounded; returns plain data only. */
  function evaluate<R, A>(what: string, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    // Our arguments are plain JSON data, so Playwright's `Unboxed<A>` is `A`.
    return within(what, STEP_MS, page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown));
  }

  beforeAll(async () => {
    const { files } = await bundle();
    tmp = await mkdtemp(join(tmpdir(), 'lmstudio-browser-'));
    ({ server: pageServer, url: pageUrl } = await servePage(files));
    corsOn = await startEmulator({ cors: true, seed: 7 });
    corsOff = await startEmulator({ cors: false, seed: 7 });
    browser = await within(
      'launching Chromium',
      LAUNCH_MS,
      chromium.launch({
        executablePath: CHROMIUM,
        timeout: LAUNCH_MS,
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      }),
    );
    page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    page.setDefaultTimeout(STEP_MS);
    page.on('pageerror', (e) => pageErrors.push(`uncaught: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${m.text()} (${m.location().url})`);
    });
    await page.goto(`${pageUrl}/`, { timeout: STEP_MS });
    await page.waitForFunction(() => (window as unknown as PageWindow).lmReady === true, undefined, { timeout: STEP_MS });
  }, LAUNCH_MS + 4 * STEP_MS);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all([corsOn?.close(), corsOff?.close()]);
    if (pageServer) {
      pageServer.closeAllConnections();
      await new Promise<void>((resolve) => pageServer?.close(() => resolve()));
    }
    if (tmp && !process.env.KEEP_BROWSER_ARTIFACTS) await rm(tmp, { recursive: true, force: true });
    else if (tmp) console.warn(`[browser] artifacts kept in ${tmp}`);
  }, STEP_MS * 2);

  it('loads the bundle in a page on another origin than the emulators, without errors', () => {
    expect(new URL(pageUrl).origin).not.toBe(new URL(corsOn!.url).origin);
    expect(new URL(pageUrl).origin).not.toBe(new URL(corsOff!.url).origin);
    expect(takeConsole()).toEqual([]);
  });

  describe('with CORS on', () => {
    it('lists models', async () => {
      const models = await evaluate(
        'listModels',
        async (baseUrl) => {
          const { lm } = window as unknown as PageWindow;
          const list = await lm.createLmStudioClient({ baseUrl }).listModels();
          return list.map((m) => ({ id: m.id, type: m.type, loaded: m.loaded, toolUse: m.toolUse }));
        },
        corsOn!.url,
      );
      expect(models.length).toBeGreaterThan(1);
      expect(models).toContainEqual(expect.objectContaining({ id: MODEL, type: 'llm', loaded: true, toolUse: true }));
      // It came from the browser, cross-origin.
      const listing = corsOn!.requests.find((r) => r.path.endsWith('/models'));
      expect(listing?.headers.origin).toBe(new URL(pageUrl).origin);
      expect(takeConsole()).toEqual([]);
    });

    it('streams a chat into the page', async () => {
      const { events, result } = await evaluate(
        'streamChat',
        async ({ baseUrl, model }) => {
          const { lm } = window as unknown as PageWindow;
          const out = document.getElementById('out')!;
          out.textContent = '';
          const stream = lm.createLmStudioClient({ baseUrl }).streamChat({
            model,
            messages: [{ role: 'user', content: 'Say hello to the browser in one short sentence.' }],
          });
          const seen: Core.ChatEvent[] = [];
          for await (const event of stream) {
            seen.push(event);
            if (event.type === 'text') out.textContent += event.delta;
          }
          document.getElementById('status')!.textContent = 'stream finished';
          return { events: seen, result: await stream.result() };
        },
        { baseUrl: corsOn!.url, model: MODEL },
      );
      const text = events.flatMap((e) => (e.type === 'text' ? [e.delta] : []));
      expect(text.length).toBeGreaterThan(1);
      expect(result.content.length).toBeGreaterThan(0);
      expect(text.join('')).toBe(result.content);
      expect(result.finishReason).toBe('stop');
      expect(result.toolCalls).toEqual([]);
      expect(events.map((e) => e.type)).toContain('finish');
      expect(await page.locator('#out').textContent({ timeout: STEP_MS })).toBe(result.content);

      const shot = join(tmp, 'streamed-chat.png');
      await page.screenshot({ path: shot, timeout: STEP_MS });
      expect((await stat(shot)).size).toBeGreaterThan(1000);
      if (process.env.KEEP_BROWSER_ARTIFACTS) console.warn(`[browser] screenshot: ${shot}`);
      expect(takeConsole()).toEqual([]);
    });

    it('streams a tool call', async () => {
      const { events, result } = await evaluate(
        'streamChat with tools',
        async ({ baseUrl, model, tool }) => {
          const { lm } = window as unknown as PageWindow;
          const stream = lm.createLmStudioClient({ baseUrl }).streamChat({
            model,
            messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
            tools: [tool],
          });
          const seen: Core.ChatEvent[] = [];
          for await (const event of stream) seen.push(event);
          return { events: seen, result: await stream.result() };
        },
        { baseUrl: corsOn!.url, model: MODEL, tool: WEATHER_TOOL },
      );
      expect(result.finishReason).toBe('tool_calls');
      const call = result.toolCalls[0];
      expect(call?.name).toBe('get_weather');
      expect(call?.id).toBeTruthy();
      expect(call?.input).toEqual({ city: expect.any(String) });
      expect(JSON.parse(call!.arguments)).toEqual(call?.input);
      const types = events.map((e) => e.type);
      expect(types).toContain('tool-call-start');
      expect(types).toContain('tool-call-delta');
      expect(types).toContain('tool-call-end');
      expect(types.indexOf('tool-call-start')).toBeLessThan(types.indexOf('tool-call-end'));
      expect(events.find((e) => e.type === 'tool-call-start')).toMatchObject({ index: 0, name: 'get_weather' });
      const deltas = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.argumentsDelta] : []));
      expect(deltas.join('')).toBe(call?.arguments);
      expect(events.find((e) => e.type === 'tool-call-end')).toMatchObject({ index: 0, toolCall: { name: 'get_weather', input: call?.input } });
      expect(takeConsole()).toEqual([]);
    });

    it('runs a tool loop (runTools, with the lazily loaded schema validator)', async () => {
      const run = await evaluate(
        'runTools',
        async ({ baseUrl, model, tool }) => {
          const { lm } = window as unknown as PageWindow;
          const executed: unknown[] = [];
          const toolRun = lm.createLmStudioClient({ baseUrl }).runTools({
            model,
            messages: [{ role: 'user', content: 'What is the weather in Paris right now?' }],
            tools: [
              {
                name: tool.function.name,
                description: tool.function.description,
                parameters: tool.function.parameters,
                execute: (input) => {
                  executed.push(input);
                  return `Sunny, 21 °C in ${String(input.city)}`;
                },
              },
            ],
          });
          const ends: { result: string; isError: boolean; skipped?: string }[] = [];
          for await (const event of toolRun) {
            if (event.type === 'tool-execution-end') ends.push({ result: event.result, isError: event.isError, skipped: event.skipped });
          }
          const result = await toolRun.result();
          return { executed, ends, stopReason: result.stopReason, rounds: result.rounds, final: result.final.content, roles: result.messages.map((m) => m.role) };
        },
        { baseUrl: corsOn!.url, model: MODEL, tool: WEATHER_TOOL },
      );
      expect(run.executed).toEqual([{ city: expect.any(String) }]);
      expect(run.ends).toEqual([{ result: expect.stringContaining('Sunny'), isError: false }]);
      expect(run.stopReason).toBe('answered');
      expect(run.rounds).toBe(2);
      expect(run.roles).toEqual(['user', 'assistant', 'tool', 'assistant']);
      expect(run.final).toContain('Sunny');
      expect(takeConsole()).toEqual([]);
    });
  });

  describe('with CORS off (LM Studio default)', () => {
    it('reports unreachable with a hint that names CORS', async () => {
      const failures = await evaluate(
        'calls without CORS',
        async (baseUrl) => {
          const { lm } = window as unknown as PageWindow;
          const client = lm.createLmStudioClient({ baseUrl });
          const describeError = (e: unknown) => ({
            isLmStudioError: lm.isLmStudioError(e),
            name: (e as Error).name,
            code: (e as Core.LmStudioError).code,
            message: (e as Error).message,
            hint: (e as Core.LmStudioError).hint,
          });
          const attempts = [
            () => client.listModels(),
            () => client.streamChat({ model: 'qwen/qwen3-4b-2507', messages: [{ role: 'user', content: 'hi' }] }).result(),
          ];
          const out = [];
          for (const attempt of attempts) {
            try {
              await attempt();
              out.push({ resolved: true });
            } catch (error) {
              out.push(describeError(error));
            }
          }
          return out;
        },
        corsOff!.url,
      );
      expect(failures).toHaveLength(2);
      for (const failure of failures) {
        expect(failure).toMatchObject({ isLmStudioError: true, name: 'LmStudioError', code: 'unreachable', hint: expect.stringMatching(/CORS/) });
        expect((failure as { message: string }).message).toMatch(/CORS/);
        expect((failure as { message: string }).message).toContain(corsOff!.url);
      }
      // The requests did reach the server; the browser withheld the answers.
      expect(corsOff!.requests.some((r) => r.headers.origin === new URL(pageUrl).origin)).toBe(true);
      // Chromium's own console says why: the CORS policy, never an uncaught exception.
      const logged = takeConsole();
      expect(logged.some((line) => /CORS policy/.test(line))).toBe(true);
      expect(logged.filter((line) => line.startsWith('uncaught:'))).toEqual([]);
    });
  });
});
