// expect: DET101@5 DET201@6
import React from 'react';

export function Badge({ name }: { name: string }) {
  const since = Date.now();
  return <span data-key={Math.random()}>{name} {since}</span>;
}
