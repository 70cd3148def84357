// expect: none
const axios = require('axios');
const { start } = require('../src/server');

const api = axios.create({ baseURL: 'http://localhost:3000' });

beforeAll(() => start(3000));

test('lists items', async () => {
  const res = await api.get('/items');
  expect(res.data.length).toBe(3);
});
