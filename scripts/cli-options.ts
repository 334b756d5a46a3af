import { InvalidArgumentError } from 'commander';

/** A commander option parser for an integer of at least `min` (`_` digit separators allowed: `10_000`). */
export function integer(min: number) {
  return (value: string): number => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}
