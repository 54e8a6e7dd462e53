/**
 * The load generator: plain node:http with keep-alive sockets, bounded in time.
 *  - closedLoop: N connections, each sends its next request when the previous answer is complete (saturation).
 *  - openLoop: requests are started on a fixed schedule (rate per second) whatever the answers do; latency is
 *    measured from the scheduled start, so a stalled server shows up in the percentiles (no coordinated omission).
 * Answers are checked cheaply: HTTP 200 and, unless errors are expected, no `"errors"` member in the body.
 */
import http from 'node:http';

export interface Target {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The answer is expected to carry GraphQL errors (field denial). */
  readonly errorsExpected: boolean;
}

export interface LoadResult {
  readonly mode: 'closed' | 'open';
  readonly requests: number;
  readonly failures: number;
  readonly firstFailure: string | undefined;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Open loop: the rate asked for. */
  readonly targetRate: number | undefined;
  readonly latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  readonly responseBytes: number;
  /** Requests answered, failures included: per-request costs (CPU time, statements) divide by this. */
  readonly completed: number;
}

class Recorder {
  latencies: number[] = [];
  failures = 0;
  firstFailure: string | undefined;
  bytes = 0;
  fail(why: string) {
    this.failures += 1;
    this.firstFailure ??= why.slice(0, 300);
  }
  result(mode: 'closed' | 'open', seconds: number, targetRate: number | undefined): LoadResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) =>
      sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    const sum = sorted.reduce((a, b) => a + b, 0);
    return {
      mode,
      requests: this.latencies.length,
      failures: this.failures,
      firstFailure: this.firstFailure,
      seconds,
      requestsPerSecond: this.latencies.length / seconds,
      targetRate,
      latencyMs: {
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        mean: sorted.length === 0 ? 0 : sum / sorted.length,
        max: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
      },
      responseBytes: this.bytes,
      completed: this.latencies.length + this.failures,
    };
  }
}

/** Sends one request; resolves with the status and body (never rejects). */
function send(agent: http.Agent, target: Target, body: string): Promise<{ status: number; body: string } | Error> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: target.host,
        port: target.port,
        path: target.path,
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => resolve(error));
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error('timeout after 30 s')));
    request.on('error', (error) => resolve(error));
    request.end(body);
  });
}

function check(recorder: Recorder, target: Target, answer: { status: number; body: string } | Error): boolean {
  if (answer instanceof Error) {
    recorder.fail(answer.message);
    return false;
  }
  recorder.bytes += answer.body.length;
  if (answer.status !== 200) {
    recorder.fail(`HTTP ${answer.status}: ${answer.body}`);
    return false;
  }
  if (!target.errorsExpected && answer.body.includes('"errors"')) {
    recorder.fail(`errors in answer: ${answer.body}`);
    return false;
  }
  return true;
}

/** One request, its parsed answer (the verification pass). */
export async function requestOnce(
  target: Target,
  body: string,
): Promise<{ status: number; json: unknown; text: string }> {
  const agent = new http.Agent({ keepAlive: false });
  const answer = await send(agent, target, body);
  agent.destroy();
  if (answer instanceof Error) throw answer;
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  return { status: answer.status, json, text: answer.body };
}

/**
 * N workers send requests back to back until the deadline; the requests in flight then are waited for and counted:
 * throughput = answers / time until the last answer. (Dropping the answers that arrive after the deadline would
 * undercount heavy requests badly: with 32 connections and a 10 s window, a request type that takes seconds under
 * that concurrency would finish almost entirely after the deadline.)
 */
export async function closedLoop(
  target: Target,
  nextBody: () => string,
  options: { connections: number; durationMs: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const recorder = new Recorder();
  const started = performance.now();
  const deadline = started + options.durationMs;
  let last = started;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const answer = await send(agent, target, nextBody());
      const now = performance.now();
      if (check(recorder, target, answer)) recorder.latencies.push(now - sent);
      last = Math.max(last, now);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  return recorder.result('closed', Math.max(1e-3, (last - started) / 1000), undefined);
}

export async function openLoop(
  target: Target,
  nextBody: () => string,
  options: { rate: number; durationMs: number; maxSockets?: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const recorder = new Recorder();
  const started = performance.now();
  const total = Math.max(1, Math.floor((options.rate * options.durationMs) / 1000));
  const interval = 1000 / options.rate;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i += 1) {
    const scheduled = started + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Behind schedule: still let answers be read now and then instead of firing the whole backlog at once.
    else if (i % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
    const promise = send(agent, target, nextBody()).then((answer) => {
      if (check(recorder, target, answer)) recorder.latencies.push(performance.now() - scheduled);
      inFlight.delete(promise);
    });
    inFlight.add(promise);
  }
  await Promise.all(inFlight);
  agent.destroy();
  return recorder.result('open', (performance.now() - started) / 1000, options.rate);
}
