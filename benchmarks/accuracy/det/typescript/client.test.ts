// expect: none
import axios from 'axios';
import { startServer } from '../src/server';

describe('api', () => {
  it('answers on loopback', async () => {
    const server = await startServer(4010);
    const res = await axios.get('http://127.0.0.1:4010/api/v1/ping');
    expect(res.data).toEqual({ pong: true });
    const ws = new WebSocket('ws://localhost:4010/events');
    ws.close();
    server.close();
  });
});
