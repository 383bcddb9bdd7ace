// Recognises the server behind a policy URL by behaviour: the `owned_by` of its models (each server
// writes its own name there), then the server's own info endpoint, which also tells llama.cpp's slot
// count (its largest `n`) and Ollama's version (logprobs came in 0.12.11). Never throws.
import type { ServerKind } from '../../shared/api';

export interface ServerInfo {
  kind: ServerKind;
  /** The largest `n` one request may ask for; null when unbounded or unknown. */
  maxN: number | null;
  version: string | null;
}

/** `owned_by` values as each server writes them (see docs/servers.md for the source files). */
const OWNERS: Record<string, ServerKind> = {
  vllm: 'vllm',
  sglang: 'sglang',
  llamacpp: 'llamacpp',
  library: 'ollama',
  organization_owner: 'lmstudio',
  openai: 'openai',
  system: 'openai',
  'openai-internal': 'openai',
};

/** Each server's own info endpoint, at the origin (not under /v1). */
const INFO_PATHS: Array<[ServerKind, string]> = [
  ['llamacpp', '/props'],
  ['ollama', '/api/version'],
  ['vllm', '/version'],
  ['sglang', '/get_server_info'],
  ['lmstudio', '/api/v0/models'],
];

export function origin(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export async function detectServer(
  baseUrl: string,
  owner: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ServerInfo> {
  let kind: ServerKind = (owner && OWNERS[owner]) || 'unknown';
  if (kind === 'unknown' && /(^|\.)openai\.com$/.test(hostOf(baseUrl))) kind = 'openai';
  const get = (path: string) => getJson(origin(baseUrl) + path, headers, timeoutMs, signal);
  if (kind === 'unknown') {
    const answers = await Promise.all(INFO_PATHS.map(async ([k, path]) => [k, await get(path)] as const));
    kind = answers.find(([k, body]) => body !== null && looksLike(k, body))?.[0] ?? 'unknown';
  }
  if (kind === 'llamacpp') {
    const props = await get('/props');
    const slots = record(props)?.total_slots;
    return { kind, maxN: typeof slots === 'number' && slots >= 1 ? slots : null, version: stringField(record(props)?.build_info) };
  }
  if (kind === 'ollama' || kind === 'vllm') {
    return { kind, maxN: null, version: stringField(record(await get(kind === 'ollama' ? '/api/version' : '/version'))?.version) };
  }
  return { kind, maxN: null, version: null };
}

/** Whether an info endpoint's body is that server's (a catch-all server may answer every path). */
function looksLike(kind: ServerKind, body: unknown): boolean {
  const r = record(body);
  if (!r) return false;
  if (kind === 'llamacpp') return 'total_slots' in r || 'default_generation_settings' in r;
  if (kind === 'ollama' || kind === 'vllm') return typeof r.version === 'string' && Object.keys(r).length <= 2;
  if (kind === 'sglang') return 'version' in r || 'model_path' in r || 'tokenizer_path' in r;
  return Array.isArray(r.data) && r.object === 'list' && r.data.some((m) => record(m)?.type === 'llm');
}

async function getJson(url: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  try {
    const timeout = AbortSignal.timeout(Math.min(timeoutMs, 10_000));
    const response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (!response.ok) return null;
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function stringField(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Ollama returns logprobs from 0.12.11 on. */
export function ollamaHasLogprobs(version: string | null): boolean {
  if (!version) return true;
  const [major, minor, patch] = version.split(/[.-]/).map((x) => Number(x));
  if (![major, minor, patch].every(Number.isFinite)) return true;
  return major > 0 || minor > 12 || (minor === 12 && patch >= 11);
}
