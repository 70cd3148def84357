// expect: none
export interface Clock { now(): number }
export type Rng = () => number;

export class Scheduler {
  constructor(private readonly clock: Clock, private readonly random: Rng) {}

  next(delay: number): number {
    return this.clock.now() + delay * (1 + this.random());
  }
}

export function parse(s: string): Date {
  return new Date(s);
}

export const fixed: Clock = { now: () => new Date(Date.UTC(2020, 0, 1)).getTime() };
