// expect: none
const http = require('http');
const WebSocket = require('ws');
const HOST = '127.0.0.1';

async function check(port) {
  const res = await fetch('http://localhost:' + port + '/metrics');
  const ws = new WebSocket(`ws://${HOST}:${port}/stream`);
  http.request({ hostname: 'localhost', port, path: '/x' }).end();
  return [res.status, ws];
}
module.exports = { check };
