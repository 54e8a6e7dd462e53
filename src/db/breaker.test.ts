/**
 * The circuit breaker's states (src/db/breaker.ts) on a fake clock: it opens after N consecutive outages only, refuses
 * while open, lets ONE probe through after the cool-down, and the probe's outcome closes or reopens it. The breaker in
 * front of a real database, under real network faults, is tested in test/db-resilience.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type Admission, type BreakerState } from './breaker.ts';
import { SourceUnavailableError } from './unavailable.ts';

const outage = () => new SourceUnavailableError('Query read timeout');
const lockTimeout = () => new SourceUnavailableError('SQLSTATE 55P03', { kind: 'lock' });

function breakerOnFakeClock(threshold = 3, cooldownMs = 1000) {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker('database', { threshold, cooldownMs, now: () => clock.now });
  const changes: BreakerState[] = [];
  breaker.onChange((state) => changes.push(state));
  return { clock, breaker, changes };
}

function admitted(breaker: CircuitBreaker): Admission {
  const admission = breaker.admit();
  if (admission === undefined) throw new Error(`refused in state ${breaker.state}`);
  return admission;
}

describe('CircuitBreaker', () => {
  it('opens after `threshold` consecutive outages; an answer in between starts the count again', () => {
    const { breaker, changes } = breakerOnFakeClock(3);
    breaker.record(admitted(breaker), outage());
    breaker.record(admitted(breaker), outage());
    breaker.record(admitted(breaker)); // the database answered
    breaker.record(admitted(breaker), outage());
    breaker.record(admitted(breaker), outage());
    expect(breaker.state).toBe('closed');
    breaker.record(admitted(breaker), outage());
    expect(breaker.state).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('does not count answers of a working server: lock timeouts, bad statements, refusals by the breaker', () => {
    const { breaker } = breakerOnFakeClock(2);
    for (let i = 0; i < 5; i += 1) {
      breaker.record(admitted(breaker), lockTimeout());
      breaker.record(admitted(breaker), Object.assign(new Error('syntax error'), { code: '42601' }));
      breaker.record(admitted(breaker), new SourceUnavailableError('circuit breaker open', { kind: 'breaker' }));
    }
    expect(breaker.state).toBe('closed');
  });

  it('refuses at once while open, then lets exactly one probe through; the probe’s success closes it', () => {
    const { clock, breaker, changes } = breakerOnFakeClock(1, 1000);
    breaker.record(admitted(breaker), outage());
    expect(breaker.admit()).toBeUndefined();
    expect(breaker.retryInMs).toBe(1000);
    clock.now = 999;
    expect(breaker.admit()).toBeUndefined();
    expect(breaker.rejected).toBe(2);
    clock.now = 1000;
    expect(breaker.state).toBe('half-open');
    const probe = admitted(breaker);
    expect(probe.probe).toBe(true);
    expect(breaker.admit()).toBeUndefined(); // one probe at a time
    expect(breaker.admit()).toBeUndefined();
    breaker.record(probe);
    expect(breaker.state).toBe('closed');
    expect(admitted(breaker).probe).toBe(false);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens it for another cool-down', () => {
    const { clock, breaker, changes } = breakerOnFakeClock(1, 1000);
    breaker.record(admitted(breaker), outage());
    clock.now = 1500;
    breaker.record(admitted(breaker), outage());
    expect(breaker.state).toBe('open');
    expect(breaker.retryInMs).toBe(1000);
    clock.now = 2400;
    expect(breaker.admit()).toBeUndefined();
    clock.now = 2500;
    expect(admitted(breaker).probe).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open']);
  });

  it('ignores late outcomes of calls admitted before it changed state', () => {
    const { clock, breaker } = breakerOnFakeClock(2, 1000);
    const early = [admitted(breaker), admitted(breaker), admitted(breaker)];
    breaker.record(early[0] as Admission, outage());
    breaker.record(early[1] as Admission, outage());
    expect(breaker.state).toBe('open');
    clock.now = 1000;
    const probe = admitted(breaker);
    // A call admitted while closed succeeds late: it does not close the breaker, nor spoil the probe's turn.
    breaker.record(early[2] as Admission);
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBeUndefined();
    breaker.record(probe, outage());
    expect(breaker.state).toBe('open');
  });
});
