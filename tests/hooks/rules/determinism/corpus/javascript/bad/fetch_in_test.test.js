// expect: DET301@5
const { parse } = require('../solution/parse');

test('parses the live feed', async () => {
  const res = await fetch('https://example.com/feed.json');
  const body = await res.json();
  expect(parse(body).length).toBeGreaterThan(0);
});
