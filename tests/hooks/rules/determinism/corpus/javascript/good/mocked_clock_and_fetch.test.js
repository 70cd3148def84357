// expect: none
const { summarize } = require('../solution/summary');

beforeEach(() => {
  jest.useFakeTimers();
  jest.setSystemTime(new Date('2020-01-01T00:00:00Z'));
  global.fetch = jest.fn(async () => ({ json: async () => [1, 2, 3] }));
  jest.spyOn(Math, 'random').mockReturnValue(0.25);
});

test('summarizes the day', async () => {
  const res = await fetch('https://example.com/data');
  expect(summarize(await res.json(), Date.now(), Math.random())).toMatchSnapshot();
});
