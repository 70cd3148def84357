// expect: none
import { now, random } from './clock';
import { fetch } from './fake-http';
import type { Date as LocalDate } from './types';

export function sample(d: LocalDate): number {
  const res = fetch('/data');
  return now() + random() + res.length;
}
