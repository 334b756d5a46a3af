import type { RequestHandler } from 'express';
import { publicLimits, type LimitsConfig } from './config.ts';

/**
 * `GET /limits`: the operation limits, rate limits and source deadlines in force, as JSON (numbers only,
 * no store address), so that a policy officer or client developer can see what a refusal refers to.
 */
export function limitsRoute(config: LimitsConfig): RequestHandler {
  const body = publicLimits(config);
  return (_req, res) => {
    res.status(200).json(body);
  };
}
