import type { AuditView } from '../../audit/event.ts';

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
 * The person and record ids come from selections the gateway adds before planning (AUDIT_INPUTS below,
 * under `_authz_` aliases), so they are known even when the caller did not ask for an id.
 */
export class Disclosure {
  readonly fields = new Set<string>();
  readonly subjects = new Set<string>();
  readonly records = new Set<string>();
  private readonly viewKeys = new Set<string>();
  readonly views: AuditView[] = [];
  /** Residence address objects of the response -> the person they belong to (DmvAddress carries no id). */
  private readonly residences = new WeakMap<object, string>();

  /** Called for every field whose value (not null) is returned to the caller. */
  disclosed(typeName: string, fieldName: string, parent: Readonly<Record<string, unknown>>, value: unknown): void {
    this.fields.add(`${typeName}.${fieldName}`);
    switch (typeName) {
      case 'Person': {
        const id = parent._authz_id;
        if (typeof id !== 'string') return;
        this.subjects.add(id);
        if (fieldName === 'residenceAddress' && typeof value === 'object' && value !== null) this.residences.set(value, id);
        return;
      }
      case 'DmvAddress':
        if (ADDRESS_LINES.has(fieldName)) this.view('HOME_ADDRESS', this.residences.get(parent));
        return;
      case 'Vehicle':
        this.record('Vehicle', parent._authz_vin);
        // NCIC's stolen-vehicle reports on a vehicle are not its DMV registration.
        if (fieldName !== 'stolenVehicleReports') this.view('VEHICLE_REGISTRATION', idOf(parent._authz_owner));
        return;
      case 'ProtectionOrder':
        this.record('ProtectionOrder', parent._authz_nic);
        this.view('PROTECTION_ORDER', idOf(parent._authz_restrained));
        for (const protectedPerson of (parent._authz_protected as { person?: unknown }[] | null | undefined) ?? []) {
          this.view('PROTECTION_ORDER', idOf(protectedPerson?.person));
        }
        return;
      case 'WantedPersonRecord':
      case 'MissingPersonRecord':
      case 'SexOffenderRecord':
        this.record(typeName, parent._authz_nic);
        return;
      case 'CriminalHistory': {
        this.record('CriminalHistory', parent._authz_cii);
        // A criminal history disclosed is a disclosure about its subject, even when no Person field is asked.
        const subject = idOf(parent._authz_subject);
        if (subject) this.subjects.add(subject);
        return;
      }
      case 'AdministrativeMessage':
      case 'HitConfirmation':
      case 'RecordChallenge':
      case 'RecordCorrectionNotice':
        this.record(typeName, parent._authz_rid);
        return;
      default:
    }
  }

  /**
   * Called for a record withheld as if it did not exist (record-gate.ts): nothing of it is disclosed, but
   * the auditor still sees who was looked up, as `AskedAbout:Type:id` records.
   */
  withheld(typeName: string, record: Readonly<Record<string, unknown>>): void {
    switch (typeName) {
      case 'Person':
        this.askedAbout('Person', record._authz_id);
        return;
      case 'CriminalHistory':
        this.askedAbout('CriminalHistory', record._authz_cii);
        this.askedAbout('Person', idOf(record._authz_subject));
        return;
      default:
    }
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

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Prefix of the `records` entries that name a record asked about but withheld (not disclosed). */
export const ASKED_ABOUT = 'AskedAbout:';

/** The DmvAddress fields that say where someone lives: one of them returned makes a home-address view. */
const ADDRESS_LINES: ReadonlySet<string> = new Set(['street', 'city', 'zip']);

/** Selections added to every selection set of these types so that the audit knows whose data it is. */
export const AUDIT_INPUTS: Readonly<Record<string, string>> = {
  Person: '_authz_id: id',
  Vehicle: '_authz_vin: vin _authz_owner: registeredOwner { id }',
  ProtectionOrder: '_authz_nic: nic _authz_restrained: restrainedPerson { id } _authz_protected: protectedPersons { person { id } }',
  WantedPersonRecord: '_authz_nic: nic',
  MissingPersonRecord: '_authz_nic: nic',
  SexOffenderRecord: '_authz_nic: nic',
  CriminalHistory: '_authz_cii: cii _authz_subject: subject { id }',
  AdministrativeMessage: '_authz_rid: id',
  HitConfirmation: '_authz_rid: id',
  RecordChallenge: '_authz_rid: id',
  RecordCorrectionNotice: '_authz_rid: id',
};
