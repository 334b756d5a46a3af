import { describe, expect, it } from 'vitest';
import { Breaker, CircuitOpenError, type BreakerState } from './breaker.ts';

const fail = () => Promise.reject(new Error('ECONNREFUSED'));
const succeed = () => Promise.resolve('ok');
const always = () => true;

function breaker(threshold = 3, cooldownMs = 1000) {
  let now = 0;
  const changes: BreakerState[] = [];
  const b = new Breaker(
    'cori',
    threshold,
    cooldownMs,
    (_source, state) => changes.push(state),
    () => now,
  );
  return { b, changes, advance: (ms: number) => (now += ms) };
}

describe('Breaker', () => {
  it('opens after the threshold of consecutive failures and then fails fast without calling', async () => {
    const { b, changes } = breaker(3);
    await expect(b.run(fail, always)).rejects.toThrow('ECONNREFUSED');
    await expect(b.run(succeed, always)).resolves.toBe('ok'); // a success resets the count
    for (let i = 0; i < 3; i++) await expect(b.run(fail, always)).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
    let called = false;
    await expect(b.run(async () => (called = true), always)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('lets one probe through after the cool-down; the others still fail fast; success closes it', async () => {
    const { b, changes, advance } = breaker(1, 1000);
    await expect(b.run(fail, always)).rejects.toThrow();
    advance(999);
    await expect(b.run(succeed, always)).rejects.toBeInstanceOf(CircuitOpenError);
    advance(1);
    let release!: (value: string) => void;
    const probe = b.run(() => new Promise<string>((resolve) => (release = resolve)), always);
    expect(b.state).toBe('half-open');
    await expect(b.run(succeed, always)).rejects.toBeInstanceOf(CircuitOpenError);
    release('back');
    await expect(probe).resolves.toBe('back');
    expect(b.state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for another cool-down when the probe fails', async () => {
    const { b, advance } = breaker(1, 1000);
    await expect(b.run(fail, always)).rejects.toThrow();
    advance(1000);
    await expect(b.run(fail, always)).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
    advance(500);
    await expect(b.run(succeed, always)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it("does not count what is not the source's fault, and a probe that ends so leaves the next one free", async () => {
    const { b, advance } = breaker(1, 1000);
    const notTheSource = () => false;
    await expect(b.run(fail, notTheSource)).rejects.toThrow();
    expect(b.state).toBe('closed');
    await expect(b.run(fail, always)).rejects.toThrow();
    advance(1000);
    await expect(b.run(fail, notTheSource)).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
    await expect(b.run(succeed, always)).resolves.toBe('ok');
    expect(b.state).toBe('closed');
  });
});
