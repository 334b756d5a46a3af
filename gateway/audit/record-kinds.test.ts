import path from 'node:path';
import { getNamedType, isNonNullType, isObjectType, isScalarType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraphFile } from '../policy/api-schema.ts';
import { AUDIT_INPUTS } from './disclosure.ts';
import { AUDITED_TYPES, IDENTIFIER_FIELDS, auditInputs, personIdsAt, personPathsOf, type AuditedType } from './record-kinds.ts';

const schema = apiSchemaOfSupergraphFile(path.join(REPO_ROOT, 'supergraph.graphql'));

/**
 * The rule: an object type identifies something when it has a field named like an identifier (`id`,
 * `nic`, `cii`, `vin`, `number`, `fbi`), a field of type ID, or a non-null scalar field (the SDLs make
 * only entity keys non-null). Each such type must say what the audit records about it.
 */
function identifiedTypes(api: GraphQLSchema): string[] {
  const roots = new Set([api.getQueryType()?.name, api.getMutationType()?.name, api.getSubscriptionType()?.name]);
  return Object.values(api.getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
    .filter((type) =>
      Object.values(type.getFields()).some((field) => {
        const named = getNamedType(field.type);
        if (!isScalarType(named)) return false;
        return IDENTIFIER_FIELDS.has(field.name) || named.name === 'ID' || isNonNullType(field.type);
      }),
    )
    .map((type) => type.name)
    .sort();
}

/** Every field an entry names, as coordinates, for the check that the schema has them. */
function coordinatesOf(typeName: string, entry: AuditedType): string[] {
  const own = (field: string) => `${typeName}.${field}`;
  switch (entry.kind) {
    case 'person':
      return [own(entry.id)];
    case 'record':
      return [own(entry.id), ...(entry.view?.notBy ?? []).map(own), ...personPathsOf(entry).map((p) => own(p.split('.')[0]))];
    case 'view':
      return [entry.reachedBy, ...entry.fields.map(own)];
    case 'part':
      return [];
    case 'not-a-record':
      return [];
  }
}

function hasCoordinate(api: GraphQLSchema, coordinate: string): boolean {
  const [typeName, field] = coordinate.split('.');
  const type = api.getType(typeName);
  return isObjectType(type) && field in type.getFields();
}

describe('the audit declares every identified type of the API schema once (record-kinds.ts)', () => {
  it('every object type with an identifier field has an entry (a record, a part, a view, or not a record)', () => {
    const missing = identifiedTypes(schema).filter((name) => !(name in AUDITED_TYPES));
    expect(missing, 'declare these in gateway/audit/record-kinds.ts').toEqual([]);
  });

  it('every entry names a type and fields the API schema has, and parts belong to a declared record', () => {
    const problems: string[] = [];
    for (const [typeName, entry] of Object.entries(AUDITED_TYPES)) {
      if (!isObjectType(schema.getType(typeName))) problems.push(`${typeName}: no such object type`);
      for (const coordinate of coordinatesOf(typeName, entry)) {
        if (!hasCoordinate(schema, coordinate)) problems.push(`${typeName}: ${coordinate} is not in the API schema`);
      }
      if (entry.kind === 'part' && !['person', 'record'].includes(AUDITED_TYPES[entry.of]?.kind ?? '')) {
        problems.push(`${typeName}: part of ${entry.of}, which is not a declared record`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the rule finds something: a type given an id field without an entry would be reported', () => {
    expect(identifiedTypes(schema)).toContain('WantedPersonRecord');
    expect(identifiedTypes(schema)).not.toContain('PersonName');
  });
});

describe('audit inputs derived from the declarations', () => {
  it('fetch the id and every person path under `_authz_` aliases', () => {
    expect(AUDIT_INPUTS).toEqual(auditInputs());
    expect(AUDIT_INPUTS.Person).toBe('_authz_id: id');
    expect(AUDIT_INPUTS.CriminalHistory).toBe('_authz_cii: cii _authz_subject: subject { id }');
    expect(AUDIT_INPUTS.ProtectionOrder).toBe(
      '_authz_nic: nic _authz_restrainedPerson: restrainedPerson { id } _authz_protectedPersons: protectedPersons { person { id } }',
    );
    expect(AUDIT_INPUTS.Arrest).toBeUndefined();
  });

  it('person ids are read back along the same paths, lists included', () => {
    const order = { _authz_protectedPersons: [{ person: { id: 'P1' } }, { person: null }, { person: { id: 'P2' } }] };
    expect(personIdsAt(order, 'protectedPersons.person')).toEqual(['P1', 'P2']);
    expect(personIdsAt({ _authz_subject: { id: 'P3' } }, 'subject')).toEqual(['P3']);
    expect(personIdsAt({}, 'subject')).toEqual([]);
  });
});
