import type { AuditView } from '../../audit/event.ts';
import { AUDITED_TYPES, auditAlias, auditInputs, personIdsAt } from './record-kinds.ts';

/**
 * What one request actually disclosed, collected while the shield pass builds the response: the field
 * coordinates that carried a value, the persons and records they belonged to, and the sensitive views
 * (home address, vehicle registration, protection order) by person.
 *
 * A view is recorded only when the data that makes it left: an address line of the person's residence
 * address (not an address whose lines were all denied), a field of one of their vehicles (not an empty
 * vehicle list), a field of a protection order naming them. Views feed the misuse detectors, so a view
 * that did not happen is a false accusation.
 *
 * What is recorded about each type is declared once, in record-kinds.ts. The person and record ids come
 * from selections the gateway adds before planning (AUDIT_INPUTS, derived from those declarations, under
 * `_authz_` aliases), so they are known even when the caller did not ask for an id.
 */
export class Disclosure {
  readonly fields = new Set<string>();
  readonly subjects = new Set<string>();
  readonly records = new Set<string>();
  private readonly viewKeys = new Set<string>();
  readonly views: AuditView[] = [];
  /** Objects reached by a `view` entry's `reachedBy` field (residence addresses) -> the person they belong to. */
  private readonly reachedFrom = new WeakMap<object, string>();
  /** Rules (`id (file:line)`) that allowed a field decided on data, by coordinate. */
  private readonly releasedOnData = new Map<string, Set<string>>();

  /** Called for every field whose value (not null) is returned to the caller. */
  disclosed(typeName: string, fieldName: string, parent: Readonly<Record<string, unknown>>, value: unknown): void {
    this.fields.add(`${typeName}.${fieldName}`);
    const entry = AUDITED_TYPES[typeName];
    switch (entry?.kind) {
      case 'person': {
        const id = parent[auditAlias(entry.id)];
        if (typeof id !== 'string') return;
        this.subjects.add(id);
        if (REACHING_FIELDS.has(`${typeName}.${fieldName}`) && typeof value === 'object' && value !== null) this.reachedFrom.set(value, id);
        return;
      }
      case 'view':
        if (entry.fields.includes(fieldName)) this.view(entry.view, this.reachedFrom.get(parent));
        return;
      case 'record': {
        this.record(typeName, parent[auditAlias(entry.id)]);
        for (const path of entry.subjects ?? []) personIdsAt(parent, path).forEach((id) => this.subjects.add(id));
        const view = entry.view;
        if (view && !view.notBy?.includes(fieldName)) {
          for (const path of view.of) personIdsAt(parent, path).forEach((id) => this.view(view.kind, id));
        }
        return;
      }
      default:
    }
  }

  /**
   * Called for a record withheld as if it did not exist (record-gate.ts): nothing of it is disclosed, but
   * the auditor still sees who was looked up, as `AskedAbout:Type:id` records (and its subjects as
   * `AskedAbout:Person:id`).
   */
  withheld(typeName: string, record: Readonly<Record<string, unknown>>): void {
    const entry = AUDITED_TYPES[typeName];
    if (entry?.kind !== 'person' && entry?.kind !== 'record') return;
    this.askedAbout(typeName, record[auditAlias(entry.id)]);
    if (entry.kind === 'record') {
      for (const path of entry.subjects ?? []) personIdsAt(record, path).forEach((id) => this.askedAbout('Person', id));
    }
  }

  /** Called by the shield when a rule allowed a field on a record (its value may still be null). */
  released(coordinate: string, rules: readonly string[]): void {
    let found = this.releasedOnData.get(coordinate);
    if (!found) this.releasedOnData.set(coordinate, (found = new Set()));
    for (const rule of rules) found.add(rule);
  }

  /**
   * `Person.name=person-identity (policies/grants.yaml:13)` for each disclosed coordinate and the rule that
   * released it: noted on the data, else the context-only rule (`staticRules`). Built once per request.
   */
  releasedBy(staticRules: (coordinate: string) => readonly string[]): string[] {
    const lines: string[] = [];
    for (const coordinate of [...this.fields].sort()) {
      const onData = this.releasedOnData.get(coordinate);
      const rules = onData ? [...onData].sort() : staticRules(coordinate);
      for (const rule of rules) lines.push(`${coordinate}=${rule}`);
    }
    return lines;
  }

  private askedAbout(type: string, id: unknown): void {
    if (typeof id === 'string') this.records.add(`${ASKED_ABOUT}${type}:${id}`);
  }

  private record(type: string, id: unknown): void {
    if (typeof id === 'string') this.records.add(`${type}:${id}`);
  }

  private view(kind: AuditView['kind'], personId: string | undefined): void {
    if (!personId) return;
    const key = `${kind}:${personId}`;
    if (this.viewKeys.has(key)) return;
    this.viewKeys.add(key);
    this.views.push({ kind, personId });
  }
}

/** Prefix of the `records` entries that name a record asked about but withheld (not disclosed). */
export const ASKED_ABOUT = 'AskedAbout:';

/** Person fields whose object value a `view` entry needs to trace back to the person (`reachedBy`). */
const REACHING_FIELDS: ReadonlySet<string> = new Set(
  Object.values(AUDITED_TYPES).flatMap((entry) => (entry.kind === 'view' ? [entry.reachedBy] : [])),
);

/** Selections added to every selection set of these types so that the audit knows whose data it is. */
export const AUDIT_INPUTS: Readonly<Record<string, string>> = auditInputs();
