import { Kind, parse, print, visit, type FieldDefinitionNode, type StringValueNode } from 'graphql';
import { decide } from '../policy/decide.ts';
import type { AllowedWith, Policy } from '../policy/types.ts';

/**
 * "Who may see this field", written from the policy into each field's description, so that the schema an
 * IDE shows (introspection of the gateway) says it next to the field: "Visible to: INVESTIGATOR,
 * PROBATION_OFFICER stating C/D/F/J with a case number; …". The committed schema/api.graphql does not carry
 * these lines: it is the API contract, which a policy change (even a hot reload) does not change; the lines
 * are the policy in force when the gateway started.
 */
export const VISIBILITY_PREFIX = 'Visible to: ';

/** The visibility line of one field coordinate, e.g. `Visible to: PATROL_OFFICER, DISPATCHER stating C.` */
export function visibilityOf(policy: Policy, coordinate: string): string {
  const rules = policy.fields.get(coordinate);
  // With no acting role every grant is an alternative: decide() lists them exactly as a FORBIDDEN reason would.
  const { allowedWith = [] } = decide(policy, { sub: '', ori: '', roles: [], purpose: 'C' }, coordinate);
  const who = allowedWith.length === 0 ? 'nobody through this gateway' : allowedWith.map((a) => describe(policy, a)).join('; ');
  const withheld = (rules?.deny ?? [])
    .filter((rule) => rule.when.length > 0)
    .map((rule) => ` Withheld${rule.roles.length > 0 ? ` from ${rule.roles.join(', ')}` : ''} when ${rule.when.join(' and ')}.`);
  return `${VISIBILITY_PREFIX}${who}.${[...new Set(withheld)].join('')}`;
}

/**
 * The supergraph SDL with each field's visibility appended to its description (a paragraph of its own),
 * for every field the policy has rules for. Everything else is left as it is.
 */
export function withVisibility(supergraphSdl: string, policy: Policy): string {
  const document = parse(supergraphSdl);
  const described = visit(document, {
    enter(node) {
      if (node.kind !== Kind.OBJECT_TYPE_DEFINITION && node.kind !== Kind.OBJECT_TYPE_EXTENSION) return undefined;
      const typeName = node.name.value;
      const fields = node.fields?.map((field): FieldDefinitionNode => {
        const coordinate = `${typeName}.${field.name.value}`;
        if (!policy.fields.has(coordinate)) return field;
        const text = [field.description?.value, visibilityOf(policy, coordinate)].filter(Boolean).join('\n\n');
        const description: StringValueNode = { kind: Kind.STRING, value: text, block: true };
        return { ...field, description };
      });
      return { ...node, fields };
    },
  });
  return print(described);
}

function describe(policy: Policy, alternative: AllowedWith): string {
  const byIncident = alternative.roles.every((role) => policy.needToKnowByRole.get(role)?.has('incident') === true);
  const need = alternative.caseNumber ? (byIncident ? ' with a case or incident number' : ' with a case number') : '';
  const when = alternative.when.length > 0 ? ` when ${alternative.when.join(' and ')}` : '';
  return `${alternative.roles.join(', ')} stating ${alternative.purposes.join('/')}${need}${when}`;
}
