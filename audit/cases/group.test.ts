import { describe, expect, it } from 'vitest';
import type { AlertInput } from '../alert.ts';
import { groupAlerts } from './group.ts';

function alert(overrides: Partial<AlertInput> & Pick<AlertInput, 'key' | 'time'>): AlertInput {
  return {
    detector: 'relationshipLookup',
    severity: 'MEDIUM',
    userId: 'u-1',
    ori: 'CA0190100',
    summary: `alert ${overrides.key}`,
    eventSeqs: [1],
    facts: {},
    subjectId: 'P0000001',
    ...overrides,
  };
}

const DAY = 24 * 3600_000;
const at = (days: number): string => new Date(Date.UTC(2026, 10, 1) + days * DAY).toISOString();

describe('groupAlerts', () => {
  it('puts one user × subject within the window into one draft: max severity, union of evidence and detectors', () => {
    const drafts = groupAlerts([
      alert({ key: 'b', time: at(3), severity: 'HIGH', detector: 'protectedPerson', eventSeqs: [7, 9], signals: ['PROTECTED'] }),
      alert({ key: 'a', time: at(0), severity: 'LOW', eventSeqs: [2, 7], signals: ['EX_SPOUSE'] }),
      alert({ key: 'c', time: at(13), severity: 'MEDIUM', eventSeqs: [20], signals: ['EX_SPOUSE', 'UNEXPLAINED'] }),
    ]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      key: `u-1|P0000001|${at(0)}`,
      userId: 'u-1',
      ori: 'CA0190100',
      subjectId: 'P0000001',
      severity: 'HIGH',
      from: at(0),
      to: at(13),
      eventSeqs: [2, 7, 9, 20],
      detectors: ['protectedPerson', 'relationshipLookup'],
      signals: ['EX_SPOUSE', 'PROTECTED', 'UNEXPLAINED'],
      alertKeys: ['a', 'b', 'c'],
    });
  });

  it('separates users, subjects and windows; alerts without a subject group per user', () => {
    const drafts = groupAlerts([
      alert({ key: 'a', time: at(0) }),
      alert({ key: 'b', time: at(1), userId: 'u-2' }),
      alert({ key: 'c', time: at(2), subjectId: 'P0000002' }),
      alert({ key: 'd', time: at(14) }), // 14 days after the first: a new draft
      alert({ key: 'e', time: at(3), subjectId: undefined, detector: 'peerVolume' }),
      alert({ key: 'f', time: at(4), subjectId: undefined, detector: 'offShift' }),
    ]);
    expect(drafts.map((d) => [d.userId, d.subjectId, d.alertKeys])).toEqual([
      ['u-1', 'P0000001', ['a']],
      ['u-2', 'P0000001', ['b']],
      ['u-1', 'P0000002', ['c']],
      ['u-1', null, ['e', 'f']],
      ['u-1', 'P0000001', ['d']],
    ]);
  });

  it('is deterministic whatever the input order, and counts an alert key once', () => {
    const alerts = [alert({ key: 'a', time: at(0) }), alert({ key: 'b', time: at(0) }), alert({ key: 'c', time: at(5), userId: 'u-2' })];
    const once = groupAlerts(alerts);
    expect(groupAlerts([...alerts].reverse())).toEqual(once);
    expect(groupAlerts([...alerts, ...alerts])).toEqual(once);
    expect(groupAlerts([])).toEqual([]);
  });

  it('honours a custom window and refuses a bad one or a bad time', () => {
    expect(groupAlerts([alert({ key: 'a', time: at(0) }), alert({ key: 'b', time: at(2) })], { windowMs: DAY })).toHaveLength(2);
    expect(() => groupAlerts([], { windowMs: 0 })).toThrow(/positive/);
    expect(() => groupAlerts([alert({ key: 'a', time: 'yesterday' })])).toThrow(/invalid time/);
  });
});
