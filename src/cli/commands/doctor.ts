// `doctor`: is LM Studio reachable, where, with CORS and auth as expected, which APIs answer, which models are
// loaded and what they can do. Each problem comes with its fix; exit 0 when healthy (warnings allowed), else 1.
import { createLmStudioClient } from '../../client/client.js';
import { LmStudioError } from '../../domain/errors.js';
import type { LmModel } from '../../domain/types.js';
import { parseOptions, UsageError } from '../args.js';
import { explain } from '../errors.js';
import { writeJson } from '../json-output.js';
import { style, type Out } from '../output.js';
import { answered, checkAddress, checkAuth, checkCors, checkSurfaces, probeHttp, systemProbe, type AddressProbe, type Check, type Surfaces } from './doctor-checks.js';

/** What the doctor checks. */
export interface DoctorInput {
  baseUrl: string;
  apiKey: string | undefined;
  /** Per probe (default 5 s). */
  timeoutMs?: number;
  probe?: AddressProbe;
}

/** A loaded model as the doctor reports it. */
export interface DoctorModel {
  id: string;
  type: LmModel['type'];
  contextLength: number | null;
  toolUse: boolean | null;
  vision: boolean | null;
}

/** The doctor's findings (also the `--json` reply, with `ok` and `command`). */
export interface DoctorReport {
  baseUrl: string;
  /** Where requests go after the address check (127.0.0.1 after a `localhost` fallback); null when unreachable. */
  reachedAt: string | null;
  healthy: boolean;
  checks: Check[];
  surfaces: Surfaces | null;
  /** Models downloaded (ids) and the loaded ones in detail. */
  downloaded: string[];
  loaded: DoctorModel[];
}

/** Runs the checks in order; a failure skips the checks that depend on it. Never throws for a server problem. */
export async function diagnose(input: DoctorInput): Promise<DoctorReport> {
  const timeoutMs = input.timeoutMs ?? 5_000;
  const report: DoctorReport = { baseUrl: input.baseUrl, reachedAt: null, healthy: false, checks: [], surfaces: null, downloaded: [], loaded: [] };
  const done = () => ({ ...report, healthy: !report.checks.some((c) => c.status === 'fail') });
  const skip = (...names: Check['name'][]) => names.forEach((name) => report.checks.push({ name, status: 'skip', summary: 'not checked (see above).' }));

  const address = await checkAddress(new URL(input.baseUrl), input.probe ?? systemProbe, timeoutMs);
  report.checks.push(address.check);
  if (!address.root) return (skip('server', 'auth', 'cors', 'surfaces', 'models'), done());
  const path = new URL(input.baseUrl).pathname.replace(/\/+$/, '');
  const root = `${address.root}${path}`;
  report.reachedAt = root;

  const anonymous = await probeHttp(`${root}/v1/models`, {}, timeoutMs);
  const lmStudio = anonymous && (anonymous.status === 401 || answered(anonymous, 'data') || (anonymous.status === 200 && typeof anonymous.body === 'object'));
  if (!anonymous || !lmStudio) {
    report.checks.push({
      name: 'server',
      status: 'fail',
      summary: anonymous ? `something answers at ${root}, but not like LM Studio (HTTP ${anonymous.status} to GET /v1/models).` : `${root} accepts connections but sends no HTTP answer.`,
      fix: `Check the port and path in --base-url: LM Studio's server root looks like http://localhost:1234 (shown in its Developer tab).`,
    });
    return (skip('auth', 'cors', 'surfaces', 'models'), done());
  }
  report.checks.push({ name: 'server', status: 'ok', summary: `LM Studio answers at ${root}.` });

  const headers: Record<string, string> = input.apiKey ? { Authorization: `Bearer ${input.apiKey}` } : {};
  const withToken = input.apiKey ? await probeHttp(`${root}/v1/models`, { headers }, timeoutMs) : undefined;
  const auth = checkAuth(anonymous, withToken, Boolean(input.apiKey));
  report.checks.push(auth);

  const preflight = await probeHttp(
    `${root}/v1/chat/completions`,
    { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } },
    timeoutMs,
  );
  report.checks.push(checkCors(preflight));
  if (auth.status === 'fail') return (skip('surfaces', 'models'), done());

  const [v1, v0, openai] = await Promise.all([
    probeHttp(`${root}/api/v1/models`, { headers }, timeoutMs),
    probeHttp(`${root}/api/v0/models`, { headers }, timeoutMs),
    probeHttp(`${root}/v1/models`, { headers }, timeoutMs),
  ]);
  const surfaces: Surfaces = { 'api-v1': answered(v1, 'models'), 'api-v0': answered(v0, 'data'), openai: answered(openai, 'data') };
  report.surfaces = surfaces;
  const surfaceCheck = checkSurfaces(surfaces);
  report.checks.push(surfaceCheck);
  if (surfaceCheck.status === 'fail') return (skip('models'), done());

  report.checks.push(await checkModels(root, input, timeoutMs, report));
  return done();
}

async function checkModels(root: string, input: DoctorInput, timeoutMs: number, report: DoctorReport): Promise<Check> {
  let models: LmModel[];
  try {
    const client = createLmStudioClient({ baseUrl: root, ...(input.apiKey ? { apiKey: input.apiKey } : {}), timeouts: { requestMs: timeoutMs } });
    models = await client.listModels();
  } catch (error) {
    if (!(error instanceof LmStudioError)) throw error;
    const { message, hint } = explain(error, { hadToken: Boolean(input.apiKey), baseUrl: root });
    return { name: 'models', status: 'fail', summary: message, ...(hint ? { fix: hint } : {}) };
  }
  report.downloaded = models.map((m) => m.id);
  report.loaded = models
    .filter((m) => m.loaded)
    .map((m) => ({ id: m.id, type: m.type, contextLength: m.contextLength ?? null, toolUse: m.toolUse ?? null, vision: m.vision ?? null }));
  const chat = models.filter((m) => m.type !== 'embedding');
  if (chat.length === 0) {
    return { name: 'models', status: 'fail', summary: 'LM Studio has no chat model.', fix: 'Download one in LM Studio (Discover tab), or `lms get <model>`.' };
  }
  const loadedChat = report.loaded.filter((m) => m.type !== 'embedding');
  if (loadedChat.length === 0) {
    return {
      name: 'models',
      status: 'warn',
      summary: `${models.length} downloaded, none loaded: the first request loads one just in time, which can take a while.`,
      fix: 'Load one now with `lmstudio-provider models load <id>` (ids: `lmstudio-provider models`).',
    };
  }
  const describe = (m: DoctorModel) =>
    `${m.id} (${[m.contextLength !== null ? `context ${m.contextLength}` : undefined, m.toolUse ? 'tools' : undefined, m.vision ? 'vision' : undefined].filter(Boolean).join(', ') || 'no details'})`;
  return { name: 'models', status: 'ok', summary: `${models.length} downloaded; loaded: ${report.loaded.map(describe).join('; ')}.` };
}

const DOCTOR_OPTIONS = { json: { type: 'boolean' } } as const;

/** `doctor [--json]`: prints the report; exit 0 when healthy, 1 otherwise. */
export async function doctorCommand(io: Out, args: string[], input: DoctorInput): Promise<number> {
  const { values, positionals } = parseOptions('doctor', args, DOCTOR_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`doctor takes no arguments (got "${positionals[0]}").`);
  const report = await diagnose(input);
  const problems = report.checks.filter((c) => c.status === 'fail');
  if (values.json) {
    const failure = problems.length > 0 ? { error: { code: 'unhealthy', message: problems.map((p) => `${p.name}: ${p.summary}`).join(' ') } } : {};
    writeJson(io.out, { ok: report.healthy, command: 'doctor', ...report, ...failure });
    return report.healthy ? 0 : 1;
  }
  const s = style(io.out);
  const mark = { ok: s.green('✓'), warn: s.yellow('!'), fail: s.red('✗'), skip: s.dim('-') };
  io.out.write(`Checking LM Studio at ${input.baseUrl}\n`);
  for (const check of report.checks) {
    io.out.write(`${mark[check.status]} ${check.name.padEnd(9)}${check.status === 'skip' ? s.dim(check.summary) : check.summary}\n`);
    if (check.fix && check.status !== 'ok') io.out.write(`  ${' '.repeat(9)}${s.bold('fix:')} ${check.fix}\n`);
  }
  const warnings = report.checks.filter((c) => c.status === 'warn').length;
  io.out.write(
    report.healthy
      ? `${s.green('Healthy')}${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.\n`
      : `${s.red(`${problems.length} problem${problems.length > 1 ? 's' : ''}`)}: see the fixes above.\n`,
  );
  return report.healthy ? 0 : 1;
}
