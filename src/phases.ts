// Time spent in each phase of long work (a draw, an import), for the benchmarks. Production code takes
// an optional timer and measures nothing without one; its results carry no timing.
export interface PhaseTimer {
  /** Ends the phase running since the last mark (or since the timer was made), under this name. */
  mark(name: string): void;
}

export const NO_TIMER: PhaseTimer = { mark: () => undefined };

/** A timer that keeps seconds per phase (process time, not the clock: the clock is only for dates). */
export function phaseTimer(): PhaseTimer & { phases: Record<string, number> } {
  const phases: Record<string, number> = {};
  let last = process.hrtime.bigint();
  return {
    phases,
    mark(name) {
      const t = process.hrtime.bigint();
      phases[name] = (phases[name] ?? 0) + Number(t - last) / 1e9;
      last = t;
    },
  };
}
