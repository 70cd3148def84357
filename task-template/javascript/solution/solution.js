'use strict';

// {{ground_truth}}
function solve(values) {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

module.exports = { solve };
