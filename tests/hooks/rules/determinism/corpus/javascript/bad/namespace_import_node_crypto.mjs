// expect: DET204@6 DET204@10
import * as c from 'node:crypto';

export function token() {
  const buf = new Uint8Array(8);
  c.getRandomValues(buf);
  return Buffer.from(buf).toString('hex');
}

export const sessionId = () => c.randomUUID();
