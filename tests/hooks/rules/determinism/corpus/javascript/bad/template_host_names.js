// expect: DET301@6
const HOST = 'localhost';
const base = `http://${HOST}:${process.env.PORT}`;
async function f(host) {
  await fetch(`${base}/a`);
  await fetch(`http://${host}/b`);
}
