// expect: DET204@5 DET204@6
const { randomUUID, randomBytes: bytes } = require('crypto');

function makeId(prefix) {
  const id = randomUUID();
  return `${prefix}-${id}-${bytes(4).toString('hex')}`;
}

module.exports = { makeId };
