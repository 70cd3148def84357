// expect: DET301@5
import http from 'node:http';

export function fetchStatus(url) {
  return new Promise((resolve) => http.get(url, (res) => resolve(res.statusCode)));
}
