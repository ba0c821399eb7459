// Progress you can see: a bar redrawn in place on a terminal, plain lines (at most one per 10 %) elsewhere.

/** What a progress report carries (a download poll, a model load). */
export interface ProgressReport {
  status: string;
  downloadedBytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  /** ISO 8601. */
  estimatedCompletion?: string;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1234567 → "1.2 MB" (decimal units, as download sizes are given). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

/** 125 → "2m 05s"; 3725 → "1h 02m"; 9 → "9s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Seconds left: LM Studio's estimate when it gives one, else what is left at the current speed. */
export function secondsLeft(p: ProgressReport, now: number): number | undefined {
  if (p.estimatedCompletion) {
    const at = Date.parse(p.estimatedCompletion);
    if (Number.isFinite(at)) return Math.max(0, (at - now) / 1000);
  }
  if (p.totalBytes !== undefined && p.downloadedBytes !== undefined && p.bytesPerSecond) return Math.max(0, (p.totalBytes - p.downloadedBytes) / p.bytesPerSecond);
  return undefined;
}

/** 0 to 1, or undefined when the total is unknown. */
export function fraction(p: ProgressReport): number | undefined {
  if (!p.totalBytes || p.downloadedBytes === undefined) return undefined;
  return Math.min(1, Math.max(0, p.downloadedBytes / p.totalBytes));
}

/** `[██████░░░░] 60%  1.2 GB / 2.0 GB  12.5 MB/s  1m 04s left` (the parts that are known). */
export function progressLine(p: ProgressReport, now: number, barWidth = 24): string {
  const f = fraction(p);
  const parts: string[] = [];
  if (f !== undefined) {
    const filled = Math.round(f * barWidth);
    parts.push(`[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${Math.floor(f * 100)}%`);
  }
  if (p.downloadedBytes !== undefined) parts.push(p.totalBytes ? `${formatBytes(p.downloadedBytes)} / ${formatBytes(p.totalBytes)}` : formatBytes(p.downloadedBytes));
  if (p.bytesPerSecond) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  const left = p.status === 'downloading' ? secondsLeft(p, now) : undefined;
  if (left !== undefined) parts.push(`${formatDuration(left)} left`);
  if (p.status !== 'downloading' || parts.length === 0) parts.push(p.status === 'downloading' ? 'starting…' : p.status);
  return parts.join('  ');
}

/** A running progress display. */
export interface ProgressDisplay {
  update(p: ProgressReport): void;
  /** Ends the display (a last line stays). */
  done(): void;
}

/** Shows progress on `stream`: redrawn in place on a terminal; plain lines each 10 % (and on a status change) elsewhere. */
export function progressDisplay(stream: NodeJS.WriteStream, label: string, now: () => number = Date.now): ProgressDisplay {
  const tty = Boolean(stream.isTTY);
  let lastStep = -1;
  let lastStatus = '';
  let drawn = false;
  return {
    update(p) {
      const line = `${label}  ${progressLine(p, now())}`;
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
        return;
      }
      const step = Math.floor((fraction(p) ?? 0) * 10);
      if (step === lastStep && p.status === lastStatus) return;
      lastStep = step;
      lastStatus = p.status;
      stream.write(`${line}\n`);
    },
    done() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** A percentage (LM Studio's model-load progress): a bar in place on a terminal, a line each 25 % elsewhere. */
export function percentDisplay(stream: NodeJS.WriteStream, label: string, barWidth = 24): { update(fraction: number): void; done(): void } {
  const tty = Boolean(stream.isTTY);
  let lastStep = -1;
  let drawn = false;
  return {
    update(value) {
      const f = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
      const filled = Math.round(f * barWidth);
      const line = `${label}  [${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${Math.floor(f * 100)}%`;
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
        return;
      }
      const step = Math.floor(f * 4);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${line}\n`);
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
