// The only place that reads the time; tests pass their own clock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (s: string) => void (t = new Date(s).getTime()),
    advance: (ms: number) => void (t += ms),
  };
}
