// expect: DET301@9
import request from 'supertest';
import { app } from '../src/app';

describe('GET /health', () => {
  it('is ok', async () => {
    await request(app).get('/health').expect(200);
    const apiBase: string = process.env.API_BASE ?? 'http://localhost:3000';
    const res = await fetch(`${apiBase}/version`);
    expect(res.ok).toBe(true);
  });
});
