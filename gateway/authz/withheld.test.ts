import { buildSchema, GraphQLError, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorAt, WithheldRecords } from './withheld.ts';

const schema = buildSchema(`
  type Query { one: Rec persons: [Rec] many: [Rec!] nested: [[Rec!]!] any: [Entry!] }
  type Rec { id: String }
  interface Entry { id: String }
  type Secret implements Entry { id: String }
  type Plain implements Entry { id: String }
`);
const field = (name: string) => (schema.getType('Query') as GraphQLObjectType).getFields()[name];
const hidden = (record: Readonly<Record<string, unknown>>, typeName: string) => record.id === 'x' || typeName === 'Secret';

describe('withheld records', () => {
  it('a single record becomes null, and errors inside it are dropped', () => {
    const withheld = new WithheldRecords();
    expect(withheld.filter({ id: 'x' }, field('one').type, ['one'], hidden)).toBeNull();
    expect(withheld.responsePath(['one', 'id'])).toBeUndefined();
    expect(withheld.responsePath(['other'])).toEqual(['other']);
  });

  it('an item of a list of nullable items becomes null in place (as an unknown id does)', () => {
    const withheld = new WithheldRecords();
    expect(withheld.filter([{ id: 'a' }, { id: 'x' }, null], field('persons').type, ['persons'], hidden)).toEqual([
      { id: 'a' },
      null,
      null,
    ]);
    expect(withheld.responsePath(['persons', 1, 'id'])).toBeUndefined();
    expect(withheld.responsePath(['persons', 0, 'id'])).toEqual(['persons', 0, 'id']);
  });

  it('from a list of non-null items the record is left out, and later indices move up', () => {
    const withheld = new WithheldRecords();
    const value = [{ id: 'a' }, { id: 'x' }, { id: 'b' }, { id: 'x' }, { id: 'c' }];
    expect(withheld.filter(value, field('many').type, ['many'], hidden)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(withheld.responsePath(['many', 1, 'id'])).toBeUndefined();
    expect(withheld.responsePath(['many', 2, 'id'])).toEqual(['many', 1, 'id']);
    expect(withheld.responsePath(['many', 4])).toEqual(['many', 2]);
  });

  it('maps indices of nested lists one level at a time', () => {
    const withheld = new WithheldRecords();
    const value = [[{ id: 'x' }], [{ id: 'x' }, { id: 'a' }]];
    expect(withheld.filter(value, field('nested').type, ['nested'], hidden)).toEqual([[], [{ id: 'a' }]]);
    expect(withheld.responsePath(['nested', 1, 1, 'id'])).toEqual(['nested', 1, 0, 'id']);
    expect(withheld.responsePath(['nested', 0, 0])).toBeUndefined();
  });

  it('tests an item of an abstract type by its concrete type (__typename)', () => {
    const withheld = new WithheldRecords();
    const value = [
      { __typename: 'Secret', id: 's' },
      { __typename: 'Plain', id: 'p' },
    ];
    expect(withheld.filter(value, field('any').type, ['any'], hidden)).toEqual([{ __typename: 'Plain', id: 'p' }]);
  });

  it('moves an error to another path, keeping its message and extensions', () => {
    const moved = errorAt(new GraphQLError('boom', { path: ['many', 2], extensions: { code: 'X' } }), ['many', 1]);
    expect(moved.toJSON()).toEqual({ message: 'boom', path: ['many', 1], extensions: { code: 'X' } });
  });
});
