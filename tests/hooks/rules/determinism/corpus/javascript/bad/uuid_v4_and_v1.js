// expect: DET204@5 DET102@6
const { v4: uuidv4, v1 } = require('uuid');

function ids() {
  const a = uuidv4();
  const b = v1();
  return [a, b];
}

module.exports = { ids };
