/**
 * Progress of an import on stderr: a bar redrawn in place when stderr is a terminal, otherwise a plain line every
 * `intervalMs` (logs, CI). Plus the end-of-run summary text.
 */
import type { ImportProgress, ImportSummary } from './importer.ts';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

const number = (value: number): string => Math.round(value).toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export const rowsPerSecond = (p: ImportProgress): number => (p.elapsedMs > 0 ? (p.read * 1000) / p.elapsedMs : 0);

export class ProgressReporter {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly intervalMs = 10_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  update(p: ImportProgress): void {
    const now = this.clock();
    const tty = this.stream.isTTY === true;
    if (now - this.lastDraw < (tty ? 100 : this.intervalMs)) return;
    this.lastDraw = now;
    const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 1;
    const percent = `${(100 * fraction).toFixed(1)}%`;
    const rate = rowsPerSecond(p);
    const bytes = `${formatBytes(p.bytesRead)} / ${formatBytes(p.totalBytes)}`;
    if (tty) {
      const eta = fraction > 0 && fraction < 1 ? ` ETA ${duration((p.elapsedMs * (1 - fraction)) / fraction)}` : '';
      const width = 10;
      const filled = Math.round(fraction * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      // The essentials first: a narrow terminal cuts the end of the line.
      const line = `${this.label} ${percent.padStart(6)} ${bar} ${number(p.read)} rows ${number(rate)}/s${eta}  ${bytes}  ${number(p.rejected)} rejected`;
      this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns ?? 200) - 1)}`);
      this.drawn = true;
    } else {
      this.stream.write(
        `${this.label}: ${percent} (${bytes}), ${number(p.read)} rows read, ${number(p.rejected)} rejected, ${number(rate)} rows/s\n`,
      );
    }
  }

  /** Clears the bar before the summary is printed. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** The one-line summary of a run. */
export function summaryLine(label: string, s: ImportSummary): string {
  const timing = `in ${(s.elapsedMs / 1000).toFixed(1)} s (${number(rowsPerSecond(s))} rows/s)`;
  if (s.dryRun) {
    return `${label} (dry run, nothing written): read ${number(s.read)}, valid ${number(s.valid)} (already present ${number(
      s.duplicates,
    )}), rejected ${number(s.rejected)} ${timing}`;
  }
  return `${label}: read ${number(s.read)}, inserted ${number(s.inserted)}, completed ${number(
    s.completed,
  )}, already present ${number(s.duplicates)}, rejected ${number(s.rejected)} ${timing}`;
}
