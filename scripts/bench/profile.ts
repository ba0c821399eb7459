import { readFileSync } from 'node:fs';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  where: string;
  area: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time inside the stream window, ms (the whole profile when the window could not be matched). */
  totalMs: number;
  windowed: boolean;
  top: ProfileRow[];
  areas: { area: string; selfMs: number; share: number }[];
}

function shorten(url: string): string {
  if (url === '') return '';
  let path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) return path.slice(nm + '/node_modules/'.length);
  const build = path.indexOf('/.build/');
  if (build !== -1) path = path.slice(build + '/.build/'.length);
  return path;
}

function areaOf(url: string, name: string): string {
  if (url === '') {
    if (name === '(garbage collector)') return 'GC';
    if (name === '(program)' || name === '(idle)' || name === '(root)') return name;
    return 'V8 builtins / native';
  }
  // The only WebAssembly in these processes is undici's HTTP parser (llhttp).
  if (url.startsWith('wasm://')) return 'undici (fetch)';
  const short = shorten(url);
  if (short.startsWith('src/stream/')) return 'ours: src/stream';
  if (short.startsWith('src/')) return 'ours: other src';
  if (short.startsWith('scripts/')) return 'client runner loop';
  if (short.startsWith('node:internal/deps/undici') || short.includes('undici')) return 'undici (fetch)';
  if (short.startsWith('node:internal/webstreams')) return 'node web streams';
  if (short.startsWith('node:')) return 'node internals';
  const pkg = short.startsWith('@') ? short.split('/').slice(0, 2).join('/') : (short.split('/')[0] ?? short);
  return pkg;
}

/**
 * Self time per function from a `--cpu-prof` file, limited to the samples between `fromUs` and `toUs`
 * (process.hrtime in µs; V8's profile clock is the same monotonic clock on Linux).
 */
export function summariseProfile(file: string, fromUs?: number, toUs?: number, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, CpuProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const inWindow = (t: number): boolean => fromUs === undefined || toUs === undefined || (t >= fromUs && t <= toUs);
  let windowed = fromUs !== undefined && toUs !== undefined;
  let hits = 0;
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    if (inWindow(t)) hits++;
  }
  if (hits < 10) windowed = false;

  const self = new Map<string, ProfileRow>();
  const areas = new Map<string, number>();
  let total = 0;
  t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (windowed && !(t >= (fromUs as number) && t <= (toUs as number))) continue;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    const name = functionName || '(anonymous)';
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const area = areaOf(url, functionName);
    const row = self.get(key) ?? { name, where, area, selfMs: 0, share: 0 };
    row.selfMs += delta / 1000;
    self.set(key, row);
    areas.set(area, (areas.get(area) ?? 0) + delta / 1000);
    total += delta / 1000;
  }
  const rows = [...self.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const row of rows) row.share = total > 0 ? row.selfMs / total : 0;
  return {
    totalMs: total,
    windowed,
    top: rows,
    areas: [...areas.entries()]
      .map(([area, selfMs]) => ({ area, selfMs, share: total > 0 ? selfMs / total : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}
