/**
 * Acceptance for misuse cases ("cases, not alerts"), end to end through the gateway: the planted officer
 * (u-misuse-1) looks up his ex-spouse, his neighbour's plate and a celebrity without a case; detection
 * files the alerts into cases; a DOJ auditor and the agency's coordinator triage the ex-spouse case
 * (assign → FOUNDED, with notes), another agency's coordinator cannot see or touch it; filters and totals;
 * the audit report (GraphQL) and its CSV and HTML export (`npm run audit -- report`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDetection } from '../audit/detect.ts';
import { DETECTORS } from '../audit/detectors/index.ts';
import { openDetectionFacts, type OpenDetectionFacts } from '../audit/facts.ts';
import type { ManagedAuditStore } from '../audit/store-common.ts';
import { REPO_ROOT } from '../common/config.ts';
import { PERSONNEL_PEOPLE, PERSONNEL_USERS } from '../generator/personnel.ts';
import { headersFor, type TestCaller } from './support/callers.ts';
import { startStack, type Stack } from './support/stack.ts';

const misuser: TestCaller = {
  sub: PERSONNEL_USERS.misuse.userId,
  ori: PERSONNEL_USERS.misuse.ori,
  roles: ['PATROL_OFFICER'],
  purpose: 'C',
};
const auditor: TestCaller = { sub: 'doj-auditor-1', ori: 'CA0349400', roles: ['DOJ_AUDITOR'], purpose: 'A' };
const ownCoordinator: TestCaller = { sub: 'coord-own', ori: misuser.ori, roles: ['AGENCY_COORDINATOR'], purpose: 'A' };
const otherCoordinator: TestCaller = { sub: 'coord-other', ori: 'CA0370000', roles: ['AGENCY_COORDINATOR'], purpose: 'A' };

const exSpouse = PERSONNEL_PEOPLE.exSpouse.personId;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let stack: Stack;
let facts: OpenDetectionFacts;

async function ask<T = Record<string, unknown>>(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await stack.query<T>(query, variables, await headersFor(caller));
  expect(status).toBe(200);
  return body;
}

const CASES = `query Cases($filter: MisuseCaseFilter) { misuseCases(filter: $filter, first: 50) {
  totals { total byStatus { key count } bySeverity { key count } byDetector { key count } }
  edges { node { id userId ori subjectId severity status assignee detectors summaries } } } }`;
interface CaseNode {
  id: string;
  userId: string;
  ori: string;
  subjectId: string | null;
  severity: string;
  status: string;
  assignee: string | null;
  detectors: string[];
}
interface Count {
  key: string;
  count: number;
}
interface Cases {
  misuseCases: {
    totals: { total: number; byStatus: Count[]; bySeverity: Count[]; byDetector: Count[] };
    edges: { node: CaseNode }[];
  } | null;
}

async function cases(caller: TestCaller, filter: Record<string, unknown> = {}) {
  const body = await ask<Cases>(caller, CASES, { filter });
  expect(body.errors).toBeUndefined();
  return body.data!.misuseCases!;
}

let exSpouseCase: CaseNode;

beforeAll(async () => {
  const dataDir = inject('dataDir');
  stack = await startStack({ dataDir });
  facts = openDetectionFacts(dataDir);
  await ask(misuser, `{ person(id: "${exSpouse}") { name { full } dob vehicles { plate } } }`);
  await ask(
    misuser,
    `{ vehicle(plate: "${PERSONNEL_PEOPLE.neighbour.vehicle.plate}", state: "CA") { make model registeredOwner { name { full } } } }`,
  );
  await ask(misuser, `{ person(id: "${PERSONNEL_PEOPLE.celebrity.personId}") { name { full } dob } }`);
  await runDetection(stack.audit, facts, DETECTORS, { afterSeq: 0 });
});

afterAll(async () => {
  facts?.close();
  await stack?.stop();
});

describe('misuse cases through the gateway', () => {
  it("detection files the planted officer's alerts into cases: one per person he looked up, the ex-spouse's among them", async () => {
    const { edges, totals } = await cases(auditor, { userId: misuser.sub });
    const nodes = edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(1);
    expect(nodes.every((n) => n.userId === misuser.sub && n.ori === misuser.ori && n.status === 'OPEN')).toBe(true);
    exSpouseCase = nodes.find((n) => n.subjectId === exSpouse)!;
    expect(exSpouseCase).toMatchObject({ severity: 'HIGH', assignee: null, detectors: expect.arrayContaining(['relativeLookup']) });
    // One case per user × subject: no two cases about the same person in the window.
    expect(new Set(nodes.map((n) => n.subjectId)).size).toBe(nodes.length);
    expect(totals.total).toBe(nodes.length);
    expect(totals.byStatus.find((c) => c.key === 'OPEN')!.count).toBe(nodes.length);
    // Running detection again adds nothing: no duplicate case.
    await runDetection(stack.audit, facts, DETECTORS, { afterSeq: 0 });
    expect((await cases(auditor, { userId: misuser.sub })).totals.total).toBe(nodes.length);
  });

  it("another agency's coordinator neither sees the case nor can change it; the officer's own coordinator sees it", async () => {
    expect((await cases(otherCoordinator)).edges).toEqual([]);
    expect((await cases(otherCoordinator, { userId: misuser.sub })).totals.total).toBe(0);
    const one = await ask(otherCoordinator, `query($id: ID!) { misuseCase(id: $id) { id status } }`, { id: exSpouseCase.id });
    expect(one.data).toEqual({ misuseCase: null });
    const change = await ask(
      otherCoordinator,
      `mutation($id: ID!) { addMisuseCaseNote(id: $id, note: "mine now", idempotencyKey: "other-1") { id } }`,
      { id: exSpouseCase.id },
    );
    expect(change.errors![0].message).toMatch(new RegExp(`no misuse case ${exSpouseCase.id}`));
    const own = await cases(ownCoordinator, { subjectId: exSpouse });
    expect(own.edges.map((e) => e.node.id)).toEqual([exSpouseCase.id]);
    // Nobody without an audit role gets anything.
    const officer = await ask(misuser, CASES, {});
    expect(officer.data).toEqual({ misuseCases: null });
    expect(officer.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('triage: the auditor assigns it to the coordinator, who resolves it FOUNDED; the history shows every change, the trail every request', async () => {
    const HISTORY = 'status assignee history { by action fromStatus toStatus assignee note }';
    const assigned = await ask<{ assignMisuseCase: { status: string; assignee: string } }>(
      auditor,
      `mutation Assign($id: ID!) { assignMisuseCase(id: $id, assignee: "${ownCoordinator.sub}", note: "Interview the officer.", idempotencyKey: "assign-1") { ${HISTORY} } }`,
      { id: exSpouseCase.id },
    );
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignMisuseCase).toMatchObject({ status: 'ASSIGNED', assignee: ownCoordinator.sub });
    await ask(
      ownCoordinator,
      `mutation Note($id: ID!) { addMisuseCaseNote(id: $id, note: "Officer admits the lookup; no case.", idempotencyKey: "note-1") { id } }`,
      { id: exSpouseCase.id },
    );
    const RESOLVE = `mutation Resolve($id: ID!) { resolveMisuseCase(id: $id, status: "FOUNDED", note: "Personal lookup of ex-spouse, no need to know.", idempotencyKey: "resolve-1") { ${HISTORY} } }`;
    const resolved = await ask<{ resolveMisuseCase: { status: string; history: Record<string, unknown>[] } }>(ownCoordinator, RESOLVE, {
      id: exSpouseCase.id,
    });
    expect(resolved.errors).toBeUndefined();
    const history = resolved.data!.resolveMisuseCase.history;
    expect(history.map((h) => [h.by, h.action, h.fromStatus, h.toStatus, h.note])).toEqual([
      ['detection', 'OPENED', null, 'OPEN', expect.any(String)],
      [auditor.sub, 'ASSIGNED', 'OPEN', 'ASSIGNED', 'Interview the officer.'],
      [ownCoordinator.sub, 'NOTE', 'ASSIGNED', 'ASSIGNED', 'Officer admits the lookup; no case.'],
      [ownCoordinator.sub, 'RESOLVED', 'ASSIGNED', 'FOUNDED', 'Personal lookup of ex-spouse, no need to know.'],
    ]);
    // A retry of the same request changes nothing.
    const retried = await ask<{ resolveMisuseCase: { history: unknown[] } }>(ownCoordinator, RESOLVE, { id: exSpouseCase.id });
    expect(retried.data!.resolveMisuseCase.history).toEqual(history);
    // A resolved case is final.
    const reopen = await ask(
      auditor,
      `mutation($id: ID!) { assignMisuseCase(id: $id, assignee: "x", idempotencyKey: "assign-2") { id } }`,
      {
        id: exSpouseCase.id,
      },
    );
    expect(reopen.errors![0]).toMatchObject({ message: expect.stringMatching(/final/), extensions: { code: 'BAD_USER_INPUT' } });

    // Every triage request is in the audit trail, naming the case.
    const trail = [
      ...(await stack.audit.query({ userId: auditor.sub, limit: 100 })),
      ...(await stack.audit.query({ userId: ownCoordinator.sub, limit: 100 })),
    ];
    const triage = trail.filter((e) => ['Assign', 'Note', 'Resolve'].includes(e.operationName ?? ''));
    expect(triage.map((e) => e.operationName).sort()).toEqual(['Assign', 'Note', 'Resolve', 'Resolve']);
    expect(triage.every((e) => e.outcome === 'ALLOWED' && e.purpose === 'A')).toBe(true);
    expect(triage.every((e) => e.records.includes(`MisuseCase:${exSpouseCase.id}`))).toBe(true);
    expect(trail.find((e) => e.operationName === 'Assign')!.fieldsDisclosed).toEqual(
      expect.arrayContaining(['Mutation.assignMisuseCase', 'MisuseCase.history']),
    );
  });

  it('filters and totals: by status, severity and detector', async () => {
    const founded = await cases(auditor, { status: 'FOUNDED' });
    expect(founded.edges.map((e) => e.node.id)).toEqual([exSpouseCase.id]);
    const all = await cases(auditor, { userId: misuser.sub });
    expect(all.totals.byStatus).toEqual(expect.arrayContaining([{ key: 'FOUNDED', count: 1 }]));
    expect(all.totals.byDetector.find((c) => c.key === 'relativeLookup')!.count).toBeGreaterThanOrEqual(1);
    const relatives = await cases(auditor, { detector: 'relativeLookup' });
    expect(relatives.edges.map((e) => e.node.id)).toContain(exSpouseCase.id);
    expect((await cases(auditor, { severity: 'HIGH', subjectId: exSpouse })).totals.total).toBe(1);
    expect((await cases(auditor, { from: day(2) })).totals.total).toBe(0);
    const bad = await ask(auditor, CASES, { filter: { severity: 'URGENT' } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("the audit report on the officer: every inquiry with purpose, case and what was seen, his cases, and the chain's state", async () => {
    const body = await ask<{
      auditReport: {
        inquiryCount: number;
        inquiries: {
          seq: string;
          purpose: string;
          caseNumber: string | null;
          caseStatus: string | null;
          outcome: string;
          subjects: string[];
          views: { kind: string }[];
        }[];
        misuseCases: { id: string; status: string }[];
        chain: { ok: boolean; checked: number; latestSeq: string; latestHash: string };
      };
    }>(
      auditor,
      `query Report($user: String, $from: String!, $to: String!) { auditReport(userId: $user, from: $from, to: $to) {
        userId from to inquiryCount truncated
        inquiries { seq time purpose caseNumber caseStatus incidentNumber incidentStatus outcome subjects records views { kind personId } fieldsDisclosed }
        misuseCases { id status }
        chain { ok checked latestSeq latestHash problem } } }`,
      { user: misuser.sub, from: day(-1), to: day(1) },
    );
    expect(body.errors).toBeUndefined();
    const report = body.data!.auditReport;
    // His three lookups, then his attempt to read the misuse cases (refused, and recorded).
    expect(report.inquiryCount).toBe(4);
    expect(report.inquiries.map((i) => [i.purpose, i.caseNumber, i.outcome])).toEqual([
      ['C', null, 'ALLOWED'],
      ['C', null, 'ALLOWED'],
      ['C', null, 'ALLOWED'],
      ['C', null, 'DENIED'],
    ]);
    expect(report.inquiries[0].subjects).toContain(exSpouse);
    expect(report.misuseCases).toEqual(expect.arrayContaining([{ id: exSpouseCase.id, status: 'FOUNDED' }]));
    const [latest] = await stack.audit.query({ limit: 1 });
    expect(report.chain).toMatchObject({ ok: true });
    expect(Number(report.chain.latestSeq)).toBeLessThanOrEqual(latest.seq);
    expect(report.chain.checked).toBeGreaterThanOrEqual(Number(report.chain.latestSeq));
  });
});

describe('npm run audit -- report', { timeout: 180_000 }, () => {
  const run = promisify(execFile);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-report-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function report(format: 'csv' | 'html'): Promise<{ text: string; stderr: string }> {
    const out = path.join(dir, `report.${format}`);
    const args = ['--user', misuser.sub, '--from', day(-1), '--to', day(1), '--format', format, '--out', out];
    const { stderr } = await run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/audit.ts'), 'report', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', AUDIT_DB: (stack.audit as ManagedAuditStore).location },
    });
    return { text: readFileSync(out, 'utf8'), stderr };
  }

  it('CSV: a header and one row per inquiry of the officer (his three lookups and his refused attempt at the cases)', async () => {
    const { text, stderr } = await report('csv');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,time,user_id,user_name,ori,purpose,case_number,case_status,incident_number,incident_status,outcome,operation,subjects,records,views,fields_disclosed,fields_denied,reason,hash',
    );
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).every((line) => line.includes(`,${misuser.sub},`) && line.includes(`,${misuser.ori},C,`))).toBe(true);
    expect(lines[1]).toContain(exSpouse);
    expect(stderr).toMatch(/4 inquiries, \d+ misuse cases, chain OK through seq \d+/);
  });

  it('HTML: one self-contained, print-ready page with the chain result, the cases and the inquiries', async () => {
    const { text } = await report('html');
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain('@media print');
    expect(text).toContain('INTACT');
    expect(text).toContain(`Audit report: user ${misuser.sub}`);
    expect(text).toContain('FOUNDED');
    expect(text).toContain(exSpouse);
    expect(text).not.toMatch(/<(script|link|img)\b|\bsrc=|https?:\/\//i);
  });
});
