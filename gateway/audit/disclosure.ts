import type { AuditView } from './event.ts';

/**
 * What one request actually disclosed, collected while the shield pass builds the response: the field
 * coordinates that carried a value, the persons and records they belonged to, and the sensitive views
 * (home address, vehicle registration, protection order) by person.
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

  /** Called for every field whose value is returned to the caller. */
  disclosed(typeName: string, fieldName: string, parent: Readonly<Record<string, unknown>>): void {
    this.fields.add(`${typeName}.${fieldName}`);
    switch (typeName) {
      case 'Person': {
        const id = parent._authz_id;
        if (typeof id !== 'string') return;
        this.subjects.add(id);
        if (fieldName === 'residenceAddress') this.view('HOME_ADDRESS', id);
        if (fieldName === 'vehicles') this.view('VEHICLE_REGISTRATION', id);
        return;
      }
      case 'Vehicle':
        this.record('Vehicle', parent._authz_vin);
        this.view('VEHICLE_REGISTRATION', idOf(parent._authz_owner));
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
