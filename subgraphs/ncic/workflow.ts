import { randomInt } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { now, today } from '../common/clock.ts';
import { badUserInput } from '../common/errors.ts';
import { runOnce } from '../common/idempotency.ts';
import type { SubgraphContext } from '../common/subgraph.ts';
import type { Loaders } from './loaders.ts';
import { ordersByNic, type OrderRow } from './queries.ts';
import { parseNic } from './parse.ts';
import {
  checkExpiry,
  checkFirearms,
  parseConditions,
  parseDate,
  parseIdempotencyKey,
  parseOrderInput,
  parseServiceInput,
  parseText,
  type ProofOfServiceInput,
  type ProtectionOrderInput,
} from './workflow-parse.ts';
import * as w from './workflow-queries.ts';

/**
 * CLETS order workflows: a court clerk enters an order, modifies or terminates it, and records proof of service.
 * Each mutation validates its input, then writes atomically; a retry with the same idempotency key by the same
 * caller returns the first result and writes nothing. Only the entering agency (ORI) may change an order.
 */

type Context = SubgraphContext<Loaders>;

function refuse(message: string, code = 'FORBIDDEN'): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * Runs `write` (returning the NIC it touched) in one transaction under an idempotency key: a known key
 * returns the order it first returned, writing nothing. Returns the order as stored afterwards.
 */
function idempotent(ctx: Context, operation: string, rawKey: string, write: () => string): OrderRow | null {
  const nic = runOnce(ctx.store, ctx.caller.sub, parseIdempotencyKey(rawKey), operation, write);
  return ordersByNic(ctx.store, [nic])[0] ?? null;
}

/** The order `nic`, which the caller's agency entered and which is not terminated. */
function ownOpenOrder(ctx: Context, nic: string): OrderRow {
  const order = ordersByNic(ctx.store, [nic])[0];
  if (!order) throw refuse(`No protection order with NIC ${nic}.`, 'NOT_FOUND');
  if (order.ori !== ctx.caller.ori) {
    throw refuse(`Protection order ${nic} was entered by agency ${order.ori}; only that agency may change it.`);
  }
  if (order.status === 'TERMINATED') throw refuse(`Protection order ${nic} is terminated; it can no longer be changed.`);
  return order;
}

function digits(n: number): string {
  return Array.from({ length: n }, () => String(randomInt(10))).join('');
}

function enterProtectionOrder(_: unknown, args: { input: ProtectionOrderInput; idempotencyKey: string }, ctx: Context) {
  const order = parseOrderInput(args.input, now());
  return idempotent(ctx, 'enterProtectionOrder', args.idempotencyKey, () => {
    let nic: string;
    let fcn: string;
    do {
      nic = `H${digits(9)}`;
      fcn = `${today().slice(0, 4)}${digits(9)}`;
    } while (w.orderNumberTaken(ctx.store, nic, fcn));
    w.insertOrder(ctx.store, {
      nic,
      fcn,
      personId: order.restrained.personId ?? '',
      name: order.restrained.name,
      sex: order.restrained.sex,
      race: order.restrained.race,
      dob: order.restrained.dob,
      orderType: order.orderType,
      form: order.form,
      issueDate: order.issueDate,
      expiryDate: order.expiryDate,
      issuingCourt: order.issuingCourt,
      courtCaseNumber: order.courtCaseNumber,
      firearmProhibited: order.firearmProhibited,
      ori: ctx.caller.ori,
      enteredAt: now().toISOString(),
    });
    w.replaceConditions(ctx.store, nic, order.conditions);
    w.insertProtectedPersons(ctx.store, nic, order.protectedPersons);
    if (order.confidential) w.insertConfidential(ctx.store, nic, order.confidential);
    return nic;
  });
}

interface ProtectionOrderChanges {
  expiryDate?: string | null;
  conditions?: string[] | null;
  firearmProhibited?: boolean | null;
}

function modifyProtectionOrder(_: unknown, args: { nic: string; changes: ProtectionOrderChanges; idempotencyKey: string }, ctx: Context) {
  const nic = parseNic(args.nic);
  const { changes } = args;
  const expiryDate = changes.expiryDate == null ? null : parseDate(changes.expiryDate, 'changes.expiryDate');
  const conditions = changes.conditions == null ? null : parseConditions(changes.conditions, 'changes.conditions');
  const firearmProhibited = changes.firearmProhibited ?? null;
  if (expiryDate === null && conditions === null && firearmProhibited === null) {
    throw badUserInput('changes', 'give at least one of expiryDate, conditions, firearmProhibited.');
  }
  return idempotent(ctx, 'modifyProtectionOrder', args.idempotencyKey, () => {
    const order = ownOpenOrder(ctx, nic);
    if (expiryDate !== null) checkExpiry(order.orderType, order.issueDate, expiryDate, today(), 'changes.expiryDate');
    if (firearmProhibited !== null) checkFirearms(order.orderType, firearmProhibited, 'changes.firearmProhibited');
    w.updateOrder(ctx.store, nic, { expiryDate, firearmProhibited });
    if (conditions !== null) w.replaceConditions(ctx.store, nic, conditions);
    return nic;
  });
}

function terminateProtectionOrder(_: unknown, args: { nic: string; reason: string; idempotencyKey: string }, ctx: Context) {
  const nic = parseNic(args.nic);
  const reason = parseText(args.reason, 'reason', 500);
  return idempotent(ctx, 'terminateProtectionOrder', args.idempotencyKey, () => {
    ownOpenOrder(ctx, nic);
    w.terminateOrder(ctx.store, nic, { reason, on: today(), by: ctx.caller.sub });
    return nic;
  });
}

function recordProofOfService(_: unknown, args: { nic: string; input: ProofOfServiceInput; idempotencyKey: string }, ctx: Context) {
  const nic = parseNic(args.nic);
  const service = parseServiceInput(args.input, now());
  return idempotent(ctx, 'recordProofOfService', args.idempotencyKey, () => {
    const order = ownOpenOrder(ctx, nic);
    if (order.served) throw refuse(`Service of protection order ${nic} is already recorded.`);
    if (service.servedAt < order.issueDate) {
      throw badUserInput('input.servedAt', `${service.servedAt} is before the order was issued (${order.issueDate}).`);
    }
    const parties = w.partyNames(ctx.store, nic).map((name) => {
      const [last = '', rest = ''] = name.split(', ');
      return `${last}, ${rest.split(' ')[0] ?? ''}`;
    });
    if (parties.includes(service.servedBy)) {
      throw badUserInput('input.serverLastName', 'the server may not be a party to the order.');
    }
    w.recordService(ctx.store, nic, {
      ...service,
      recordedAt: now().toISOString(),
      recordedBy: ctx.caller.sub,
    });
    return nic;
  });
}

export const workflowMutations = {
  enterProtectionOrder,
  modifyProtectionOrder,
  terminateProtectionOrder,
  recordProofOfService,
};
