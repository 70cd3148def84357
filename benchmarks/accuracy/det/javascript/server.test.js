// expect: none
const http = require('http');
const net = require('net');
const app = require('../src/app');

test('GET /todos', async () => {
  const server = app.listen(0, '127.0.0.1');
  const { port } = server.address();
  const res = await fetch(`http://localhost:${port}/todos`);
  expect(res.status).toBe(200);
  await new Promise((done) => http.get(`http://127.0.0.1:${port}/health`, () => done()));
  const sock = net.connect({ host: 'localhost', port });
  sock.end();
  server.close();
});
