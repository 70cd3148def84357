// expect: DET204@5 DET301@8
import { randomUUID as newId } from 'node:crypto';
import { request } from 'node:https';

export const makeId = (): string => newId();

export function post(body: string): void {
  const req = request({ host: 'example.com', method: 'POST' });
  req.end(body);
}
