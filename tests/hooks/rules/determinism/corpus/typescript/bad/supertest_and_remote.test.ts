// expect: DET301@9
import request from 'supertest';
import { app } from '../src/app';

describe('api', () => {
  it('serves and reports', async () => {
    await request(app).get('/health').expect(200);
    const base: string = process.env.REPORT_URL ?? 'http://localhost:9999';
    await fetch(`${base}/report`, { method: 'POST' });
  });
});
