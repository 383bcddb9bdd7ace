// The budget meter: generations (the paper's unit) are reserved before they are requested, so
// concurrent callers can never overshoot; tokens, requests, verifier calls and failures are counted.
import { emptyUsage, type StopInfo, type Usage } from '../shared/events';

/** An adaptive stop and the figure behind it. */
export type EarlyStop = { reason: 'settled'; confidence: number } | { reason: 'low-gain'; gain: number };

export class BudgetMeter {
  private reserved = 0;
  /** Why adaptive stopping ended the run, with its figure (confidence or gain), once it has. */
  private earlyStop: EarlyStop | null = null;
  private readonly usage: Usage = emptyUsage();

  constructor(
    readonly budget: number,
    private readonly tokenCap = 0,
    private readonly parameters = 0,
  ) {
    if (!Number.isInteger(budget) || budget < 1) throw new Error(`the budget must be a whole number of generations >= 1, got ${budget}`);
  }

  get remaining(): number {
    if (this.tokenCapReached) return 0;
    return this.budget - this.reserved;
  }

  get tokenCapReached(): boolean {
    return this.tokenCap > 0 && this.usage.tokens >= this.tokenCap;
  }

  /** Reserves up to `count` generations; returns how many were granted (0 when spent). */
  reserve(count: number): number {
    const granted = Math.max(0, Math.min(count, this.remaining));
    this.reserved += granted;
    this.usage.generations = this.reserved;
    return granted;
  }

  /** A reserved generation whose retries were exhausted: it stays spent and is counted as failed. */
  fail(count = 1): void {
    this.usage.failedGenerations += count;
  }

  /** A reservation never sent (cancelled before its request went out) is given back. */
  unreserve(count: number): void {
    this.reserved -= Math.min(count, this.reserved);
    this.usage.generations = this.reserved;
  }

  countRequest(): void {
    this.usage.requests += 1;
  }

  countVerifierCall(count = 1): void {
    this.usage.verifierCalls += count;
  }

  countTokens(promptTokens: number, completionTokens: number): void {
    this.usage.promptTokens += promptTokens;
    this.usage.completionTokens += completionTokens;
    this.usage.tokens = this.usage.promptTokens + this.usage.completionTokens;
    if (this.parameters > 0) this.usage.flops = 2 * this.parameters * this.usage.tokens;
  }

  /** Adaptive stopping ended the run: the vote is settled, or drawing on would gain too little. */
  stopEarly(stop: EarlyStop): void {
    this.earlyStop = stop;
  }

  /** How much of the ceiling was spent and why the run stopped drawing. */
  stopInfo(cancelled: boolean): StopInfo {
    const spent = this.usage.generations;
    const base = { spent, ceiling: this.budget };
    if (cancelled) return { reason: 'cancelled', ...base };
    if (this.earlyStop) return { ...this.earlyStop, ...base };
    if (this.tokenCapReached) return { reason: 'token-cap', ...base };
    return { reason: spent >= this.budget ? 'budget' : 'done', ...base };
  }

  snapshot(): Usage {
    return { ...this.usage };
  }
}
