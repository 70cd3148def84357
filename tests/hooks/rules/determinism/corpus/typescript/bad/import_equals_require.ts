// expect: DET301@5 DET201@9
import net = require('net');

export function open(port: number) {
  return net.createConnection({ port, host: 'db.internal' });
}

export function jitter(ms: number): number {
  return ms + Math.random() * 10;
}
