import { IN_KEYS, keyList, type Store } from '../common/store.ts';
import type { NameRecordType } from './search.ts';

/** SQL of the cjis subgraph: one function per statement, each batched over a list of keys. */

export interface PersonRow {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  race: string;
  dob: string;
  height: number | null;
  weight: number | null;
  eye: string | null;
  hair: string | null;
  skin: string | null;
  fbi: string | null;
  cii: string | null;
  oln: string | null;
  ols: string | null;
}

export interface NameRow {
  person_id: string;
  name_type: NameRecordType;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  dob: string;
}

/** A name record with the person's sex, as name search needs it. */
export interface CandidateRow extends NameRow {
  sex: string;
}

export interface IIIRecordRow {
  fbi: string;
  person_id: string;
  multi_state: number;
  updated_at: string;
}

export interface IIIStateRow {
  fbi: string;
  state: string;
  sid: string;
}

export interface IIICycleRow {
  fbi: string;
  state: string;
  arrest_date: string;
  ori: string;
  offense: string;
  disposition: string;
}

const PERSON_COLUMNS = 'id, last_name, first_name, middle_name, sex, race, dob, height, weight, eye, hair, skin, fbi, cii, oln, ols';

export function personsById(store: Store, ids: readonly string[]): PersonRow[] {
  return store.all<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id ${IN_KEYS}`, keyList(ids));
}

export function personsByFbi(store: Store, fbis: readonly string[]): PersonRow[] {
  return store.all<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE fbi ${IN_KEYS}`, keyList(fbis));
}

export function personsByCii(store: Store, ciis: readonly string[]): PersonRow[] {
  return store.all<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE cii ${IN_KEYS}`, keyList(ciis));
}

/** Persons holding any of these licence numbers, whatever the licence state (callers filter on `ols`). */
export function personsByOln(store: Store, olns: readonly string[]): PersonRow[] {
  return store.all<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons WHERE oln ${IN_KEYS}`, keyList(olns));
}

/** Every name record of these persons except the primary one, in a stable order. */
export function knownNamesByPerson(store: Store, personIds: readonly string[]): NameRow[] {
  return store.all<NameRow>(
    `SELECT person_id, name_type, last_name, first_name, middle_name, dob FROM person_names
     WHERE person_id ${IN_KEYS} AND name_type <> 'PRIMARY'
     ORDER BY person_id, name_type, last_name, first_name, dob`,
    keyList(personIds),
  );
}

/**
 * Name-search candidates: records whose last-name Soundex is `soundex` and whose DOB lies in
 * [from, to] or is one of `otherDobs` (typo variants), with the person's sex. Written as two ORed
 * (soundex, dob) conditions so SQLite searches the (last_soundex, dob) index twice (MULTI-INDEX OR)
 * instead of scanning every record with the Soundex code, with or without ANALYZE statistics.
 */
export function searchCandidates(store: Store, soundex: string, from: string, to: string, otherDobs: readonly string[]): CandidateRow[] {
  return store.all<CandidateRow>(
    `SELECT n.person_id, n.name_type, n.last_name, n.first_name, n.middle_name, n.dob, p.sex
     FROM person_names n JOIN persons p ON p.id = n.person_id
     WHERE (n.last_soundex = ? AND n.dob BETWEEN ? AND ?) OR (n.last_soundex = ? AND n.dob ${IN_KEYS})`,
    soundex,
    from,
    to,
    soundex,
    keyList(otherDobs),
  );
}

export function iiiRecordsByPerson(store: Store, personIds: readonly string[]): IIIRecordRow[] {
  return store.all<IIIRecordRow>(
    `SELECT fbi, person_id, multi_state, updated_at FROM iii_records WHERE person_id ${IN_KEYS}`,
    keyList(personIds),
  );
}

export function iiiStatesByFbi(store: Store, fbis: readonly string[]): IIIStateRow[] {
  return store.all<IIIStateRow>(`SELECT fbi, state, sid FROM iii_states WHERE fbi ${IN_KEYS} ORDER BY fbi, state`, keyList(fbis));
}

export function iiiCyclesByFbi(store: Store, fbis: readonly string[]): IIICycleRow[] {
  return store.all<IIICycleRow>(
    `SELECT fbi, state, arrest_date, ori, offense, disposition FROM iii_cycles
     WHERE fbi ${IN_KEYS} ORDER BY fbi, arrest_date, state`,
    keyList(fbis),
  );
}
