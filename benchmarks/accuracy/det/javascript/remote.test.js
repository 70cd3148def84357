// expect: DET301@5 DET301@9
const BASE = process.env.SERVICE_URL;

test('remote', async () => {
  const res = await fetch(`${BASE}/status`);
  expect(res.ok).toBe(true);
});
test('github', async () => {
  const res = await fetch('https://api.github.com/repos/nodejs/node');
  expect(res.ok).toBe(true);
});
