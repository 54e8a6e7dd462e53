/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by function and by package, idle excluded; and a
 * sampling allocation profile (`.heapprofile`, written next to it by `npm run bench -- --profile`): bytes allocated
 * by function and by package, objects the collector already freed included, i.e. what makes the garbage. Frames of a
 * bundle (the benchmark runs F1 and G bundled, `npm run build`) are mapped back to their TypeScript sources through the
 * bundle's source map, so the gateway's time is still reported by area (src/audit, src/lib...).
 *
 *   npx tsx bench/profile.ts bench/results/profiles-.../G-....cpuprofile [--top 25]
 *   npx tsx bench/profile.ts bench/results/profiles-.../G-....heapprofile
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  idleMs: number;
  topFunctions: { frame: string; selfMs: number; share: number }[];
  byPackage: { bucket: string; selfMs: number; share: number }[];
  /** Time with at least one frame of the package/area on the stack (a sample counts once per bucket). */
  inclusiveByPackage: { bucket: string; ms: number; share: number }[];
  /** Time with the function on the stack (once per sample): where the time goes, callees included. */
  inclusiveFunctions: { frame: string; ms: number; share: number }[];
}

/** node_modules/<pkg> (scoped too), src/<dir>, node:internal, or a V8 pseudo-frame such as (garbage collector). */
function bucketOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) return modules[1];
  if (url.startsWith('node:')) return 'node:internal';
  const source = /\/(src|bench)\/(.+)$/.exec(url);
  if (source?.[2] !== undefined)
    return `${source[1]}/${path.dirname(source[2]) === '.' ? source[2] : path.dirname(source[2])}`;
  return url;
}

/** Source maps of the bundles a profile's frames run in, by file URL (null: the file has none). */
function sourceMapReader(): (callFrame: ProfileNode['callFrame']) => void {
  const maps = new Map<string, { map: SourceMap; directory: string } | null>();
  const mapOf = (url: string) => {
    let entry = maps.get(url);
    if (entry === undefined) {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      entry = existsSync(`${file}.map`)
        ? { map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))), directory: path.dirname(file) }
        : null;
      maps.set(url, entry);
    }
    return entry;
  };
  // Rewrites a bundle frame in place to its original file and line (V8 and source maps both count from 0).
  return (callFrame) => {
    if (!callFrame.url.endsWith('.js') || callFrame.url.includes('node_modules')) return;
    const bundle = mapOf(callFrame.url);
    if (bundle === null) return;
    const found = bundle.map.findEntry(callFrame.lineNumber, callFrame.columnNumber ?? 0) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (found.originalSource === undefined || found.originalLine === undefined) return;
    const source = found.originalSource.startsWith('file://')
      ? fileURLToPath(found.originalSource)
      : path.resolve(bundle.directory, found.originalSource);
    callFrame.url = `file://${source}`;
    callFrame.lineNumber = found.originalLine;
  };
}

/** `function path:line`, the path from node_modules/, src/ or bench/ on. */
function frameLabel({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const where =
    url === ''
      ? ''
      : ` ${url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'}${where}`;
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const toOriginal = sourceMapReader();
  for (const node of profile.nodes) toOriginal(node.callFrame);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i + 1] is the time from sample i to sample i + 1: the time sample i's frame was on the CPU.
  for (let i = 0; i < samples.length; i += 1) {
    const id = samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const frameOf = (node: ProfileNode) => frameLabel(node.callFrame);
  // Inclusive time: each sampled node's stack is walked once (memoised) and every distinct bucket/frame is credited.
  const stackCache = new Map<number, { buckets: Set<string>; frames: Set<string> }>();
  const stackOf = (id: number) => {
    const cached = stackCache.get(id);
    if (cached !== undefined) return cached;
    const buckets = new Set<string>();
    const frames = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node === undefined || node.callFrame.functionName === '(root)') continue;
      buckets.add(bucketOf(node.callFrame.url, node.callFrame.functionName));
      frames.add(frameOf(node));
    }
    const entry = { buckets, frames };
    stackCache.set(id, entry);
    return entry;
  };
  const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  const selfFrames = new Map<string, number>();
  const selfBuckets = new Map<string, number>();
  const inclusiveBuckets = new Map<string, number>();
  const inclusiveFrames = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    busy += micros;
    add(selfFrames, frameOf(node), micros);
    add(selfBuckets, bucketOf(node.callFrame.url, node.callFrame.functionName), micros);
    const stack = stackOf(id);
    for (const bucket of stack.buckets) add(inclusiveBuckets, bucket, micros);
    for (const frame of stack.frames) add(inclusiveFrames, frame, micros);
  }
  const rank = (map: Map<string, number>, count: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([key, micros]) => ({ key, ms: micros / 1000, share: busy === 0 ? 0 : micros / busy }));
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    topFunctions: rank(selfFrames, top).map(({ key, ms, share }) => ({ frame: key, selfMs: ms, share })),
    byPackage: rank(selfBuckets, top).map(({ key, ms, share }) => ({ bucket: key, selfMs: ms, share })),
    inclusiveByPackage: rank(inclusiveBuckets, top).map(({ key, ms, share }) => ({ bucket: key, ms, share })),
    inclusiveFunctions: rank(inclusiveFrames, 2 * top).map(({ key, ms, share }) => ({ frame: key, ms, share })),
  };
}

interface AllocationNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children?: AllocationNode[];
}

export interface AllocationSummary {
  totalBytes: number;
  byPackage: { bucket: string; bytes: number; share: number }[];
  topFunctions: { frame: string; bytes: number; share: number }[];
}

/** Bytes allocated during the sampling, by the function and the package/area that allocated them. */
export function summariseAllocations(file: string, top = 25): AllocationSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: AllocationNode };
  const toOriginal = sourceMapReader();
  const byBucket = new Map<string, number>();
  const byFrame = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
  const pending: AllocationNode[] = [profile.head];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    pending.push(...(node.children ?? []));
    if (node.selfSize === 0) continue;
    toOriginal(node.callFrame);
    total += node.selfSize;
    add(byBucket, bucketOf(node.callFrame.url, node.callFrame.functionName), node.selfSize);
    add(byFrame, frameLabel(node.callFrame), node.selfSize);
  }
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, bytes]) => ({ key, bytes, share: total === 0 ? 0 : bytes / total }));
  return {
    totalBytes: total,
    byPackage: rank(byBucket).map(({ key, bytes, share }) => ({ bucket: key, bytes, share })),
    topFunctions: rank(byFrame).map(({ key, bytes, share }) => ({ frame: key, bytes, share })),
  };
}

export function formatAllocationSummary(summary: AllocationSummary): string {
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  return [
    `${mb(summary.totalBytes)} MB allocated while sampling (freed objects included)`,
    '',
    '| bytes % | MB | package / area that allocated |',
    '|---:|---:|---|',
    ...summary.byPackage.map((b) => `| ${pct(b.share)} | ${mb(b.bytes)} | ${b.bucket} |`),
    '',
    '| bytes % | MB | function that allocated |',
    '|---:|---:|---|',
    ...summary.topFunctions.map((f) => `| ${pct(f.share)} | ${mb(f.bytes)} | \`${f.frame.replaceAll('|', '\\|')}\` |`),
  ].join('\n');
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`;
  const lines = [
    `busy ${summary.busyMs.toFixed(0)} ms sampled (idle ${summary.idleMs.toFixed(0)} ms excluded)`,
    '',
    '| self % | self ms | package / area |',
    '|---:|---:|---|',
    ...summary.byPackage.map((b) => `| ${pct(b.share)} | ${b.selfMs.toFixed(0)} | ${b.bucket} |`),
    '',
    '| inclusive % | ms | package / area on the stack |',
    '|---:|---:|---|',
    ...summary.inclusiveByPackage.map((b) => `| ${pct(b.share)} | ${b.ms.toFixed(0)} | ${b.bucket} |`),
    '',
    '| inclusive % | ms | function on the stack |',
    '|---:|---:|---|',
    ...summary.inclusiveFunctions.map(
      (f) => `| ${pct(f.share)} | ${f.ms.toFixed(0)} | \`${f.frame.replaceAll('|', '\\|')}\` |`,
    ),
    '',
    '| self % | self ms | function |',
    '|---:|---:|---|',
    ...summary.topFunctions.map(
      (f) => `| ${pct(f.share)} | ${f.selfMs.toFixed(0)} | \`${f.frame.replaceAll('|', '\\|')}\` |`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' } },
  });
  for (const file of positionals) {
    console.log(`## ${file}\n`);
    console.log(
      file.endsWith('.heapprofile')
        ? formatAllocationSummary(summariseAllocations(file, Number(values.top)))
        : formatProfileSummary(summariseProfile(file, Number(values.top))),
    );
  }
}
