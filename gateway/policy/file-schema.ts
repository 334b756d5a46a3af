/**
 * JSON Schema of a policy file (policies/*.yaml). Every file may hold any of the five sections; the
 * loader merges them and refuses a name defined twice.
 */
const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } as const;

const inlineAllowRule = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'roles', 'purposes'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    roles: stringList,
    purposes: { anyOf: [stringList, { const: 'any' }] },
    caseNumber: { enum: ['required', 'optional'] },
    when: stringList,
    reason: { type: 'string', minLength: 1 },
  },
} as const;

/** An allow entry: the name of a grant (policies/grants.yaml) or an inline rule. */
const allowEntry = { anyOf: [{ type: 'string', minLength: 1 }, inlineAllowRule] } as const;

const denyRule = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'reason'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    roles: stringList,
    exceptRoles: stringList,
    purposes: { anyOf: [stringList, { const: 'any' }] },
    when: stringList,
    reason: { type: 'string', minLength: 1 },
  },
} as const;

/** Rules for one field or a type's default: a plain list is shorthand for `allow:`. */
const ruleSet = {
  anyOf: [
    { type: 'array', items: allowEntry, minItems: 1 },
    {
      type: 'object',
      additionalProperties: false,
      properties: { allow: { type: 'array', items: allowEntry }, deny: { type: 'array', items: denyRule } },
    },
  ],
} as const;

export const policyFileSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    roles: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['purposes'],
        properties: {
          description: { type: 'string' },
          purposes: stringList,
          /** What establishes need to know for the role (`caseNumber: required` grants); default [case]. */
          needToKnow: { type: 'array', items: { enum: ['case', 'incident'] }, minItems: 1, uniqueItems: true },
        },
      },
    },
    groups: { type: 'object', additionalProperties: stringList },
    grants: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['roles', 'purposes'],
        properties: {
          roles: stringList,
          purposes: { anyOf: [stringList, { const: 'any' }] },
          caseNumber: { enum: ['required', 'optional'] },
          when: stringList,
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
    types: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          description: { type: 'string' },
          default: ruleSet,
          /** Fields a policy officer has reviewed and left to the default; any other field needs its own rule. */
          reviewed: stringList,
          fields: { type: 'object', additionalProperties: ruleSet },
        },
      },
    },
    invariants: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['purposes', 'discloseOnly', 'reason'],
        properties: {
          description: { type: 'string' },
          purposes: stringList,
          /** Types (every field) and Type.field coordinates that may be disclosed under these purposes. */
          discloseOnly: stringList,
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;
