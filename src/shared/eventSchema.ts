// zod schemas of every SolveEvent (and SolveResult), for tests and any consumer that parses events
// from the wire. They mirror events.ts; a type-level check below fails the build if they drift.
import { z } from 'zod';
import type { SolveEvent, SolveResult } from './events';
import { STRATEGY_NAMES } from './strategies';

const t = z.number().min(0);
const strategyName = z.enum(STRATEGY_NAMES);
const count = z.number().int().min(0);

export const usageSchema = z
  .object({
    generations: count,
    failedGenerations: count,
    promptTokens: count,
    completionTokens: count,
    tokens: count,
    requests: count,
    verifierCalls: count,
    flops: z.number().min(0).optional(),
  })
  .strict();

export const stopInfoSchema = z
  .object({
    reason: z.enum(['settled', 'low-gain', 'budget', 'token-cap', 'cancelled', 'done']),
    spent: count,
    ceiling: z.number().int().min(1),
    confidence: z.number().min(0).max(1).optional(),
    gain: z.number().min(-1).max(1).optional(),
  })
  .strict();

export const voteSchema = z.object({ answer: z.string(), weight: z.number(), count: count, candidateIds: z.array(z.string()) }).strict();

const score01 = z.number().min(0).max(1);

export const solveEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('started'),
      t,
      runId: z.string().min(1),
      problem: z.string(),
      budget: z.number().int().min(1),
      strategy: z.union([strategyName, z.literal('auto')]),
      stepDelimiter: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('difficulty'),
      t,
      bin: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
      signal: z.enum(['verifier', 'agreement', 'fixed']),
      value: z.number(),
      probe: z.array(z.string()),
    })
    .strict(),
  z
    .object({
      type: z.literal('route'),
      t,
      strategy: strategyName,
      params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
      reason: z.string().min(1),
      workarounds: z.array(z.string().min(1)).min(1).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('candidate'),
      t,
      id: z.string().min(1),
      parentId: z.string().optional(),
      chain: count.optional(),
      revisionOf: z.string().optional(),
      round: count.optional(),
      origin: z.enum(['probe', 'sample', 'beam', 'lookahead-rollout', 'revision']),
    })
    .strict(),
  z
    .object({
      type: z.literal('delta'),
      t,
      candidateId: z.string(),
      text: z.string(),
      restart: z.boolean().optional(),
      thinking: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('step'), t, candidateId: z.string(), index: count, text: z.string() }).strict(),
  z.object({ type: z.literal('score'), t, candidateId: z.string(), stepIndex: count, score: score01 }).strict(),
  z.object({ type: z.literal('pruned'), t, candidateId: z.string(), round: count }).strict(),
  z
    .object({
      type: z.literal('final'),
      t,
      candidateId: z.string(),
      answer: z.string().nullable(),
      score: score01.optional(),
      accepted: z.boolean().optional(),
      thinking: z.string().optional(),
    })
    .strict(),
  usageSchema.extend({ type: z.literal('usage'), t, stopped: stopInfoSchema.optional() }).strict(),
  z
    .object({
      type: z.literal('result'),
      t,
      answer: z.string().nullable(),
      votes: z.array(voteSchema),
      bestCandidateId: z.string().nullable(),
      usage: usageSchema,
      elapsedMs: z.number().min(0),
      partial: z.boolean().optional(),
      stopped: stopInfoSchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('error'), t, message: z.string().min(1), fatal: z.boolean() }).strict(),
]);

export const solveResultSchema = z
  .object({
    runId: z.string(),
    answer: z.string().nullable(),
    votes: z.array(voteSchema),
    bestCandidateId: z.string().nullable(),
    usage: usageSchema,
    elapsedMs: z.number().min(0),
    strategy: strategyName.nullable(),
    partial: z.boolean(),
    stopped: stopInfoSchema.optional(),
    error: z.string().optional(),
  })
  .strict();

// Compile-time drift check: parsed values must be assignable to the hand-written types and back.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventsMatch: Same<z.infer<typeof solveEventSchema>, SolveEvent> = true;
const resultsMatch: Same<z.infer<typeof solveResultSchema>, SolveResult> = true;
void eventsMatch;
void resultsMatch;
