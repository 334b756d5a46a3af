import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, print, visit, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../common/config.ts';
import { apiSchemaOfSupergraph } from '../policy/api-schema.ts';
import { loadPolicy } from '../policy/load.ts';
import { visibilityOf, withVisibility } from './visibility.ts';

const supergraphSdl = readFileSync(path.join(REPO_ROOT, 'supergraph.graphql'), 'utf8');
const policyDir = path.join(REPO_ROOT, 'policies');
const policy = loadPolicy(policyDir, apiSchemaOfSupergraph(supergraphSdl));

describe('who may see a field, in words', () => {
  it('lists the roles and purposes of each grant, the case number they need and the conditions', () => {
    expect(visibilityOf(policy, 'ProtectionOrder.confidential')).toBe(
      'Visible to: COURT_CLERK stating C/D; INVESTIGATOR, COURT_CLERK stating D with a case number.',
    );
    expect(visibilityOf(policy, 'AuditEvent.userId')).toBe(
      'Visible to: DOJ_AUDITOR stating A; AGENCY_COORDINATOR stating A when recordIsOwnAgency.',
    );
  });

  it('says when a deny rule withholds the field on some records, and when nobody may see it', () => {
    expect(visibilityOf(policy, 'DmvAddress.street')).toMatch(/ Withheld when addressIsSafeAtHome\./);
    expect(visibilityOf(policy, 'ApplicantCheck.subject')).toBe('Visible to: nobody through this gateway.');
  });
});

describe('the supergraph the gateway serves', () => {
  const served = withVisibility(supergraphSdl, policy);
  const api = apiSchemaOfSupergraph(served);

  it('appends the line to every field the policy decides, after the description it had', () => {
    const before = apiSchemaOfSupergraph(supergraphSdl);
    const ssn = (api.getType('CriminalHistory') as GraphQLObjectType).getFields().ssn.description;
    const original = (before.getType('CriminalHistory') as GraphQLObjectType).getFields().ssn.description;
    expect(ssn).toBe(`${original}\n\n${visibilityOf(policy, 'CriminalHistory.ssn')}`);
    for (const coordinate of policy.fields.keys()) {
      const [type, field] = coordinate.split('.');
      const description = (api.getType(type) as GraphQLObjectType).getFields()[field].description ?? '';
      expect(description.split('Visible to: ').length, coordinate).toBe(2);
    }
  });

  it('changes nothing else: the same API schema apart from descriptions', () => {
    const withoutDescriptions = (sdl: string) =>
      print(
        visit(parse(sdl), {
          enter: (node) => ('description' in node && node.description ? { ...node, description: undefined } : undefined),
        }),
      );
    expect(withoutDescriptions(served)).toBe(withoutDescriptions(supergraphSdl));
  });
});
