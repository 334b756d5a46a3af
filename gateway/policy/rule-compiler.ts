import type { GraphQLSchema } from 'graphql';
import { isRole, parsePurpose, PURPOSE_NAMES, PURPOSES, ROLES, type Purpose, type Role } from '../../common/vocabulary.ts';
import { CONDITIONS } from './conditions/index.ts';
import { didYouMean } from './problems.ts';
import type { PolicySections, RawRule, RawRuleSet, Report } from './policy-sections.ts';
import type { AllowRule, DenyRule } from './types.ts';
import type { Segments } from './yaml-source.ts';

/**
 * Step 2 of compiling a policy: resolve names. Roles and the purposes each may state, groups of roles,
 * grants, and the rules that name them — every unknown name is a problem at the line it is written.
 */

const PURPOSE_WORDS = [...PURPOSES, ...Object.values(PURPOSE_NAMES)];

/** A rule list compiled: allow rules (grants resolved) and deny rules. */
export interface CompiledSet {
  allow: AllowRule[] | undefined;
  deny: DenyRule[];
}

export class RuleCompiler {
  /** Grants, compiled where they are written, whether or not a field uses them. */
  readonly grants = new Map<string, AllowRule>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly sections: PolicySections,
    private readonly report: Report,
  ) {}

  /** The purposes each role may state (`roles:`). */
  purposesByRole(): Map<Role, Set<Purpose>> {
    const purposesByRole = new Map<Role, Set<Purpose>>();
    for (const [name, { value, file }] of this.sections.roles) {
      if (!isRole(name)) {
        this.report(file, ['roles', name], `unknown role "${name}"${didYouMean(name, ROLES)}`);
        continue;
      }
      const purposes = new Set<Purpose>();
      value.purposes.forEach((raw, i) => {
        const purpose = parsePurpose(raw);
        if (purpose) purposes.add(purpose);
        else this.report(file, ['roles', name, 'purposes', i], `unknown purpose "${raw}"${didYouMean(raw, PURPOSE_WORDS)}`);
      });
      purposesByRole.set(name, purposes);
    }
    return purposesByRole;
  }

  /** Every member of every group is a role. */
  checkGroups(): void {
    for (const [name, { value, file }] of this.sections.groups) {
      value.forEach((member, i) => {
        if (!isRole(member))
          this.report(file, ['groups', name, i], `unknown role "${member}" in group ${name}${didYouMean(member, ROLES)}`);
      });
    }
  }

  compileGrants(): void {
    for (const [name, { value, file }] of this.sections.grants) {
      this.grants.set(name, this.compileRuleBody(name, value, file, ['grants', name]));
    }
  }

  /** A type default or field rule list (`[grant, …]` or `{ allow, deny }`) for fields of `typeName`. */
  compileSet(set: RawRuleSet | undefined, typeName: string, file: string, at: Segments): CompiledSet | undefined {
    if (!set) return undefined;
    const allowList = Array.isArray(set) ? set : set.allow;
    const allowAt = Array.isArray(set) ? at : [...at, 'allow'];
    const denyList = Array.isArray(set) ? [] : (set.deny ?? []);
    return {
      allow: allowList?.map((entry, i) => this.compileAllow(entry, typeName, file, [...allowAt, i])).filter((r): r is AllowRule => !!r),
      deny: denyList.map((rule, i) => this.compileDeny(rule as RawRule, typeName, file, [...at, 'deny', i])),
    };
  }

  resolvePurposeList(raw: readonly string[], file: string, at: Segments): Purpose[] {
    return raw.flatMap((name, i) => {
      const purpose = parsePurpose(name);
      if (!purpose) this.report(file, [...at, i], `unknown purpose "${name}"${didYouMean(name, PURPOSE_WORDS)}`);
      return purpose ? [purpose] : [];
    });
  }

  private resolveRoles(names: readonly string[], file: string, at: Segments): Role[] {
    const groups = this.sections.groups;
    const result = new Set<Role>();
    names.forEach((name, i) => {
      if (isRole(name)) result.add(name);
      else if (groups.has(name)) groups.get(name)!.value.forEach((member) => isRole(member) && result.add(member));
      else this.report(file, [...at, i], `unknown role or group "${name}"${didYouMean(name, [...ROLES, ...groups.keys()])}`);
    });
    return [...result];
  }

  private resolvePurposes(raw: unknown, file: string, at: Segments): Purpose[] | 'any' {
    return raw === 'any' ? 'any' : this.resolvePurposeList(raw as string[], file, at);
  }

  private resolveConditions(raw: unknown, typeName: string, file: string, at: Segments): string[] {
    const names = (raw as string[] | undefined) ?? [];
    names.forEach((name, i) => {
      const condition = CONDITIONS.get(name);
      if (!condition) this.report(file, [...at, i], `unknown condition "${name}"${didYouMean(name, [...CONDITIONS.keys()])}`);
      else if (!(typeName in condition.needs)) {
        this.report(
          file,
          [...at, i],
          `condition "${name}" cannot be evaluated on ${typeName} (only on ${Object.keys(condition.needs).join(', ')})`,
        );
      } else if (isRootType(this.schema, typeName)) {
        this.report(file, [...at, i], `root fields (${typeName}) cannot depend on data: their decision must be made before anything runs`);
      }
    });
    return names;
  }

  private compileRuleBody(id: string, rule: RawRule, file: string, at: Segments): AllowRule {
    return {
      id,
      source: `${file}:${this.sections.lineAt(file, at)}`,
      roles: this.resolveRoles(rule.roles as string[], file, [...at, 'roles']),
      purposes: this.resolvePurposes(rule.purposes, file, [...at, 'purposes']),
      caseNumberRequired: rule.caseNumber === 'required',
      when: (rule.when as string[] | undefined) ?? [],
      reason: rule.reason as string | undefined,
    };
  }

  private compileAllow(entry: unknown, typeName: string, file: string, at: Segments): AllowRule | undefined {
    if (typeof entry === 'string') {
      const grant = this.grants.get(entry);
      if (!grant) {
        this.report(file, at, `unknown grant "${entry}"${didYouMean(entry, [...this.sections.grants.keys()])}`);
        return undefined;
      }
      // A grant's conditions must make sense on each type that uses it.
      return { ...grant, when: this.resolveConditions(grant.when, typeName, file, at) };
    }
    const rule = this.compileRuleBody((entry as RawRule).id as string, entry as RawRule, file, at);
    return { ...rule, when: this.resolveConditions(rule.when, typeName, file, [...at, 'when']) };
  }

  private compileDeny(rule: RawRule, typeName: string, file: string, at: Segments): DenyRule {
    return {
      id: rule.id as string,
      source: `${file}:${this.sections.lineAt(file, at)}`,
      roles: rule.roles ? this.resolveRoles(rule.roles as string[], file, [...at, 'roles']) : [],
      exceptRoles: rule.exceptRoles ? this.resolveRoles(rule.exceptRoles as string[], file, [...at, 'exceptRoles']) : [],
      purposes: rule.purposes ? this.resolvePurposes(rule.purposes, file, [...at, 'purposes']) : 'any',
      when: this.resolveConditions(rule.when, typeName, file, [...at, 'when']),
      reason: rule.reason as string,
    };
  }
}

function isRootType(schema: GraphQLSchema, typeName: string): boolean {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].some((t) => t?.name === typeName);
}
