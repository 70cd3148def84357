// expect: none
const BASE = 'http://localhost:4000';

async function listUsers(page) {
  const url = new URL(`/api/users?page=${page}`, BASE);
  const res = await fetch(url);
  const other = await fetch(new URL('/api/health', 'http://127.0.0.1:4000'));
  return [await res.json(), other.status];
}
module.exports = { listUsers };
