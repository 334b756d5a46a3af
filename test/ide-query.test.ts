import { describe, expect, it } from 'vitest';
import { IDE_SHOWCASE_PERSON_ID } from '../gateway/ide-query.ts';
import { SHOWCASE } from '../generator/showcase.ts';

describe('the IDE default query', () => {
  it('opens on the showcase wanted driver that every generated dataset contains', () => {
    expect(IDE_SHOWCASE_PERSON_ID).toBe(SHOWCASE.wantedDriver.personId);
  });
});
