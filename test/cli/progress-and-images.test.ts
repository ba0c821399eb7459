// Progress you can see and images, end to end against a loopback LM Studio: a just-in-time first answer shows the
// load progress the native chat reports, `models download` shows a bar (plain lines when not a terminal), and
// `chat --image` sends the picture as a data URL.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelsApiV1 } from '../support/fixtures.js';
import { routes, sendJson, unexpectedEndpoint, useServers } from '../support/loopback-server.js';
import { cli, start } from './helpers.js';

const serve = useServers();
const UNLOADED = 'openai/gpt-oss-20b';
const LOADED = 'mistralai/ministral-8b';

function sse(res: ServerResponse, events: Record<string, unknown>[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(events.map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join(''));
}

const nativeAnswer = [
  { type: 'chat.start', model_instance_id: UNLOADED },
  { type: 'model_load.start', model_instance_id: UNLOADED },
  ...[0, 0.3, 0.6, 0.9].map((progress) => ({ type: 'model_load.progress', model_instance_id: UNLOADED, progress })),
  { type: 'model_load.end', model_instance_id: UNLOADED, load_time_seconds: 2.5 },
  { type: 'prompt_processing.start' },
  { type: 'prompt_processing.end' },
  { type: 'message.start' },
  { type: 'message.delta', content: 'Loaded and ready.' },
  { type: 'message.end' },
  {
    type: 'chat.end',
    result: {
      model_instance_id: UNLOADED,
      output: [{ type: 'message', content: 'Loaded and ready.' }],
      stats: { input_tokens: 5, total_output_tokens: 4, reasoning_output_tokens: 0, tokens_per_second: 77.5, time_to_first_token_seconds: 2.7, model_load_time_seconds: 2.5 },
    },
  },
];

const completion = (content: string, model: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
});

describe('progress and images', { timeout: 90_000 }, () => {
  it('the first answer of a model not loaded yet shows LM Studio\'s load progress, then the answer and its tokens/s', async () => {
    const server = await serve(
      routes({
        'GET /api/v1/models': (_req, res) => sendJson(res, 200, modelsApiV1),
        'POST /api/v1/chat': (_req, res) => sse(res, nativeAnswer),
      }),
    );
    const run = await cli(['chat', 'hello', '--model', UNLOADED, '--system', 'Be brief.', '--base-url', server.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('Loaded and ready.\n');
    expect(run.stderr).toMatch(/loading openai\/gpt-oss-20b {2}\[[█░]+\] 0%/);
    expect(run.stderr).toMatch(/loading openai\/gpt-oss-20b {2}\[█+\] 100%/);
    expect(run.stderr).toContain('77.5 tokens/s');
    const body = JSON.parse(server.requests.find((r) => r.url === '/api/v1/chat')?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ model: UNLOADED, input: 'hello', system_prompt: 'Be brief.', store: false, stream: true });
  });

  it('in a session, the first answer shows the load, and the next turns carry it as history', async () => {
    const server = await serve(
      routes({
        'GET /api/v1/models': (_req, res) => sendJson(res, 200, modelsApiV1),
        'POST /api/v1/chat': (_req, res) => sse(res, nativeAnswer),
        'POST /v1/chat/completions': (_req, res) => sendJson(res, 200, completion('Second answer.', UNLOADED)),
      }),
    );
    const session = start(['chat', '-i', '--model', UNLOADED, '--base-url', server.url]);
    session.write('first\n');
    await session.waitFor(/Loaded and ready\./);
    session.write('second\n');
    await session.waitFor(/Second answer\./);
    session.end();
    const run = await session.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/loading openai\/gpt-oss-20b {2}\[█+\] 100%/);
    const followUp = JSON.parse(server.requests.find((r) => r.url === '/v1/chat/completions')?.body ?? '{}') as { messages: unknown[] };
    expect(followUp.messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'Loaded and ready.' },
      { role: 'user', content: 'second' },
    ]);
  });

  it('a server without the native chat answers through the OpenAI-compatible one (spinner only)', async () => {
    const server = await serve(
      routes({
        'GET /api/v1/models': (_req, res) => sendJson(res, 200, modelsApiV1),
        'POST /api/v1/chat': (req, res) => unexpectedEndpoint(res, req),
        'POST /v1/chat/completions': (_req, res) => sendJson(res, 200, completion('Answered the old way.', UNLOADED)),
      }),
    );
    const run = await cli(['chat', 'hello', '--model', UNLOADED, '--base-url', server.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('Answered the old way.\n');
    expect(server.requests.map((r) => r.url)).toContain('/v1/chat/completions');
  });

  it('models download shows percent, bytes, speed and time left as plain lines, then how to load it', async () => {
    let polls = 0;
    const status = (downloaded: number, state = 'downloading') => ({
      job_id: 'job_1',
      status: state,
      downloaded_bytes: downloaded,
      total_size_bytes: 4_000_000_000,
      bytes_per_second: 50_000_000,
      started_at: '2026-01-01T00:00:00Z',
    });
    const server = await serve(
      routes({
        'POST /api/v1/models/download': (_req, res) => sendJson(res, 200, status(0)),
        'GET /api/v1/models/download/status/job_1': (_req, res) => {
          polls++;
          sendJson(res, 200, polls < 3 ? status(polls * 1_500_000_000) : status(4_000_000_000, 'completed'));
        },
      }),
    );
    const run = await cli(['models', 'download', UNLOADED, '--base-url', server.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('[░░░░░░░░░░░░░░░░░░░░░░░░] 0%  0 B / 4.00 GB  50.0 MB/s  1m 20s left');
    expect(run.stderr).toMatch(/\] 37%  1.50 GB \/ 4.00 GB {2}50.0 MB\/s {2}50s left/);
    expect(run.stderr).toMatch(/\] 100% .* completed/);
    expect(run.stderr).not.toContain('\r');
    expect(run.stdout).toContain(`downloaded ${UNLOADED} (4.00 GB). Load it with: npm run -s cli -- models load ${UNLOADED}`);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ model: UNLOADED });
  });

  it('chat --image sends the picture as a data URL; a file that is not an image is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lmcli-image-'));
    const png = join(dir, 'dot.png');
    writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]));
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'not an image at all');
    const server = await serve(
      routes({
        'GET /api/v1/models': (_req, res) => sendJson(res, 200, modelsApiV1),
        'POST /v1/chat/completions': (_req, res) => sendJson(res, 200, completion('A dot.', LOADED)),
      }),
    );
    const run = await cli(['chat', 'What is this?', '--image', png, '--model', LOADED, '--base-url', server.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('A dot.\n');
    const body = JSON.parse(server.requests.find((r) => r.url === '/v1/chat/completions')?.body ?? '{}') as { messages: { content: unknown }[] };
    expect(body.messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/) } },
    ]);
    const bad = await cli(['chat', 'What is this?', '--image', text, '--model', LOADED, '--base-url', server.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot send the image .*notes\.png: .* Use a PNG or JPEG file\./);
    expect(bad.stderr).not.toMatch(/convert option|maxBytes/);
  });
});
