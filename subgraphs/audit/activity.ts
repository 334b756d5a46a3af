import { percentile } from '../../audit/detectors/burst-support.ts';
import type { AuditEvent } from '../../audit/event.ts';
import { badUserInput } from '../common/errors.ts';
import type { AuditContext } from './context.ts';
import { scopedOri, scopeOf } from './scope.ts';
import { parseTimeRange, parseUserId, parseWord } from './validate.ts';

/**
 * A user's activity over time beside their peer group's, for the audit console's chart (CJIS Security
 * Policy 5.4.3: review of unusual use). Lookups are the user's requests the policy decided (outcome
 * ALLOWED or DENIED); refusals before a decision (token, purpose, limits) are not lookups. The peer group is
 * the detectors' (audit/detectors/unexplained-volume.ts): the other users of the same agency with the same
 * roles — here as the trail knows them, i.e. those who made at least one request in the period (the audit
 * subgraph has no personnel roster). Each bucket gives the user's count and the peers' median and 90th
 * percentile (nearest rank), a peer without requests in the bucket counting 0.
 */

export const ACTIVITY_BUCKETS = ['HOUR', 'DAY'] as const;
export type ActivityBucket = (typeof ACTIVITY_BUCKETS)[number];
const BUCKET_MS: Record<ActivityBucket, number> = { HOUR: 3_600_000, DAY: 86_400_000 };
/** At most this many buckets: 31 days of hours, a year of days. */
export const MAX_BUCKETS: Record<ActivityBucket, number> = { HOUR: 744, DAY: 366 };
/** Events of the agency read at most; a busier period is answered from the newest ones and marked truncated. */
export const MAX_SCANNED_EVENTS = 200_000;
const PAGE = 2000;
const LOOKUP_OUTCOMES = new Set(['ALLOWED', 'DENIED']);

export interface UserActivity {
  userId: string;
  ori: string;
  roles: string[];
  bucket: ActivityBucket;
  from: string;
  to: string;
  total: number;
  peers: string[];
  points: { start: string; count: number; peerMedian: number | null; peerP90: number | null }[];
  truncated: boolean;
}

interface ActivityArgs {
  userId: string;
  from: string;
  to: string;
  bucket?: string | null;
}

export async function userActivity(_: unknown, args: ActivityArgs, ctx: AuditContext): Promise<UserActivity | null> {
  const userId = parseUserId(args.userId);
  const range = parseTimeRange(args.from, args.to) as { from: string; to: string };
  const bucket = parseWord(args.bucket ?? 'DAY', ACTIVITY_BUCKETS, 'bucket', 'bucket');
  const size = BUCKET_MS[bucket];
  const first = Math.floor(Date.parse(range.from) / size) * size;
  const buckets = Math.ceil((Date.parse(range.to) - first) / size);
  if (buckets > MAX_BUCKETS[bucket]) {
    throw badUserInput('to', `${buckets} ${bucket.toLowerCase()}s is too long a period: ask for at most ${MAX_BUCKETS[bucket]}.`);
  }
  const scoped = scopedOri(scopeOf(ctx.caller), undefined);
  if (!scoped) return null;
  // The user's latest request in the period names their agency and roles; none visible: nothing to compare.
  const [latest] = await ctx.store.events({ userId, ori: scoped.ori, ...range, limit: 1 });
  if (!latest?.ori) return null;
  const roles = [...latest.roles].sort();
  const group = roles.join(',');

  const counts = new Map<string, number[]>(); // user id → lookups per bucket
  let scanned = 0;
  let beforeSeq: number | undefined;
  let truncated = false;
  for (;;) {
    const page: AuditEvent[] = await ctx.store.events({ ori: latest.ori, ...range, limit: PAGE, beforeSeq });
    for (const event of page) {
      if (event.userId === null || !LOOKUP_OUTCOMES.has(event.outcome)) continue;
      if (event.userId !== userId && [...event.roles].sort().join(',') !== group) continue;
      const index = Math.floor((Date.parse(event.time) - first) / size);
      if (index < 0 || index >= buckets) continue;
      let series = counts.get(event.userId);
      if (!series) counts.set(event.userId, (series = new Array<number>(buckets).fill(0)));
      series[index]++;
    }
    scanned += page.length;
    if (page.length < PAGE) break;
    if (scanned >= MAX_SCANNED_EVENTS) {
      truncated = true;
      break;
    }
    beforeSeq = page[page.length - 1].seq;
  }

  const own = counts.get(userId) ?? new Array<number>(buckets).fill(0);
  const peers = [...counts.keys()].filter((id) => id !== userId).sort();
  const points = own.map((count, i) => {
    const values = peers.map((peer) => counts.get(peer)![i]);
    return {
      start: new Date(first + i * size).toISOString(),
      count,
      peerMedian: values.length === 0 ? null : median(values),
      // Nearest-rank, as the detectors compute it.
      peerP90: values.length === 0 ? null : percentile(values, 0.9),
    };
  });
  return {
    userId,
    ori: latest.ori,
    roles,
    bucket,
    ...range,
    total: own.reduce((sum, n) => sum + n, 0),
    peers,
    points,
    truncated,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
