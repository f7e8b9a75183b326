/** Time is injected everywhere (schedulers, sessions, deadlines) so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and simulations: it only moves when told to. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-03-02T09:00:00+08:00') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
