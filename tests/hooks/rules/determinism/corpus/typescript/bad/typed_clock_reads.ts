// expect: DET101@5 DET101@9
export interface Stamped { at: number }

export function stamp<T>(value: T): T & Stamped {
  return { ...value, at: (Date as DateConstructor).now() };
}

export function todayIso(): string {
  return new Date().toISOString();
}
