// expect: DET301@4 DET301@8
const BASE = process.env.SERVICE_URL;

test('remote', async () => {
  const res = await fetch(`${BASE}/status`);
  expect(res.ok).toBe(true);
});
test('github', async () => {
  const res = await fetch('https://api.github.com/repos/nodejs/node');
  expect(res.ok).toBe(true);
});
