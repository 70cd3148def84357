// expect: none
import React from 'react';

type Props = { now: number; seed: number; label: string };

export function Clock({ now, seed, label }: Props) {
  const text = "Date.now() is not called here";
  return <time dateTime={new Date(now).toISOString()} title={text}>{label}{seed}</time>;
}
